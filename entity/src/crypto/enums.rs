//! Enum-like columns of the crypto tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A blockchain.
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
#[graphql(name = "WalletChain")]
pub enum WalletChain {
    /// Solana (base58 addresses).
    #[sea_orm(string_value = "solana")]
    Solana,
    /// Ethereum (0x addresses).
    #[sea_orm(string_value = "ethereum")]
    Ethereum,
    /// Polygon (0x addresses).
    #[sea_orm(string_value = "polygon")]
    Polygon,
}

/// What a transaction does.
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
#[graphql(name = "CryptoTransactionKind")]
pub enum CryptoTransactionKind {
    /// Funds in.
    #[sea_orm(string_value = "deposit")]
    Deposit,
    /// Funds out.
    #[sea_orm(string_value = "withdrawal")]
    Withdrawal,
    /// A purchase paid from the wallet.
    #[sea_orm(string_value = "purchase")]
    Purchase,
}

/// Where a transaction stands.
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
#[graphql(name = "CryptoTransactionStatus")]
pub enum CryptoTransactionStatus {
    /// Not confirmed yet.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Confirmed on chain.
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    /// Failed or dropped.
    #[sea_orm(string_value = "failed")]
    Failed,
}
