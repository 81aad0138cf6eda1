//! Plans: price, monthly credits, concurrency and monthly quotas. Public read.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Plans: price, monthly credits, concurrency and monthly quotas. Public read.
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
#[sea_orm(table_name = "subscription_tiers")]
#[graphql(name = "SubscriptionTierRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stable identifier (`free`, `pro`, `team`, `enterprise`).
    #[sea_orm(unique)]
    pub slug: String,
    /// Display name.
    pub name: String,
    /// What the tier offers.
    pub description: String,
    /// Monthly price in US cents.
    pub price_cents: i32,
    /// Credits granted at the start of each month.
    pub monthly_credits: i64,
    /// Agent runs that may be active at once.
    pub max_concurrent_runs: i32,
    /// Monthly quota per metric (`syncs`, `ai_analyses`, `seo_submissions`); a missing or null metric is unlimited.
    #[sea_orm(column_type = "JsonBinary")]
    pub quotas: Json,
    /// Whether new subscriptions may choose it.
    pub is_active: bool,
    /// Position in plan listings.
    pub sort_order: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `subscription_tiers` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
