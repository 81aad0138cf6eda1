//! Collaboration: shared sessions, their participants (with presence), invitations and edit
//! history, visible to the session's owner and participants. `updatePresence` moves the
//! viewer's own status and cursor; the live view is the `presence` subscription.
//! `applyCollaborationEdit` appends a Yjs update to a session's [document]; the
//! `collaborationEdits` subscription relays them.

pub mod document;

use async_graphql::{Context, Json, Object};
use entity::collaboration::{
    PresenceStatus, collaboration_edits, collaboration_invites, collaboration_participants,
    collaboration_sessions,
};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{DateTimeFilter, EnumFilter, StringFilter, UuidFilter};
use switchyard_core::graphql::resolve::{call_row, scope, viewer_id};
use switchyard_core::graphql::write;

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
    /// One edit of a session's document.
    CollaborationEdit => collaboration_edits,
    filter CollaborationEditFilter {
        session_id: UuidFilter => SessionId,
        user_id: UuidFilter => UserId,
        created_at: DateTimeFilter => CreatedAt,
    },
    order CollaborationEditOrder / CollaborationEditOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

switchyard_core::relations! {
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

switchyard_core::change_feeds! {
    /// Live changes of a session's rows, for its owner and participants.
    CollaborationChanges of CollaborationSession("collaboration session") by session_id {
        /// A session's participants as they are added, change role or presence, and are
        /// removed. Ends with FORBIDDEN once the viewer is removed from the session. With
        /// `after`, every change since that cursor comes first.
        collaboration_participant_changes: CollaborationParticipant => CollaborationParticipantChange;
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the collaboration tables.
    CollaborationQuery {
        collaboration_session, collaboration_sessions: CollaborationSession;
        collaboration_participant, collaboration_participants: CollaborationParticipant;
        collaboration_invite, collaboration_invites: CollaborationInvite;
        collaboration_edit, collaboration_edits: CollaborationEdit;
    }
}

/// Presence and document writes.
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

    /// Appends a Yjs update (its lib0 v1 encoding, as `Y.encodeStateAsUpdate` or a
    /// document's `update` event give it, base64-encoded) to a session's document, as its
    /// owner or an editor. Subscribers of `collaborationEdits` receive it.
    async fn apply_collaboration_edit(
        &self,
        ctx: &Context<'_>,
        session_id: Uuid,
        update: String,
    ) -> async_graphql::Result<CollaborationEdit> {
        Ok(apply_edit(scope(ctx)?, viewer_id(ctx)?, session_id, update).await?)
    }
}

/// Appends `update` to the session's document as `editor`; row-level security lets only the
/// session's owner and editors through.
pub async fn apply_edit(
    scope: &RequestScope,
    editor: Uuid,
    session_id: Uuid,
    update: String,
) -> Result<CollaborationEdit, ApiError> {
    document::check(&update).await?;
    let edit = collaboration_edits::ActiveModel {
        session_id: Set(session_id),
        user_id: Set(editor),
        operation: Set(document::operation(&update)),
        ..Default::default()
    };
    write::insert::<CollaborationEdit, _>(scope, edit)
        .await
        .map_err(|error| match error {
            ApiError::Forbidden(_) => ApiError::Forbidden(
                "you may not edit this session's document: only its owner and editors may".into(),
            ),
            other => other,
        })
}

/// Sets the viewer's presence in a session they take part in: status and, when given,
/// cursor.
pub async fn update_presence(
    scope: &RequestScope,
    session_id: Uuid,
    status: PresenceStatus,
    cursor: Option<serde_json::Value>,
) -> Result<CollaborationParticipant, ApiError> {
    let row = call_row::<collaboration_participants::Model>(
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
