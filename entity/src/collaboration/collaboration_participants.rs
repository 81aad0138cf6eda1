//! Participants of a collaboration session with their presence; silent for 2 minutes means offline.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ParticipantRole, PresenceStatus};

/// Participants of a collaboration session with their presence; silent for 2 minutes means offline.
#[derive(
    Clone,
    Debug,
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

/// Foreign keys of `collaboration_participants` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The session.
    #[sea_orm(
        belongs_to = "super::collaboration_sessions::Entity",
        from = "Column::SessionId",
        to = "super::collaboration_sessions::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Session,
    /// The participant profile.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Profile,
}

impl Related<super::collaboration_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Profile.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
