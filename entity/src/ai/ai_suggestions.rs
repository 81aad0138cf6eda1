//! AI-suggested titles and tags for a content item (seed 003).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// AI-suggested titles and tags for a content item (seed 003).
#[derive(
    Clone,
    Debug,
    Default,
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

/// Relations of `ai_suggestions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
