//! Shared document sessions; visible to their owner and participants, joinable with the share token.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Shared document sessions; visible to their owner and participants, joinable with the share token.
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
#[sea_orm(table_name = "collaboration_sessions")]
#[graphql(name = "CollaborationSessionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns the session.
    pub owner_id: Uuid,
    /// Title shown to participants.
    pub title: String,
    /// The document being edited (an id or path of the client's choosing).
    pub document_ref: Option<String>,
    /// Secret that lets a signed-in person join as a viewer; share it with care.
    pub share_token: String,
    /// Whether the session can still be joined with its share token.
    pub is_active: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `collaboration_sessions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
