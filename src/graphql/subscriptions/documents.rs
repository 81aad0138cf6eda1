//! `collaborationEdits`: a session's document as it is edited, a log-like feed that starts
//! from the whole document merged into one Yjs update (or, with `after`, replays the edits
//! since that cursor), then relays each edit as its editor sent it.
//!
//! Data enters as the session's stored snapshot and the edits after it, read with the
//! topic's seq (a joiner that merged many edits stores its merge as the next snapshot), then
//! as the outbox events of its document topic (an edit, with the edit's row; a participant
//! removed, with the user in the payload); it leaves as [`CollaborationEditEvent`]s, and as
//! FORBIDDEN once the viewer is removed from the session. Subscribed without `after`, it may
//! run as a shared execution ([`crate::http::fanout`]): each member starts from a snapshot
//! of its own, and the edits after it are resolved once for all. Members joining while
//! nobody edits start from one merge: the process keeps the document merged last with its
//! seq (the realtime hub's [derived states](switchyard_core::realtime::derived)), and a
//! joiner merges again only once the topic has moved past it.

use async_graphql::{Enum, SimpleObject};
use futures_util::future::Either;
use futures_util::{Stream, StreamExt as _};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, Statement};
use serde::Deserialize;
use uuid::Uuid;

use super::sharing::{Sharing, removal};
use switchyard_collaboration::document::{self, OPERATION_KEY};
use switchyard_collaboration::{CollaborationEdit, CollaborationSession};
use switchyard_core::auth::Viewer;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::live::Live;
use switchyard_core::graphql::live::access::{authorize, internal};
use switchyard_core::graphql::live::outbox::{Step, each_event, field, log_feed, row, snapshot};
use switchyard_core::realtime::{Topic, encode_cursor};

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
/// edits after `after`. In a shared execution ([`Sharing`]), a member's run sends only its
/// snapshot, and the execution's own run follows the edits from now on, marking each.
pub(super) async fn collaboration_edits(
    live: Live,
    viewer: Viewer,
    session_id: Uuid,
    after: Option<i64>,
    sharing: Sharing,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<CollaborationEditEvent>>> {
    authorize::<CollaborationSession>(&live, &viewer, session_id, "collaboration session").await?;
    let topic = Topic::Document(session_id);
    let (from, snapshot) = match (after, &sharing.shared_run) {
        _ if sharing.admission_only => return Ok(Either::Left(futures_util::stream::iter(None))),
        (Some(after), _) => (after, None),
        (None, Some(run)) => {
            let now = live
                .realtime
                .topic_seq(topic)
                .await
                .map_err(ApiError::from)?;
            run.mark(now);
            (now, None)
        }
        (None, None) => {
            let now = live
                .realtime
                .topic_seq(topic)
                .await
                .map_err(ApiError::from)?;
            let (seq, document) = live
                .realtime
                .derived
                .state(topic, now, || document_at_seq(&live, topic, session_id))
                .await?;
            let snapshot = CollaborationEditEvent {
                cursor: encode_cursor(seq),
                kind: CollaborationEditEventKind::Snapshot,
                update: document.to_string(),
                edit: None,
            };
            if let Some(start) = &sharing.start_only {
                start.mark(seq);
                return Ok(Either::Left(futures_util::stream::iter(Some(Ok(snapshot)))));
            }
            (seq, Some(snapshot))
        }
    };
    let run = sharing.shared_run.clone();
    let events = log_feed(live.realtime.clone(), topic, Some(from), false)
        .await?
        .inspect(move |event| {
            if let (Some(run), Ok(event)) = (&run, event) {
                run.mark(event.seq);
            }
        });
    let me = viewer.user_id;
    let edits = each_event(events, move |event| match event.kind.as_str() {
        "edit" => {
            let Some(row) = row::<entity::collaboration::collaboration_edits::Model>(event) else {
                // Pruned once a snapshot held it: skipping it would leave a gap in the
                // subscriber's document.
                return Step::End(
                    ApiError::Conflict {
                        field: "after".into(),
                        message: "an edit after this cursor is no longer kept: subscribe \
                                  without `after` to start from the document's snapshot"
                            .into(),
                    }
                    .into(),
                );
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
        "member_removed" => removal(
            &sharing,
            me,
            field::<Uuid>(&event.payload, "user_id"),
            ApiError::Forbidden("you were removed from this collaboration session".into()),
        ),
        _ => Step::Skip,
    });
    Ok(Either::Right(
        futures_util::stream::iter(snapshot.map(Ok)).chain(edits),
    ))
}

/// Edits merged after the stored snapshot at which a joiner stores its merge as the new
/// snapshot: later joiners start from it rather than from the whole history.
const COMPACT_AFTER: usize = 100;

/// What a joiner merges: the stored snapshot, if any, and the edits after its seq.
#[derive(Deserialize)]
struct History {
    base: Option<String>,
    updates: Vec<String>,
}

/// The session's document merged from every edit up to the topic's seq (the stored snapshot
/// and the edits after it), read in one snapshot with that seq.
async fn document_at_seq(
    live: &Live,
    topic: Topic,
    session_id: Uuid,
) -> Result<(i64, String), ApiError> {
    let sql = format!(
        "SELECT jsonb_build_object( \
           'base', (SELECT s.state FROM realtime.document_snapshots s WHERE s.session_id = $2), \
           'updates', coalesce((SELECT jsonb_agg(e.operation->'{OPERATION_KEY}' ORDER BY e.seq) \
              FROM public.collaboration_edits e \
              WHERE e.session_id = $2 AND jsonb_typeof(e.operation->'{OPERATION_KEY}') = 'string' \
                AND coalesce(e.seq, 0) > coalesce( \
                  (SELECT s.seq FROM realtime.document_snapshots s WHERE s.session_id = $2), -1)), \
              '[]'))"
    );
    let (seq, history) = snapshot(&live.realtime, topic, &sql, session_id).await?;
    let History { base, updates } = serde_json::from_value(history).map_err(internal)?;
    let since_base = updates.len();
    let merged = document::merge(base, updates).await?;
    if since_base >= COMPACT_AFTER {
        store_snapshot(&live.realtime.pool, session_id, seq, &merged).await;
    }
    Ok((seq, merged))
}

/// Stores `state` as the session's snapshot at `seq`, unless a later one is stored. A
/// failure costs the next joiner a longer merge, not correctness: it is logged.
async fn store_snapshot(pool: &DatabaseConnection, session_id: Uuid, seq: i64, state: &str) {
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "INSERT INTO realtime.document_snapshots AS s (session_id, seq, state) VALUES ($1, $2, $3) \
         ON CONFLICT (session_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, updated_at = now() \
         WHERE s.seq < excluded.seq",
        [session_id.into(), seq.into(), state.into()],
    );
    if let Err(error) = pool.execute_raw(statement).await {
        tracing::warn!(error = %error, session.id = %session_id, "storing a document snapshot failed");
    }
}
