//! Enum-like columns of the billing tables: `text` with a CHECK constraint in the database and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a credit ledger entry records.
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
#[graphql(name = "CreditTransactionKind")]
pub enum CreditTransactionKind {
    /// Credits added by the monthly grant.
    #[sea_orm(string_value = "grant")]
    Grant,
    /// Credits held for running work.
    #[sea_orm(string_value = "reserve")]
    Reserve,
    /// Credits spent.
    #[sea_orm(string_value = "consume")]
    Consume,
    /// Held credits given back, unspent.
    #[sea_orm(string_value = "release")]
    Release,
    /// Credits bought.
    #[sea_orm(string_value = "purchase")]
    Purchase,
    /// Credits returned after a refund.
    #[sea_orm(string_value = "refund")]
    Refund,
}

/// Where a payment stands.
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
#[graphql(name = "PaymentStatus")]
pub enum PaymentStatus {
    /// Order created, not yet paid.
    #[sea_orm(string_value = "created")]
    Created,
    /// Waiting for the provider.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Paid.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// The payment failed.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Paid, then refunded.
    #[sea_orm(string_value = "refunded")]
    Refunded,
    /// Abandoned before payment.
    #[sea_orm(string_value = "canceled")]
    Canceled,
}

/// What a monthly quota counts (seed 003).
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
#[graphql(name = "QuotaMetric")]
pub enum QuotaMetric {
    /// Content syncs from connected platforms.
    #[sea_orm(string_value = "syncs")]
    Syncs,
    /// AI analyses of content.
    #[sea_orm(string_value = "ai_analyses")]
    AiAnalyses,
    /// Search-engine submissions.
    #[sea_orm(string_value = "seo_submissions")]
    SeoSubmissions,
}
