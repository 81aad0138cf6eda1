//! `presence`: joining a collaboration session and following who is present in it, a
//! state-like feed (the participants present first, then each change) that also keeps the
//! viewer's own presence: a heartbeat while the subscription is open, offline once it ends.
//!
//! Data enters as the session's participants read with the topic's seq, then as the hub's
//! events of the session's topic (joined, updated, left, with user and status in the
//! payload); it leaves as [`PresenceEvent`]s, and as presence writes to the database.

use std::time::Duration;

use async_graphql::{Enum, SimpleObject};
use entity::collaboration::{PresenceStatus, collaboration_participants};
use futures_util::Stream;
use sea_orm::{ConnectionTrait as _, DbBackend, EntityTrait as _, Statement};
use uuid::Uuid;

use switchyard_collaboration::CollaborationParticipant;
use switchyard_core::auth::Viewer;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::live::Live;
use switchyard_core::graphql::live::access::internal;
use switchyard_core::graphql::live::outbox::{field, row, snapshot};
use switchyard_core::realtime::{Realtime, Topic, encode_cursor};

/// How often an open `presence` subscription tells the database its viewer is still there.
const HEARTBEAT: Duration = Duration::from_secs(30);

/// A presence change in a collaboration session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum PresenceEventKind {
    /// Present when the subscription started (the initial state).
    Present,
    /// Came online.
    Joined,
    /// Changed status or cursor.
    Updated,
    /// Went offline (closed the socket, or silent for 2 minutes).
    Left,
}

/// A participant's presence.
#[derive(Debug, Clone, SimpleObject)]
pub struct PresenceEvent {
    /// The session's position when this was sent.
    pub cursor: String,
    /// What happened.
    pub kind: PresenceEventKind,
    /// The participant's profile id.
    pub user_id: Uuid,
    /// Their status with this change.
    pub status: PresenceStatus,
    /// The participant row as it is now (cursor, role, last seen).
    pub participant: Option<CollaborationParticipant>,
}

/// The `presence` feed of `session_id`, joined as `viewer` (with `share_token` if given).
pub(super) async fn presence(
    live: Live,
    viewer: Viewer,
    session_id: Uuid,
    share_token: Option<String>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<PresenceEvent>>> {
    let topic = Topic::Session(session_id);
    let mut subscription = live.realtime.hub.subscribe(topic);
    let me = join(&live, &viewer, session_id, share_token).await?;
    live.realtime.enter_session(session_id, me);
    let presence = Presence {
        realtime: live.realtime.clone(),
        session_id,
        user_id: me,
    };
    let (seq, present) = snapshot(
        &live.realtime,
        topic,
        "SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.joined_at, p.id), '[]') \
         FROM public.collaboration_participants p WHERE p.session_id = $2 AND p.status <> 'offline'",
        session_id,
    )
    .await?;
    live.realtime.hub.learn_seq(topic, seq);
    let present: Vec<collaboration_participants::Model> =
        serde_json::from_value(present).map_err(internal)?;
    Ok(async_stream::stream! {
        for row in present {
            yield Ok(PresenceEvent {
                cursor: encode_cursor(seq),
                kind: PresenceEventKind::Present,
                user_id: row.user_id,
                status: row.status,
                participant: Some(CollaborationParticipant { row }),
            });
        }
        let mut last = seq;
        let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
        loop {
            let event = tokio::select! {
                event = subscription.recv() => event,
                _ = heartbeat.tick() => { presence.heartbeat().await; continue; }
            };
            let event = match event {
                Ok(event) => event,
                Err(lagged) => { yield Err(ApiError::Conflict { field: "presence".into(), message: lagged.to_string() }.into()); break; }
            };
            if event.seq <= last { continue; }
            last = event.seq;
            let kind = match event.kind.as_str() {
                "joined" => PresenceEventKind::Joined,
                "updated" => PresenceEventKind::Updated,
                "left" => PresenceEventKind::Left,
                _ => continue,
            };
            let (Some(user_id), Some(status)) = (field(&event.payload, "user_id"), field(&event.payload, "status")) else { continue };
            yield Ok(PresenceEvent {
                cursor: encode_cursor(event.seq),
                kind,
                user_id,
                status,
                participant: row(&event).map(|row| CollaborationParticipant { row }),
            });
        }
    })
}

/// Joins the session as `viewer` (seed 002 rules, in SQL) and returns the viewer's id.
async fn join(
    live: &Live,
    viewer: &Viewer,
    session_id: Uuid,
    share_token: Option<String>,
) -> Result<Uuid, ApiError> {
    let scope = live.scopes.scope(viewer.clone());
    let joined = collaboration_participants::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT * FROM public.join_collaboration_session($1, $2)",
            [session_id.into(), share_token.into()],
        ))
        .one(&*scope.conn().await?)
        .await;
    let joined = match joined {
        Ok(joined) => joined,
        Err(error) => {
            scope.finish(false).await?;
            return Err(match ApiError::from(error) {
                ApiError::Forbidden(_) => ApiError::Forbidden(
                    "you may not join this collaboration session (not a participant, or a wrong share token)".into(),
                ),
                other => other,
            });
        }
    };
    scope.finish(true).await?;
    joined
        .map(|row| row.user_id)
        .ok_or_else(|| ApiError::Forbidden("you may not join this collaboration session".into()))
}

/// The viewer's presence in a session while a `presence` subscription is open.
struct Presence {
    realtime: Realtime,
    session_id: Uuid,
    user_id: Uuid,
}

impl Presence {
    /// Also brings back online a viewer another process (or the sweeper) marked offline
    /// while this subscription was still open.
    const HEARTBEAT_SQL: &'static str = "UPDATE public.collaboration_participants \
         SET last_seen_at = now(), status = CASE WHEN status = 'offline' THEN 'online' ELSE status END \
         WHERE session_id = $1 AND user_id = $2";
    const LEAVE_SQL: &'static str = "UPDATE public.collaboration_participants SET status = 'offline' \
         WHERE session_id = $1 AND user_id = $2 AND status <> 'offline'";

    async fn heartbeat(&self) {
        run_presence(
            &self.realtime.pool,
            Self::HEARTBEAT_SQL,
            self.session_id,
            self.user_id,
        )
        .await;
    }
}

impl Drop for Presence {
    /// The subscription ended (socket closed, client stopped): the viewer goes offline
    /// unless another of their subscriptions to the session is still open here.
    fn drop(&mut self) {
        if !self.realtime.leave_session(self.session_id, self.user_id) {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (pool, session_id, user_id) =
                (self.realtime.pool.clone(), self.session_id, self.user_id);
            runtime.spawn(async move {
                run_presence(&pool, Self::LEAVE_SQL, session_id, user_id).await
            });
        }
    }
}

async fn run_presence(
    pool: &sea_orm::DatabaseConnection,
    sql: &str,
    session_id: Uuid,
    user_id: Uuid,
) {
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        [session_id.into(), user_id.into()],
    );
    if let Err(error) = pool.execute_raw(statement).await {
        tracing::warn!(error = %error, session.id = %session_id, user.id = %user_id, "updating presence failed");
    }
}
