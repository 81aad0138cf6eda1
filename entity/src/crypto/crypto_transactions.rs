//! A deposit, withdrawal or purchase of a wallet.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{CryptoTransactionKind, CryptoTransactionStatus};

/// A deposit, withdrawal or purchase of a wallet.
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
#[sea_orm(table_name = "crypto_transactions")]
#[graphql(name = "CryptoTransactionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns it.
    pub user_id: Uuid,
    /// The wallet.
    pub wallet_id: Uuid,
    /// What it does.
    pub kind: CryptoTransactionKind,
    /// Amount (exact decimal, positive).
    pub amount: Decimal,
    /// Asset symbol, e.g. `ETH`.
    pub asset: String,
    /// On-chain transaction hash.
    pub tx_hash: Option<String>,
    /// Where it stands.
    pub status: CryptoTransactionStatus,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `crypto_transactions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
