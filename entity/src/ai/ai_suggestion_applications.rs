//! Which parts of an AI suggestion a user applied (seed 003).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Which parts of an AI suggestion a user applied (seed 003).
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
#[sea_orm(table_name = "ai_suggestion_applications")]
#[graphql(name = "AiSuggestionApplicationRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The suggestion applied.
    pub suggestion_id: Uuid,
    /// Who applied it.
    pub user_id: Uuid,
    /// The title taken, if any.
    pub applied_title: Option<String>,
    /// The tags taken.
    pub applied_tags: Vec<String>,
    /// When it was applied.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `ai_suggestion_applications` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The suggestion applied.
    #[sea_orm(
        belongs_to = "crate::ai::ai_suggestions::Entity",
        from = "Column::SuggestionId",
        to = "crate::ai::ai_suggestions::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Suggestion,
    /// Who applied it.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<crate::ai::ai_suggestions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Suggestion.def()
    }
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
