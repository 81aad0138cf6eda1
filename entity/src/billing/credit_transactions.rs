//! Append-only credit ledger: every balance change with the balance after it.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::CreditTransactionKind;

/// Append-only credit ledger: every balance change with the balance after it.
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
#[sea_orm(table_name = "credit_transactions")]
#[graphql(name = "CreditTransactionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose credits.
    pub user_id: Uuid,
    /// What happened.
    pub kind: CreditTransactionKind,
    /// Credits moved (always positive; the kind says which way).
    pub amount: i64,
    /// The balance right after this change.
    pub balance_after: i64,
    /// The reserved credits right after this change.
    pub reserved_after: i64,
    /// What the credits were for, e.g. an agent run id.
    pub reference_id: Option<Uuid>,
    /// Human-readable reason.
    pub description: String,
    /// When it happened.
    pub created_at: DateTimeWithTimeZone,
    /// Equal to `created_at`: the ledger is append-only.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `credit_transactions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
