//! AI token usage and cost per call (seed 003).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// AI token usage and cost per call (seed 003).
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
#[sea_orm(table_name = "ai_usage")]
#[graphql(name = "AiUsageRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who used it.
    pub user_id: Uuid,
    /// The model used.
    pub model_id: Option<Uuid>,
    /// What was done, e.g. `generate_tags`.
    pub operation: String,
    /// Prompt tokens.
    pub prompt_tokens: i32,
    /// Completion tokens.
    pub completion_tokens: i32,
    /// Cost in US cents.
    pub cost_cents: i32,
    /// When it happened.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `ai_usage` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Who used it.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
    /// The model used.
    #[sea_orm(
        belongs_to = "crate::ai::ai_models::Entity",
        from = "Column::ModelId",
        to = "crate::ai::ai_models::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Model,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<crate::ai::ai_models::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Model.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
