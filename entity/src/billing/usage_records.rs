//! Monthly quota usage per user and metric.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::QuotaMetric;

/// Monthly quota usage per user and metric.
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
#[sea_orm(table_name = "usage_records")]
#[graphql(name = "UsageRecordRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose usage.
    pub user_id: Uuid,
    /// What is counted.
    pub metric: QuotaMetric,
    /// Start of the month counted.
    pub period_start: DateTimeWithTimeZone,
    /// Units used in the period.
    pub amount: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `usage_records` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
