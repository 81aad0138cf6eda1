//! Which parts of an AI suggestion a user applied (seed 003).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Which parts of an AI suggestion a user applied (seed 003).
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

/// Relations of `ai_suggestion_applications` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
