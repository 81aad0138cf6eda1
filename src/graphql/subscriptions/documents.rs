//! `collaborationEdits`: a session's document as it is edited, a log-like feed that starts
//! from the whole document merged into one Yjs update (or, with `after`, replays the edits
//! since that cursor), then relays each edit as its editor sent it.
//!
//! Data enters as the session's stored edits read with the topic's seq, then as the outbox
//! events of its document topic (an edit, with the edit's row; a participant removed, with
//! the user in the payload); it leaves as [`CollaborationEditEvent`]s, and as FORBIDDEN once
//! the viewer is removed from the session.

use async_graphql::{Enum, SimpleObject};
use futures_util::{Stream, StreamExt as _};
use uuid::Uuid;

use crate::auth::Viewer;
use crate::graphql::collaboration::document::{self, OPERATION_KEY};
use crate::graphql::collaboration::{CollaborationEdit, CollaborationSession};
use crate::graphql::error::ApiError;
use crate::graphql::live::Live;
use crate::graphql::live::access::{authorize, internal};
use crate::graphql::live::outbox::{Step, each_event, field, log_feed, row, snapshot};
use crate::realtime::{Topic, encode_cursor};

/// What a document event carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum CollaborationEditEventKind {
    /// Every edit up to this cursor, merged: the document to start from (the first event
    /// when subscribing without `after`).
    Snapshot,
    /// One edit, as its editor sent it.
    Update,
}

/// A change of a session's document.
#[derive(Debug, Clone, SimpleObject)]
pub struct CollaborationEditEvent {
    /// Pass as `after` to resume right after this event.
    pub cursor: String,
    /// A snapshot or one edit.
    pub kind: CollaborationEditEventKind,
    /// A Yjs update (lib0 v1 encoding, base64): apply it with `Y.applyUpdate`. Applying an
    /// update twice changes nothing.
    pub update: String,
    /// The edit (who made it, when); null for a snapshot.
    pub edit: Option<CollaborationEdit>,
}

/// The `collaborationEdits` feed of `session_id` for `viewer`: a snapshot first, or the
/// edits after `after`.
pub(super) async fn collaboration_edits(
    live: Live,
    viewer: Viewer,
    session_id: Uuid,
    after: Option<i64>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<CollaborationEditEvent>>> {
    authorize::<CollaborationSession>(&live, &viewer, session_id, "collaboration session").await?;
    let topic = Topic::Document(session_id);
    let start = match after {
        Some(after) => (after, None),
        None => {
            let (seq, snapshot) = document_at_seq(&live, topic, session_id).await?;
            (seq, Some(snapshot))
        }
    };
    let events = log_feed(live.realtime.clone(), topic, Some(start.0), false).await?;
    let me = viewer.user_id;
    let edits = each_event(events, move |event| match event.kind.as_str() {
        "edit" => {
            let Some(row) = row::<entity::collaboration::collaboration_edits::Model>(event) else {
                return Step::Skip;
            };
            let Some(update) = document::update_of(&row.operation).map(str::to_owned) else {
                return Step::Skip;
            };
            Step::Send(CollaborationEditEvent {
                cursor: encode_cursor(event.seq),
                kind: CollaborationEditEventKind::Update,
                update,
                edit: Some(CollaborationEdit { row }),
            })
        }
        "member_removed" if me.is_some() && field::<Uuid>(&event.payload, "user_id") == me => {
            Step::End(
                ApiError::Forbidden("you were removed from this collaboration session".into())
                    .into(),
            )
        }
        _ => Step::Skip,
    });
    let first = start.1.map(|update| {
        Ok(CollaborationEditEvent {
            cursor: encode_cursor(start.0),
            kind: CollaborationEditEventKind::Snapshot,
            update,
            edit: None,
        })
    });
    Ok(futures_util::stream::iter(first).chain(edits))
}

/// The session's document merged from every edit up to the topic's seq, read in one snapshot
/// with that seq.
async fn document_at_seq(
    live: &Live,
    topic: Topic,
    session_id: Uuid,
) -> Result<(i64, String), ApiError> {
    let sql = format!(
        "SELECT coalesce(jsonb_agg(e.operation->'{OPERATION_KEY}' ORDER BY e.created_at, e.id), '[]') \
         FROM public.collaboration_edits e \
         WHERE e.session_id = $2 AND jsonb_typeof(e.operation->'{OPERATION_KEY}') = 'string'"
    );
    let (seq, updates) = snapshot(&live.realtime, topic, &sql, session_id).await?;
    let updates: Vec<String> = serde_json::from_value(updates).map_err(internal)?;
    Ok((seq, document::merge(updates).await?))
}
