//! AI providers (seed 003). Public read.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// AI providers (seed 003). Public read.
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
#[sea_orm(table_name = "ai_providers")]
#[graphql(name = "AiProviderRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stable identifier, e.g. `openai`.
    #[sea_orm(unique)]
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The provider's site.
    pub website_url: Option<String>,
    /// Whether it may be used.
    pub is_active: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `ai_providers` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
