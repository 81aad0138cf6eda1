//! The one LISTEN connection of a process (tokio-postgres, separate from the pool) and the
//! hub's only producer.
//!
//! A notification names `{topic, seq}`, the topic parsed into a [`Topic`] (a payload that
//! does not parse is logged and skipped). When the topic has subscribers, the events after
//! the hub's last position are read from the outbox (once, for all of them) and
//! dispatched. When the connection drops it reconnects with backoff and then catches every
//! followed topic up from its last position, so nothing committed meanwhile is lost.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt as _;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio_postgres::AsyncMessage;

use super::{Hub, Topic};

/// The channel the triggers notify.
const CHANNEL: &str = "switchyard";
/// `application_name` of the listener, so operators (and tests) can find it.
pub const APPLICATION_NAME: &str = "switchyard-listener";
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// A NOTIFY payload; one whose topic does not parse is malformed.
#[derive(Debug, Deserialize)]
struct Notice {
    topic: Topic,
    seq: i64,
}

/// Listens forever, reconnecting with backoff.
pub async fn run(hub: Arc<Hub>, pool: DatabaseConnection, database_url: String) {
    let mut backoff = Duration::from_millis(50);
    loop {
        match listen(&hub, &pool, &database_url).await {
            Ok(()) => backoff = Duration::from_millis(50),
            Err(error) => {
                tracing::warn!(error = %error, retry_in = ?backoff, "realtime listener disconnected");
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
        // Either way the connection is gone and the next turn opens another.
        hub.metrics().listener_reconnect();
        tokio::time::sleep(backoff).await;
    }
}

/// Why the listener lost its connection.
#[derive(Debug, thiserror::Error)]
enum ListenError {
    #[error("listen connection: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("reading the outbox: {0}")]
    Outbox(#[from] sea_orm::DbErr),
    #[error("the listen connection closed")]
    Closed,
}

/// One connection's lifetime: LISTEN, catch up, then follow notifications until it drops.
async fn listen(hub: &Hub, pool: &DatabaseConnection, url: &str) -> Result<(), ListenError> {
    let mut config: tokio_postgres::Config = url.parse()?;
    config.application_name(APPLICATION_NAME);
    let (client, mut connection) = config.connect(tokio_postgres::NoTls).await?;
    let (tx, mut notices) = mpsc::unbounded_channel();
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
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    tracing::info!("realtime listener connected");
    // Everything committed while we were not listening.
    for (topic, after) in hub.positions() {
        deliver(hub, pool, topic, after).await?;
    }
    while let Some(first) = notices.recv().await {
        // Coalesce what has queued up: one outbox read per topic.
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
        while let Ok(more) = notices.try_recv() {
            note(&more);
        }
        for (topic, seq) in pending {
            if let Some(after) = hub.read_from(topic, seq) {
                deliver(hub, pool, topic, after).await?;
            }
        }
    }
    drop(client);
    match driver.await {
        Ok(Err(error)) => Err(error.into()),
        _ => Err(ListenError::Closed),
    }
}

/// Reads `topic`'s events after `after` from the outbox and dispatches them.
async fn deliver(
    hub: &Hub,
    pool: &DatabaseConnection,
    topic: Topic,
    mut after: i64,
) -> Result<(), ListenError> {
    loop {
        let events = super::read(pool, topic, after).await?;
        let Some(last) = events.last() else {
            return Ok(());
        };
        after = last.seq;
        hub.dispatch(topic, &events);
        if events.len() < usize::try_from(super::READ_BATCH).unwrap_or(usize::MAX) {
            return Ok(());
        }
    }
}
