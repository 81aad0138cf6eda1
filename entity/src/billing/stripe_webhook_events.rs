//! Stripe webhook deliveries; service role only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Stripe webhook deliveries; service role only.
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
#[sea_orm(table_name = "stripe_webhook_events")]
#[graphql(name = "StripeWebhookEventRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stripe's event id; a redelivery collides here.
    #[sea_orm(unique)]
    pub event_id: String,
    /// Stripe's event type, e.g. `invoice.paid`.
    pub r#type: String,
    /// The event as delivered.
    #[sea_orm(column_type = "JsonBinary")]
    pub payload: Json,
    /// When it was processed.
    pub processed_at: Option<DateTimeWithTimeZone>,
    /// Why processing failed, if it did.
    pub error: Option<String>,
    /// When it was received.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `stripe_webhook_events` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
