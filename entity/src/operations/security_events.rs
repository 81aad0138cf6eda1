//! A security-relevant event; readable by the user concerned.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::SecurityEventKind;

/// A security-relevant event; readable by the user concerned.
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
#[sea_orm(table_name = "security_events")]
#[graphql(name = "SecurityEventRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The account concerned, when known.
    pub user_id: Option<Uuid>,
    /// What happened.
    pub kind: SecurityEventKind,
    /// Client address (from the connection, not from headers).
    pub ip: Option<String>,
    /// The e-mail that was tried.
    pub account: Option<String>,
    /// More context (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub details: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `security_events` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
