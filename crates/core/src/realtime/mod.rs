//! Realtime: PostgreSQL triggers append small events to the `realtime.events` outbox and
//! NOTIFY `{topic, seq}`; one [listener] per process reads each event once and the [hub]
//! routes it to the subscribers of its topic. With the NATS [backplane], one relay per
//! database reads each event once and publishes it, and every process's hub is fed from
//! JetStream instead. Every event carries its per-topic seq as an
//! opaque cursor, so a client that comes back with `after` loses nothing.
//!
//! Topics are one [`Topic`] per followed row (`conversation:<id>`, `user:<id>`,
//! `session:<id>`, `job:<id>`, `research:<id>`, `agent_run:<id>`, `document:<id>`), or per
//! audience of the tables' change feeds (`changes:<owner or group id>`), parsed from and
//! written as the triggers' text in [topic] alone.
//!
//! What a feed derives from a topic's whole history (a collaborative document's merged
//! state) is kept in [derived] with the seq it reached, so subscribers who join a quiet
//! topic share one derivation instead of each reading the history again.

pub mod backplane;
pub mod derived;
pub mod hub;
pub mod listener;
pub mod topic;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use uuid::Uuid;

pub use backplane::{Backplane, BackplaneError};
use derived::DerivedStates;
pub use hub::{Event, Hub, Lagged, Subscription};
pub use topic::{ParseTopicError, Topic, TopicKind};

/// How long outbox events are kept for resuming; older cursors are refused.
pub const RETENTION: &str = "7 days";
/// How often each process marks silent participants offline and prunes the outbox.
const SWEEP_EVERY: Duration = Duration::from_secs(30);
/// Most events read from the outbox in one statement.
pub const READ_BATCH: i32 = 500;

/// The process's realtime machinery: its hub, fed by its listener.
#[derive(Clone)]
pub struct Realtime {
    /// Topic → subscribers.
    pub hub: Arc<Hub>,
    /// Where outbox reads and presence writes go (as the table owner).
    pub pool: DatabaseConnection,
    /// Open `presence` subscriptions per (session, user) in this process, so a user with
    /// two tabs stays online until the last one closes.
    present: Arc<Mutex<HashMap<(Uuid, Uuid), usize>>>,
    /// States feeds derived from their topics' histories for joining subscribers.
    pub derived: Arc<DerivedStates>,
}

impl Realtime {
    /// Starts the event source (the listener, on its own connection to `database_url`, or
    /// the `backplane` when there is one) and the sweeper, and returns the handle
    /// subscriptions use. Per-subscriber buffers hold `buffer` events; the hub and the
    /// source count into `metrics`, the sweeper's statements as housekeeping.
    pub fn start(
        pool: DatabaseConnection,
        database_url: String,
        backplane: Option<Backplane>,
        buffer: usize,
        metrics: Arc<crate::metrics::Metrics>,
    ) -> Self {
        let sweeping = crate::db::housekeeping(&pool, Arc::clone(&metrics));
        let derived = Arc::new(DerivedStates::new(Arc::clone(&metrics)));
        let hub = Hub::new(buffer, metrics);
        match backplane {
            Some(backplane) => backplane.start(Arc::clone(&hub), pool.clone(), database_url),
            None => {
                tokio::spawn(listener::run(Arc::clone(&hub), pool.clone(), database_url));
            }
        }
        tokio::spawn(sweep(sweeping));
        Self {
            hub,
            pool,
            present: Arc::default(),
            derived,
        }
    }

    fn present(&self) -> std::sync::MutexGuard<'_, HashMap<(Uuid, Uuid), usize>> {
        // Every update is a single insert or removal: a poisoned map is still consistent.
        self.present
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts one more open `presence` subscription of `user` in `session`.
    pub fn enter_session(&self, session: Uuid, user: Uuid) {
        *self.present().entry((session, user)).or_default() += 1;
    }

    /// Counts one `presence` subscription fewer; true when it was the user's last one in
    /// this process, i.e. when they should go offline.
    pub fn leave_session(&self, session: Uuid, user: Uuid) -> bool {
        let mut present = self.present();
        match present.get_mut(&(session, user)) {
            Some(count) if *count > 1 => {
                *count -= 1;
                false
            }
            _ => {
                present.remove(&(session, user));
                true
            }
        }
    }

    /// Events of `topic` after `after`, oldest first, at most [`READ_BATCH`].
    pub async fn read(&self, topic: Topic, after: i64) -> Result<Vec<Arc<Event>>, DbErr> {
        read(&self.pool, topic, after).await
    }

    /// The latest seq of `topic` (0 before its first event).
    pub async fn topic_seq(&self, topic: Topic) -> Result<i64, DbErr> {
        let row = self
            .pool
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT realtime.topic_seq($1) AS seq",
                [topic.to_string().into()],
            ))
            .await?;
        row.map_or(Ok(0), |row| row.try_get("", "seq"))
    }
}

/// Events of `topic` after `after` with their rows, oldest first, at most [`READ_BATCH`].
async fn read(
    pool: &DatabaseConnection,
    topic: Topic,
    after: i64,
) -> Result<Vec<Arc<Event>>, DbErr> {
    let rows = pool
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT seq, kind, row_id, payload, row_data FROM realtime.read($1, $2, $3)",
            [topic.to_string().into(), after.into(), READ_BATCH.into()],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Arc::new(Event {
                seq: row.try_get("", "seq")?,
                kind: row.try_get("", "kind")?,
                row_id: row.try_get("", "row_id")?,
                payload: row.try_get("", "payload")?,
                row: row.try_get("", "row_data")?,
            }))
        })
        .collect()
}

/// Marks participants silent for 2 minutes offline and prunes old events, forever. Every
/// process runs it; each pass is single statements, safe to run concurrently.
async fn sweep(pool: DatabaseConnection) {
    // The first pass waits a period too: a participant is stale after minutes, not at boot.
    let mut every =
        tokio::time::interval_at(tokio::time::Instant::now() + SWEEP_EVERY, SWEEP_EVERY);
    loop {
        every.tick().await;
        if let Err(error) = mark_stale_participants_offline(&pool).await {
            tracing::warn!(error = %error, "presence sweep failed; retrying next round");
        }
        let prune = format!("SELECT realtime.prune(interval '{RETENTION}')");
        if let Err(error) = pool.execute_unprepared(&prune).await {
            tracing::warn!(error = %error, "outbox pruning failed; retrying next round");
        }
    }
}

/// One pass of the presence sweeper: participants silent for 2 minutes go offline (their
/// sessions' subscribers see them leave). One UPDATE, so processes sweeping at the same
/// time each mark a participant at most once between them. Returns how many it marked.
pub async fn mark_stale_participants_offline(pool: &DatabaseConnection) -> Result<i32, DbErr> {
    let row = pool
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT public.mark_stale_participants_offline() AS marked",
        ))
        .await?;
    row.map_or(Ok(0), |row| row.try_get("", "marked"))
}

/// Encodes a seq as the opaque cursor clients pass back as `after`.
pub fn encode_cursor(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("rt:{seq}"))
}

/// Why an `after` cursor was refused.
#[derive(Debug, thiserror::Error)]
#[error("invalid cursor: pass back a cursor this feed sent")]
pub struct InvalidCursor;

/// Decodes an `after` cursor.
pub fn decode_cursor(cursor: &str) -> Result<i64, InvalidCursor> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("rt:")?.parse().ok())
        .filter(|seq: &i64| *seq >= 0)
        .ok_or(InvalidCursor)
}
