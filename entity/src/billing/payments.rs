//! Payments (seed 001); written by the payment provider's webhooks, read by their payer.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::PaymentStatus;

/// Payments (seed 001); written by the payment provider's webhooks, read by their payer.
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
#[sea_orm(table_name = "payments")]
#[graphql(name = "PaymentRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who paid (kept as null when the account is deleted).
    pub user_id: Option<Uuid>,
    /// The provider's order id.
    #[sea_orm(unique)]
    pub order_id: String,
    /// Amount in the currency's minor unit.
    pub amount_cents: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// Where the payment stands.
    pub status: PaymentStatus,
    /// What was bought.
    pub description: Option<String>,
    /// How it was paid, e.g. `paypal`, `stripe`.
    pub payment_method: String,
    /// Invoice details (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
    /// When the payment completed.
    pub completed_at: Option<DateTimeWithTimeZone>,
}

/// Relations of `payments` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
