//! Collaboration: shared sessions, their participants (with presence), invitations and edit
//! history, visible to the session's owner and participants. `updatePresence` moves the
//! viewer's own status and cursor; the live view is the `presence` subscription.

use async_graphql::{Context, Json, Object};
use entity::collaboration::{
    PresenceStatus, collaboration_edits, collaboration_invites, collaboration_participants,
    collaboration_sessions,
};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{DateTimeFilter, EnumFilter, StringFilter, UuidFilter};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{call_row, scope};

crate::table! {
    /// A shared document session. Visible to its owner and participants.
    CollaborationSession => collaboration_sessions,
    filter CollaborationSessionFilter {
        id: UuidFilter => Id,
        owner_id: UuidFilter => OwnerId,
        title: StringFilter => Title,
        created_at: DateTimeFilter => CreatedAt,
    },
    order CollaborationSessionOrder / CollaborationSessionOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    CollaborationSession {
        to_one {
            /// Who owns it.
            owner: Profile = owner_id,
        }
        to_many {
            /// Its participants, present or not.
            participants: CollaborationParticipant = collaboration_participants::Column::SessionId,
            /// Invitations to it.
            invites: CollaborationInvite = collaboration_invites::Column::SessionId,
            /// Its edit history.
            edits: CollaborationEdit = collaboration_edits::Column::SessionId,
        }
    }
}

crate::table! {
    /// A participant of a session, with presence.
    CollaborationParticipant => collaboration_participants,
    filter CollaborationParticipantFilter {
        session_id: UuidFilter => SessionId,
        user_id: UuidFilter => UserId,
        role: EnumFilter<entity::collaboration::ParticipantRole> => Role,
        status: EnumFilter<PresenceStatus> => Status,
        last_seen_at: DateTimeFilter => LastSeenAt,
    },
    order CollaborationParticipantOrder / CollaborationParticipantOrderField {
        JoinedAt => JoinedAt,
        LastSeenAt => LastSeenAt,
    } default JoinedAt,
}

crate::relations! {
    CollaborationParticipant {
        to_one {
            /// The session.
            session: CollaborationSession = session_id,
            /// The participant.
            user: Profile = user_id,
        }
        to_many {}
    }
}

crate::table! {
    /// An invitation to a session. Visible to its inviter and invitee.
    CollaborationInvite => collaboration_invites,
    filter CollaborationInviteFilter {
        session_id: UuidFilter => SessionId,
        inviter_id: UuidFilter => InviterId,
        invitee_id: UuidFilter => InviteeId,
        created_at: DateTimeFilter => CreatedAt,
    },
    order CollaborationInviteOrder / CollaborationInviteOrderField {
        CreatedAt => CreatedAt,
        ExpiresAt => ExpiresAt,
    } default CreatedAt,
}

crate::relations! {
    CollaborationInvite {
        to_one {
            /// The session.
            session: CollaborationSession = session_id,
            /// Who invited.
            inviter: Profile = inviter_id,
            /// Who is invited (when invited by user).
            invitee: Profile = invitee_id,
        }
        to_many {}
    }
}

crate::table! {
    /// One edit of a session's document.
    CollaborationEdit => collaboration_edits,
    filter CollaborationEditFilter {
        session_id: UuidFilter => SessionId,
        user_id: UuidFilter => UserId,
        created_at: DateTimeFilter => CreatedAt,
    },
    order CollaborationEditOrder / CollaborationEditOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

crate::relations! {
    CollaborationEdit {
        to_one {
            /// The session.
            session: CollaborationSession = session_id,
            /// Who edited.
            user: Profile = user_id,
        }
        to_many {}
    }
}

crate::root_fields! {
    /// By-id and list fields of the collaboration tables.
    CollaborationQuery {
        collaboration_session, collaboration_sessions: CollaborationSession;
        collaboration_participant, collaboration_participants: CollaborationParticipant;
        collaboration_invite, collaboration_invites: CollaborationInvite;
        collaboration_edit, collaboration_edits: CollaborationEdit;
    }
}

/// Presence writes.
#[derive(Debug, Default)]
pub struct CollaborationMutation;

#[Object]
impl CollaborationMutation {
    /// Sets the viewer's presence in a session they take part in (seed 002
    /// `update_participant_presence`): status and, when given, cursor. Subscribers of
    /// `presence` see the change.
    async fn update_presence(
        &self,
        ctx: &Context<'_>,
        session_id: Uuid,
        status: PresenceStatus,
        cursor: Option<Json<serde_json::Value>>,
    ) -> async_graphql::Result<CollaborationParticipant> {
        let cursor = cursor.map(|cursor| cursor.0);
        Ok(update_presence(scope(ctx)?, session_id, status, cursor).await?)
    }
}

/// Sets the viewer's presence in a session they take part in: status and, when given,
/// cursor.
pub async fn update_presence(
    scope: &RequestScope,
    session_id: Uuid,
    status: PresenceStatus,
    cursor: Option<serde_json::Value>,
) -> Result<CollaborationParticipant, ApiError> {
    let row = call_row::<collaboration_participants::Entity>(
        scope,
        "SELECT * FROM public.update_participant_presence($1, $2, $3)",
        [
            session_id.into(),
            sea_orm::Value::from(status),
            cursor.into(),
        ],
    )
    .await?
    .ok_or_else(|| ApiError::NotFound("you are not a participant of this session".into()))?;
    Ok(CollaborationParticipant { row })
}
