//! The LISTEN side of the outbox: a connection of its own (tokio-postgres, separate from
//! the pool) that hears the triggers' NOTIFY `{topic, seq}`.
//!
//! Two readers use it. Without a backplane, [`run`] is the hub's only producer: when a
//! notified topic has subscribers, the events after the hub's last position are read from
//! the outbox (once, for all of them) and dispatched. With the NATS backplane, the elected
//! relay ([`super::backplane`]) hears the same notices and publishes the events instead.
//! A payload whose topic does not parse is logged and skipped. When the connection drops,
//! its reader reconnects with backoff and catches up from its last positions, so nothing
//! committed meanwhile is lost.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt as _;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_postgres::AsyncMessage;

use super::{Event, Hub, Topic};

/// The channel the triggers notify.
const CHANNEL: &str = "switchyard";
/// `application_name` of the listener, so operators (and tests) can find it.
pub const APPLICATION_NAME: &str = "switchyard-listener";
/// The longest pause between two attempts to reconnect an event source.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// How long a catch-up from the outbox waits for a topic's subscribers to make room in
/// their buffers before it cuts off those that made none as too slow.
const CATCH_UP_PATIENCE: Duration = Duration::from_secs(2);

/// A NOTIFY payload; one whose topic does not parse is malformed.
#[derive(Debug, Deserialize)]
struct Notice {
    topic: Topic,
    seq: i64,
}

/// Why an event source (this listener, the backplane's relay or consumer) lost its
/// connection.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("listen connection: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("reading the outbox: {0}")]
    Outbox(#[from] sea_orm::DbErr),
    #[error("the listen connection closed")]
    Closed,
    #[error("NATS: {0}")]
    Nats(#[source] async_nats::Error),
}

/// A connection of its own to PostgreSQL whose notifications are queued for [`next`]
/// once [`listen`] has run.
///
/// [`next`]: Notices::next
/// [`listen`]: Notices::listen
pub(super) struct Notices {
    pub client: tokio_postgres::Client,
    queued: mpsc::UnboundedReceiver<String>,
    driver: JoinHandle<Result<(), tokio_postgres::Error>>,
}

impl Notices {
    /// Opens the connection, named `application_name` for operators; nothing is heard yet.
    pub async fn connect(url: &str, application_name: &str) -> Result<Self, SourceError> {
        let mut config: tokio_postgres::Config = url.parse()?;
        config.application_name(application_name);
        let (client, mut connection) = config.connect(tokio_postgres::NoTls).await?;
        let (tx, queued) = mpsc::unbounded_channel();
        let driver = tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            while let Some(message) = messages.next().await {
                match message {
                    Ok(AsyncMessage::Notification(notification)) => {
                        if tx.send(notification.payload().to_owned()).is_err() {
                            break;
                        }
                    }
                    Ok(_) => {}
                    Err(error) => return Err(error),
                }
            }
            Ok(())
        });
        Ok(Self {
            client,
            queued,
            driver,
        })
    }

    /// Starts hearing the triggers' notifications.
    pub async fn listen(&self) -> Result<(), SourceError> {
        self.client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .await?;
        Ok(())
    }

    /// Waits for notifications and returns what has queued up, coalesced into the first
    /// notified seq of each topic (one outbox read per topic); `None` once the connection
    /// is gone.
    pub async fn next(&mut self) -> Option<HashMap<Topic, i64>> {
        let first = self.queued.recv().await?;
        let mut pending: HashMap<Topic, i64> = HashMap::new();
        let mut note = |payload: &str| match serde_json::from_str::<Notice>(payload) {
            Ok(notice) => {
                let seq = pending.entry(notice.topic).or_insert(notice.seq);
                *seq = (*seq).min(notice.seq);
            }
            Err(error) => {
                tracing::warn!(error = %error, payload, "ignoring a malformed notification")
            }
        };
        note(&first);
        while let Ok(more) = self.queued.try_recv() {
            note(&more);
        }
        Some(pending)
    }

    /// Why the connection ended, once [`next`](Notices::next) has returned `None`.
    pub async fn closed(self) -> SourceError {
        drop(self.client);
        match self.driver.await {
            Ok(Err(error)) => error.into(),
            _ => SourceError::Closed,
        }
    }
}

/// Runs `source` forever, reconnecting with backoff after each failure, counting each
/// reconnection into the hub's metrics. `what` names the source in the logs.
pub(super) async fn forever<F, Fut>(hub: &Hub, what: &'static str, mut source: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), SourceError>>,
{
    let mut backoff = Duration::from_millis(50);
    loop {
        match source().await {
            Ok(()) => backoff = Duration::from_millis(50),
            Err(error) => {
                tracing::warn!(error = %error, retry_in = ?backoff, "realtime {what} disconnected");
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
        // Either way the connection is gone and the next turn opens another.
        hub.metrics().listener_reconnect();
        tokio::time::sleep(backoff).await;
    }
}

/// Listens forever, reconnecting with backoff.
pub async fn run(hub: Arc<Hub>, pool: DatabaseConnection, database_url: String) {
    forever(&hub, "listener", || listen(&hub, &pool, &database_url)).await;
}

/// One connection's lifetime: LISTEN, catch up, then follow notifications until it drops.
async fn listen(hub: &Hub, pool: &DatabaseConnection, url: &str) -> Result<(), SourceError> {
    let mut notices = Notices::connect(url, APPLICATION_NAME).await?;
    notices.listen().await?;
    tracing::info!("realtime listener connected");
    catch_up(hub, pool).await?;
    while let Some(pending) = notices.next().await {
        for (topic, seq) in pending {
            if let Some(after) = hub.read_from(topic, seq) {
                deliver(hub, pool, topic, after, Pace::Live).await?;
            }
        }
    }
    Err(notices.closed().await)
}

/// Dispatches everything committed to the followed topics since their last positions,
/// after the source was away.
pub(super) async fn catch_up(hub: &Hub, pool: &DatabaseConnection) -> Result<(), SourceError> {
    for (topic, after) in hub.positions() {
        deliver(hub, pool, topic, after, Pace::CatchUp).await?;
    }
    Ok(())
}

/// How events read from the outbox are handed to the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pace {
    /// Just committed and notified: at once; a subscriber whose buffer is full is cut off,
    /// so one slow client never holds events for the others.
    Live,
    /// A backlog (after the source was away, or a gap): no faster than the topic's
    /// subscribers make room, for at most [`CATCH_UP_PATIENCE`], so a backlog larger than
    /// a buffer does not cut off subscribers that keep reading.
    CatchUp,
}

/// Reads `topic`'s events after `after` from the outbox and dispatches them at `pace`.
pub(super) async fn deliver(
    hub: &Hub,
    pool: &DatabaseConnection,
    topic: Topic,
    after: i64,
    pace: Pace,
) -> Result<(), SourceError> {
    let mut batches = Batches::after(pool, topic, after);
    while let Some(events) = batches.next().await? {
        match pace {
            Pace::Live => hub.dispatch(topic, &events),
            Pace::CatchUp => {
                hub.dispatch_patiently(topic, &events, CATCH_UP_PATIENCE)
                    .await
            }
        }
    }
    Ok(())
}

/// A topic's events after a seq, read from the outbox a batch at a time, oldest first.
pub(super) struct Batches<'a> {
    pool: &'a DatabaseConnection,
    topic: Topic,
    after: i64,
    done: bool,
}

impl<'a> Batches<'a> {
    pub fn after(pool: &'a DatabaseConnection, topic: Topic, after: i64) -> Self {
        Self {
            pool,
            topic,
            after,
            done: false,
        }
    }

    /// The next batch; `None` once the outbox has nothing more.
    pub async fn next(&mut self) -> Result<Option<Vec<Arc<Event>>>, SourceError> {
        if self.done {
            return Ok(None);
        }
        let events = super::read(self.pool, self.topic, self.after).await?;
        let Some(last) = events.last() else {
            return Ok(None);
        };
        self.after = last.seq;
        self.done = events.len() < usize::try_from(super::READ_BATCH).unwrap_or(usize::MAX);
        Ok(Some(events))
    }
}
