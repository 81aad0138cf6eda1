//! One connector call, for rate limits and billing.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One connector call, for rate limits and billing.
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
#[sea_orm(table_name = "connector_usage_logs")]
#[graphql(name = "ConnectorUsageLogRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that called.
    pub user_id: Uuid,
    /// The connector.
    pub connector_id: Uuid,
    /// Credential used.
    pub credential_id: Option<Uuid>,
    /// What was called.
    pub operation: String,
    /// Credits charged.
    pub credits_used: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `connector_usage_logs` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
