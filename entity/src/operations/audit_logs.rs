//! An append-only audit entry, written by triggers on sensitive tables.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AuditLevel;

/// An append-only audit entry, written by triggers on sensitive tables.
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
#[sea_orm(table_name = "audit_logs")]
#[graphql(name = "AuditLogRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The table changed.
    pub log_type: String,
    /// The row changed.
    pub entity_id: Uuid,
    /// insert, update or delete.
    pub action: String,
    /// The row after the change, secrets left out.
    #[sea_orm(column_type = "JsonBinary")]
    pub details: Json,
    /// Severity.
    pub level: AuditLevel,
    /// Who made the change, when a user did.
    pub user_id: Option<Uuid>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `audit_logs` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
