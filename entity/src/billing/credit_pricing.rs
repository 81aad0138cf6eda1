//! Credits charged per unit of each operation (seed 002). Public read.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Credits charged per unit of each operation (seed 002). Public read.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    DeriveEntityModel,
    Serialize,
    Deserialize,
    async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "credit_pricing")]
#[graphql(name = "CreditPricingRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stable operation name, e.g. `gpt-4-turbo.input`.
    #[sea_orm(unique)]
    pub operation: String,
    /// What is charged.
    pub description: String,
    /// What one unit is, e.g. `1k_tokens`, `second`, `item`.
    pub unit: String,
    /// Credits per unit (fractional; charges round up).
    pub credits_per_unit: f64,
    /// Whether the price applies.
    pub is_active: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `credit_pricing` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
