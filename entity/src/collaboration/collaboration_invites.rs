//! Invitations to a collaboration session, by user or e-mail.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ParticipantRole;

/// Invitations to a collaboration session, by user or e-mail.
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
#[sea_orm(table_name = "collaboration_invites")]
#[graphql(name = "CollaborationInviteRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The session.
    pub session_id: Uuid,
    /// Profile that sent the invitation.
    pub inviter_id: Uuid,
    /// Invited profile, when invited by user.
    pub invitee_id: Option<Uuid>,
    /// Invited e-mail address, when invited by e-mail.
    pub invitee_email: Option<String>,
    /// Role the invitee gets (editor or viewer).
    pub role: ParticipantRole,
    /// Secret the invitee accepts the invitation with.
    pub token: String,
    /// When the invitation lapses.
    pub expires_at: DateTimeWithTimeZone,
    /// When it was accepted.
    pub accepted_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
}

/// Foreign keys of `collaboration_invites` (`belongs_to`) and the tables that reference it (`has_*`).
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
    /// Profile that sent the invitation.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::InviterId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Inviter,
    /// Invited profile.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::InviteeId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Invitee,
}

impl Related<super::collaboration_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Inviter.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
