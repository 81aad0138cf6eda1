//! Invitations to a collaboration session, by user or e-mail.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ParticipantRole;

/// Invitations to a collaboration session, by user or e-mail.
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

/// Relations of `collaboration_invites` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
