//! AI clones (seed 001): a configured model that works on tasks.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::CloneStatus;

/// AI clones (seed 001): a configured model that works on tasks.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    DeriveEntityModel,
    Serialize,
    Deserialize,
    async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "ai_clones")]
#[graphql(name = "AiCloneRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose clone.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// What the clone is for.
    pub description: Option<String>,
    /// The model behind it, e.g. `gpt-4`.
    pub model_type: String,
    /// Whether it takes tasks.
    pub status: CloneStatus,
    /// Model settings (`model_version`, `temperature`, `max_tokens`, ...).
    #[sea_orm(column_type = "JsonBinary")]
    pub config: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `ai_clones` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Whose clone.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
