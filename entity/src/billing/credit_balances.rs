//! Credit balance per user; changed only by the credit functions, each change logged in credit_transactions.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Credit balance per user; changed only by the credit functions, each change logged in credit_transactions.
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
#[sea_orm(table_name = "credit_balances")]
#[graphql(name = "CreditBalanceRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose credits.
    #[sea_orm(unique)]
    pub user_id: Uuid,
    /// Credits owned, reserved ones included.
    pub balance: i64,
    /// Credits held for running work; `balance - reserved` is available.
    pub reserved: i64,
    /// Credits ever added (grants, purchases, refunds).
    pub lifetime_granted: i64,
    /// Credits ever consumed.
    pub lifetime_consumed: i64,
    /// When the last monthly grant happened.
    pub last_grant_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `credit_balances` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
