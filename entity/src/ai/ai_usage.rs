//! AI token usage and cost per call (seed 003).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// AI token usage and cost per call (seed 003).
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

/// Relations of `ai_usage` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
