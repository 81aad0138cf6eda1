//! AI-suggested titles and tags for a content item (seed 003).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// AI-suggested titles and tags for a content item (seed 003).
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
#[sea_orm(table_name = "ai_suggestions")]
#[graphql(name = "AiSuggestionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner of the content item.
    pub user_id: Uuid,
    /// The content item the suggestion is for.
    pub content_item_id: Uuid,
    /// The model that made it.
    pub model_id: Option<Uuid>,
    /// Suggested titles.
    pub suggested_titles: Vec<String>,
    /// Suggested tags.
    pub suggested_tags: Vec<String>,
    /// What generating it cost, in US cents.
    pub total_cost_cents: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `ai_suggestions` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Owner of the content item.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
    /// The model that made it.
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
