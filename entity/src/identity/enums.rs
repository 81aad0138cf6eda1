//! Enum-like columns of the identity tables. Each is `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Account-level role kept on `users.role`; finer-grained application roles live in
/// `user_roles`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "AccountRole")]
pub enum AccountRole {
    /// An ordinary account.
    #[sea_orm(string_value = "user")]
    User,
    /// An administrator account.
    #[sea_orm(string_value = "admin")]
    Admin,
}

/// Subscription tier shown on a profile.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "ProfileTier")]
pub enum ProfileTier {
    /// Free tier.
    #[sea_orm(string_value = "explorer")]
    Explorer,
    /// Paid tier for active creators.
    #[sea_orm(string_value = "creator")]
    Creator,
    /// Top tier for studios and world builders.
    #[sea_orm(string_value = "realm_builder")]
    RealmBuilder,
}

/// Billing state of a paid subscription.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "SubscriptionStatus")]
pub enum SubscriptionStatus {
    /// Paid and current.
    #[sea_orm(string_value = "active")]
    Active,
    /// In a free trial.
    #[sea_orm(string_value = "trialing")]
    Trialing,
    /// A payment failed; access continues for now.
    #[sea_orm(string_value = "past_due")]
    PastDue,
    /// Ended by the user or by billing.
    #[sea_orm(string_value = "canceled")]
    Canceled,
    /// Temporarily suspended.
    #[sea_orm(string_value = "paused")]
    Paused,
}

/// Colour scheme of the user interface.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "UiMode")]
pub enum UiMode {
    /// Always light.
    #[sea_orm(string_value = "light")]
    Light,
    /// Always dark.
    #[sea_orm(string_value = "dark")]
    Dark,
    /// Follow the device setting.
    #[sea_orm(string_value = "system")]
    System,
}

/// Application role granted through `user_roles`, checked by `has_role()`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "AppRole")]
pub enum AppRole {
    /// Default role of every account.
    #[sea_orm(string_value = "user")]
    User,
    /// May publish as a creator.
    #[sea_orm(string_value = "creator")]
    Creator,
    /// May moderate content.
    #[sea_orm(string_value = "moderator")]
    Moderator,
    /// May manage roles and everything else.
    #[sea_orm(string_value = "admin")]
    Admin,
}
