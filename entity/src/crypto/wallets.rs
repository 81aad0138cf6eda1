//! A user's blockchain address, validated per chain.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::WalletChain;

/// A user's blockchain address, validated per chain.
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
#[sea_orm(table_name = "wallets")]
#[graphql(name = "WalletRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns it.
    pub user_id: Uuid,
    /// The chain.
    pub chain: WalletChain,
    /// The address.
    pub address: String,
    /// A name for it.
    pub label: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `wallets` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
