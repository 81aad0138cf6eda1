//! Append-only edit history of a collaboration session, for audit and undo.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Append-only edit history of a collaboration session, for audit and undo.
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
#[sea_orm(table_name = "collaboration_edits")]
#[graphql(name = "CollaborationEditRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The session.
    pub session_id: Uuid,
    /// Profile that made the edit.
    pub user_id: Uuid,
    /// The edit as JSON (an operation or an encoded Yjs update).
    #[sea_orm(column_type = "JsonBinary")]
    pub operation: Json,
    /// When the edit was made.
    pub created_at: DateTimeWithTimeZone,
}

/// Relations of `collaboration_edits` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
