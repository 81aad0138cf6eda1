//! AI models of the providers (seed 003). Public read.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// AI models of the providers (seed 003). Public read.
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
#[sea_orm(table_name = "ai_models")]
#[graphql(name = "AiModelRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who serves it.
    pub provider_id: Uuid,
    /// The provider's model name, e.g. `gpt-4o-mini`.
    #[sea_orm(unique)]
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Largest prompt in tokens.
    pub context_window: i32,
    /// Cost of 1K prompt tokens, in 1/1000 of a US cent.
    pub input_cost_per_1k_microcents: i32,
    /// Cost of 1K completion tokens, in 1/1000 of a US cent.
    pub output_cost_per_1k_microcents: i32,
    /// Whether new users get it.
    pub is_default: bool,
    /// Whether it may be used.
    pub is_active: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `ai_models` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
