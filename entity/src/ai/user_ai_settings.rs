//! A user's AI preferences (seed 003), one row per user.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A user's AI preferences (seed 003), one row per user.
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
#[sea_orm(table_name = "user_ai_settings")]
#[graphql(name = "UserAiSettingsRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose settings.
    #[sea_orm(unique)]
    pub user_id: Uuid,
    /// Model used unless another is asked for.
    pub default_model_id: Option<Uuid>,
    /// Suggest tags for new content.
    pub auto_tagging: bool,
    /// Suggest titles for new content.
    pub auto_titles: bool,
    /// Preferred writing tone.
    pub tone: String,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `user_ai_settings` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Whose settings.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
    /// Model used unless another is asked for.
    #[sea_orm(
        belongs_to = "crate::ai::ai_models::Entity",
        from = "Column::DefaultModelId",
        to = "crate::ai::ai_models::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    DefaultModel,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<crate::ai::ai_models::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DefaultModel.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
