//! A user's current plan; written by the billing provider's webhooks (service role).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::SubscriptionStatus;

/// A user's current plan; written by the billing provider's webhooks (service role).
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
#[sea_orm(table_name = "subscriptions")]
#[graphql(name = "SubscriptionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Subscriber.
    #[sea_orm(unique)]
    pub user_id: Uuid,
    /// The plan.
    pub tier_id: Uuid,
    /// Lifecycle state.
    pub status: SubscriptionStatus,
    /// Start of the current billing cycle.
    pub cycle_start: DateTimeWithTimeZone,
    /// End of the current billing cycle.
    pub cycle_end: DateTimeWithTimeZone,
    /// Whether it ends when the cycle does.
    pub cancel_at_period_end: bool,
    /// Payment provider (e.g. `stripe`).
    pub provider: Option<String>,
    /// The provider's customer id.
    pub provider_customer_id: Option<String>,
    /// The provider's subscription id.
    #[sea_orm(unique)]
    pub provider_subscription_id: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `subscriptions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
