//! Public profiles (seed 004): one per user, sharing the user's id; readable by everyone.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ProfileTier, SubscriptionStatus};

/// Public profiles: one per user, sharing the user's id; readable by everyone.
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
// The payment provider's ids (`stripe_customer_id`, `stripe_subscription_id`) have no
// field: the API roles may not select them (column grants); billing writes them as the
// service role.
#[sea_orm(table_name = "profiles")]
#[graphql(name = "ProfileRecord")]
pub struct Model {
    /// Primary key; equal to the owning `users.id`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique handle: 3 to 30 lowercase letters, digits or underscores.
    #[sea_orm(unique)]
    pub username: String,
    /// Name shown in the interface.
    pub display_name: Option<String>,
    /// URL of the profile picture.
    pub avatar_url: Option<String>,
    /// Short biography.
    pub bio: Option<String>,
    /// Public member number such as `ARC-000123`, assigned on creation.
    #[sea_orm(unique)]
    pub arcanean_id: String,
    /// Subscription tier.
    pub tier: ProfileTier,
    /// Billing state of the paid subscription, if any.
    pub subscription_status: Option<SubscriptionStatus>,
    /// Free-form user preferences (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub preferences: Json,
    /// Whether onboarding is finished.
    pub onboarding_completed: bool,
    /// Current onboarding step, from 0.
    pub onboarding_step: i32,
    /// Number of published creations, kept by a trigger.
    pub creations_count: i32,
    /// Number of profiles following this one, kept by a trigger.
    pub followers_count: i32,
    /// Number of profiles this one follows, kept by a trigger.
    pub following_count: i32,
    /// Whether the account is active.
    pub is_active: bool,
    /// Verified-creator badge.
    pub is_verified: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed; counter updates and `last_active_at` do not count as
    /// changes.
    pub updated_at: DateTimeWithTimeZone,
    /// When the user was last active.
    pub last_active_at: Option<DateTimeWithTimeZone>,
}

/// Relations of `profiles` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
