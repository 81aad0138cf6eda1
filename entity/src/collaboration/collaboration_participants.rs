//! Participants of a collaboration session with their presence; silent for 2 minutes means offline.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ParticipantRole, PresenceStatus};

/// Participants of a collaboration session with their presence; silent for 2 minutes means offline.
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
#[sea_orm(table_name = "collaboration_participants")]
#[graphql(name = "CollaborationParticipantRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The session.
    pub session_id: Uuid,
    /// The participant profile.
    pub user_id: Uuid,
    /// What the participant may do.
    pub role: ParticipantRole,
    /// Presence: online, idle or offline.
    pub status: PresenceStatus,
    /// Where the participant's cursor is, as the client describes it (JSON).
    #[sea_orm(column_type = "JsonBinary")]
    pub cursor: Option<Json>,
    /// When the participant was last heard from.
    pub last_seen_at: DateTimeWithTimeZone,
    /// When the participant first joined.
    pub joined_at: DateTimeWithTimeZone,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed (heartbeats do not count).
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `collaboration_participants` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
