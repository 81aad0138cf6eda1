//! The NATS JetStream backplane (`SWITCHYARD_NATS_URL`): how events reach the hubs of many
//! gateways without each of them holding a LISTEN connection and reading every event from
//! the outbox itself.
//!
//! One gateway per database is the relay, elected with a PostgreSQL advisory lock held by a
//! connection of its own: the others wait on the lock, and the moment the relay's session
//! ends (its process dying included) one of them takes over. The relay hears the triggers'
//! NOTIFY, reads each notified topic's events from the outbox in seq order and publishes
//! each, row included, to the subject `<stream>.<topic>` with the message id
//! `<topic>:<seq>`, so JetStream drops a re-publish. Once JetStream has acknowledged a
//! batch, the relay records the topic's position in `realtime.relayed`; a new relay starts
//! by publishing whatever each topic has beyond its position.
//!
//! Every gateway, the relay's included, follows the stream with an ordered consumer and
//! hands each event to its hub. The outbox stays the source of truth: an event whose seq
//! is not the next one its topic expects (a gap), an event published without its row (too
//! large for a NATS message), and every followed topic after the consumer (re)starts or
//! the connection to NATS comes back, are read from the outbox instead. The hub drops what
//! it has already dispatched, so nothing is lost or delivered twice.
//!
//! The stream is named after the database (`switchyard_<system identifier>_<database
//! oid>`), so gateways of one database share it and two databases never do.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};
use futures_util::StreamExt as _;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use tokio::sync::Notify;

use super::listener::{self, Notices, Pace, SourceError};
use super::{Event, Hub, Topic};
use crate::metrics::Metrics;

/// `application_name` of the relay's connection (the one holding the lock).
pub const RELAY_APPLICATION_NAME: &str = "switchyard-relay";
/// The advisory lock whose holder is the relay ("SWYDRELY" in ASCII). Advisory locks are
/// per database, so each database elects its own relay.
const RELAY_LOCK: i64 = 0x5357_5944_5245_4c59;
/// How long JetStream keeps events. A gateway away for longer catches up from the outbox,
/// which keeps them for [`super::RETENTION`].
const STREAM_MAX_AGE: Duration = Duration::from_secs(3600);
/// How long JetStream remembers a message id to drop its re-publish.
const DUPLICATE_WINDOW: Duration = Duration::from_secs(120);
/// Header of an event published without its row (too large for a NATS message): the
/// gateways read it from the outbox.
const ROW_OMITTED: &str = "Switchyard-Row-Omitted";
/// Topics whose published position a relay remembers before it starts over (the positions
/// only spare re-reads; the outbox and `realtime.relayed` hold the truth).
const REMEMBERED_TOPICS: usize = 100_000;
/// Room left in a NATS message for the subject and headers.
const MESSAGE_OVERHEAD: usize = 1024;

/// Why the backplane could not be set up at start.
#[derive(Debug, thiserror::Error)]
pub enum BackplaneError {
    #[error("SWITCHYARD_NATS_URL: {0}")]
    Connect(#[from] async_nats::ConnectError),
    #[error("naming the event stream after the database: {0}")]
    Database(#[from] DbErr),
}

/// A connection to NATS and the database's event stream on it.
#[derive(Clone)]
pub struct Backplane {
    client: async_nats::Client,
    jetstream: jetstream::Context,
    /// The stream's name, also its subjects' prefix.
    stream: String,
    /// Signalled each time the connection to NATS is established again: the server may
    /// have lost the consumer (a restart does), and what was published while the
    /// connection was away may never arrive.
    reconnected: Arc<Notify>,
}

impl Backplane {
    /// Connects to the NATS server at `url` (retrying in the background while it is
    /// unreachable) and names the stream after the database `pool` reaches.
    pub async fn connect(url: &str, pool: &DatabaseConnection) -> Result<Self, BackplaneError> {
        let stream = stream_name(pool).await?;
        let reconnected = Arc::new(Notify::new());
        let on_event = Arc::clone(&reconnected);
        let connected_before = Arc::new(AtomicBool::new(false));
        let client = async_nats::ConnectOptions::new()
            .name("switchyard")
            .retry_on_initial_connect()
            .event_callback(move |event| {
                let on_event = Arc::clone(&on_event);
                let connected_before = Arc::clone(&connected_before);
                async move {
                    match event {
                        async_nats::Event::Connected => {
                            tracing::info!("connected to NATS");
                            if connected_before.swap(true, Ordering::Relaxed) {
                                on_event.notify_one();
                            }
                        }
                        async_nats::Event::Disconnected => {
                            tracing::warn!("disconnected from NATS; reconnecting")
                        }
                        other => tracing::debug!(event = %other, "NATS"),
                    }
                }
            })
            .connect(url)
            .await?;
        tracing::info!(stream, "realtime events go through NATS JetStream");
        Ok(Self {
            jetstream: jetstream::new(client.clone()),
            client,
            stream,
            reconnected,
        })
    }

    /// Runs this process's share of the backplane, forever: a candidate for relay, and a
    /// consumer feeding `hub`.
    pub fn start(self, hub: Arc<Hub>, pool: DatabaseConnection, database_url: String) {
        let relay = self.clone();
        let relay_hub = Arc::clone(&hub);
        let relay_pool = pool.clone();
        tokio::spawn(async move {
            let hub = relay_hub;
            listener::forever(&hub, "relay", || {
                relay.relay(hub.metrics(), &relay_pool, &database_url)
            })
            .await;
        });
        tokio::spawn(async move {
            listener::forever(&hub, "consumer", || self.consume(&hub, &pool)).await;
        });
    }

    /// The stream, created with its settings if it does not exist yet.
    async fn stream(&self) -> Result<stream::Stream, SourceError> {
        self.jetstream
            .get_or_create_stream(stream::Config {
                name: self.stream.clone(),
                subjects: vec![format!("{}.>", self.stream)],
                storage: stream::StorageType::File,
                max_age: STREAM_MAX_AGE,
                duplicate_window: DUPLICATE_WINDOW,
                ..Default::default()
            })
            .await
            .map_err(nats)
    }

    /// One term as candidate: wait for the lock, then publish until the connection to
    /// PostgreSQL or NATS fails (which ends the term and releases the lock).
    async fn relay(
        &self,
        metrics: &Metrics,
        pool: &DatabaseConnection,
        url: &str,
    ) -> Result<(), SourceError> {
        let mut notices = Notices::connect(url, RELAY_APPLICATION_NAME).await?;
        // Blocks while another gateway relays; its session ending hands the lock over.
        notices
            .client
            .batch_execute(&format!(
                "SET statement_timeout = 0; SELECT pg_advisory_lock({RELAY_LOCK})"
            ))
            .await?;
        let _term = Term::begin(metrics, &self.stream);
        notices.listen().await?;
        self.stream().await?;
        let unrelayed = pool
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT topic, relayed FROM realtime.unrelayed()",
            ))
            .await?;
        // How far this term has published each topic it touched, so a notice whose event
        // already went out with an earlier one's batch is not read again.
        let mut published: HashMap<Topic, i64> = HashMap::new();
        let mut caught_up = Vec::new();
        for row in unrelayed {
            let topic: String = row.try_get("", "topic")?;
            match topic.parse::<Topic>() {
                Ok(topic) => caught_up.push((topic, row.try_get("", "relayed")?)),
                Err(error) => {
                    tracing::warn!(error = %error, topic, "not relaying an unknown topic")
                }
            }
        }
        self.publish(metrics, pool, caught_up, &mut published)
            .await?;
        while let Some(pending) = notices.next().await {
            if published.len() > REMEMBERED_TOPICS {
                published.clear();
            }
            let from = pending
                .into_iter()
                .map(|(topic, seq)| (topic, published.get(&topic).copied().unwrap_or(seq - 1)))
                .collect();
            self.publish(metrics, pool, from, &mut published).await?;
        }
        Err(notices.closed().await)
    }

    /// Publishes each topic's events after its seq in `from`, then records in
    /// `realtime.relayed`, and in `published`, how far each got (one statement for all).
    async fn publish(
        &self,
        metrics: &Metrics,
        pool: &DatabaseConnection,
        from: Vec<(Topic, i64)>,
        published: &mut HashMap<Topic, i64>,
    ) -> Result<(), SourceError> {
        let (mut topics, mut seqs) = (Vec::new(), Vec::new());
        for (topic, after) in from {
            let last = self.publish_after(metrics, pool, topic, after).await?;
            if last > after {
                topics.push(topic.to_string());
                seqs.push(last);
            }
            published.insert(topic, last);
        }
        if !topics.is_empty() {
            pool.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT realtime.mark_relayed(topic, seq) \
                 FROM unnest($1::text[], $2::bigint[]) AS relayed(topic, seq)",
                [topics.into(), seqs.into()],
            ))
            .await?;
        }
        Ok(())
    }

    /// Publishes `topic`'s events after `after`, each acknowledged by JetStream; returns
    /// the last seq published (`after` when there was nothing).
    async fn publish_after(
        &self,
        metrics: &Metrics,
        pool: &DatabaseConnection,
        topic: Topic,
        mut after: i64,
    ) -> Result<i64, SourceError> {
        let subject = format!("{}.{topic}", self.stream);
        // The server's limit, known once connected (the relay publishes only then).
        let largest = self
            .client
            .server_info()
            .max_payload
            .saturating_sub(MESSAGE_OVERHEAD);
        let mut batches = listener::Batches::after(pool, topic, after);
        while let Some(events) = batches.next().await? {
            // A batch (at most `READ_BATCH`, fewer than the client's 5,000 unacknowledged
            // publishes) is in flight at once, then acknowledged.
            let mut acks = Vec::with_capacity(events.len());
            for event in &events {
                let (body, rowless) = encode(event, largest);
                let mut message = jetstream::message::PublishMessage::build()
                    .message_id(format!("{topic}:{}", event.seq))
                    .payload(body.into());
                if rowless {
                    message = message.header(ROW_OMITTED, "1");
                }
                acks.push(
                    self.jetstream
                        .send_publish(subject.clone(), message)
                        .await
                        .map_err(nats)?,
                );
            }
            for ack in acks {
                ack.await.map_err(nats)?;
            }
            after = events.last().map_or(after, |event| event.seq);
            metrics.relayed(events.len());
        }
        Ok(after)
    }

    /// One term as consumer: follow the stream from now on, after catching the followed
    /// topics up from the outbox; ends when the stream fails or the connection to NATS
    /// comes back, and the next term starts over with a new consumer.
    async fn consume(&self, hub: &Hub, pool: &DatabaseConnection) -> Result<(), SourceError> {
        let consumer = self
            .stream()
            .await?
            .create_consumer(consumer::pull::OrderedConfig {
                filter_subject: format!("{}.>", self.stream),
                deliver_policy: consumer::DeliverPolicy::New,
                ..Default::default()
            })
            .await
            .map_err(nats)?;
        let mut messages = consumer.messages().await.map_err(nats)?;
        tracing::info!(stream = self.stream, "realtime consumer following NATS");
        listener::catch_up(hub, pool).await?;
        loop {
            tokio::select! {
                message = messages.next() => {
                    let message = message.ok_or(SourceError::Closed)?.map_err(nats)?;
                    self.receive(hub, pool, &message).await?;
                }
                () = self.reconnected.notified() => return Ok(()),
            }
        }
    }

    /// Hands one published event to the hub, or reads its topic from the outbox when the
    /// message cannot be used as it is.
    async fn receive(
        &self,
        hub: &Hub,
        pool: &DatabaseConnection,
        message: &jetstream::Message,
    ) -> Result<(), SourceError> {
        let topic = message
            .subject
            .strip_prefix(self.stream.as_str())
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|topic| topic.parse::<Topic>().ok());
        // Every gateway sees every event: one nobody here follows is not even parsed.
        if topic.is_some_and(|topic| !hub.follows(topic)) {
            return Ok(());
        }
        let event = serde_json::from_slice::<Event>(&message.payload);
        let (Some(topic), Ok(event)) = (topic, event) else {
            tracing::warn!(subject = %message.subject, "ignoring a malformed backplane message");
            return Ok(());
        };
        let rowless = message
            .headers
            .as_ref()
            .is_some_and(|headers| headers.get(ROW_OMITTED).is_some());
        match hub.read_from(topic, event.seq) {
            None => Ok(()),
            Some(after) if event.seq <= after => Ok(()),
            Some(after) if event.seq == after + 1 && !rowless => {
                hub.dispatch(topic, &[Arc::new(event)]);
                Ok(())
            }
            // A gap is a backlog; a row left out is one event, read and sent at once.
            Some(after) if rowless && event.seq == after + 1 => {
                listener::deliver(hub, pool, topic, after, Pace::Live).await
            }
            Some(after) => listener::deliver(hub, pool, topic, after, Pace::CatchUp).await,
        }
    }
}

/// The relay's term: the metric says so while it lasts, whatever ends it.
struct Term<'a>(&'a Metrics);

impl<'a> Term<'a> {
    fn begin(metrics: &'a Metrics, stream: &str) -> Self {
        tracing::info!(
            stream,
            "elected the realtime relay: publishing the outbox to NATS"
        );
        metrics.relay_leader(true);
        Self(metrics)
    }
}

impl Drop for Term<'_> {
    fn drop(&mut self) {
        self.0.relay_leader(false);
    }
}

/// The event as a message body, and whether its row was left out: it is, when the whole
/// event would not fit in `largest` bytes. (JSON values always serialize.)
fn encode(event: &Event, largest: usize) -> (Vec<u8>, bool) {
    let whole = serde_json::to_vec(event).unwrap_or_default();
    if whole.len() <= largest || event.row.is_none() {
        return (whole, false);
    }
    let rowless = Event {
        row: None,
        ..event.clone()
    };
    (serde_json::to_vec(&rowless).unwrap_or_default(), true)
}

/// `switchyard_<system identifier>_<database oid>` of the database `pool` reaches.
async fn stream_name(pool: &DatabaseConnection) -> Result<String, DbErr> {
    let row = pool
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT format('switchyard_%s_%s', system_identifier, \
                    (SELECT oid FROM pg_database WHERE datname = current_database())) AS name \
             FROM pg_control_system()",
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("pg_control_system()".into()))?;
    row.try_get("", "name")
}

/// A NATS client error as an event source's.
fn nats(error: impl Into<async_nats::Error>) -> SourceError {
    SourceError::Nats(error.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(row: Option<serde_json::Value>) -> Event {
        Event {
            seq: 7,
            kind: "added".into(),
            row_id: uuid::Uuid::nil(),
            payload: serde_json::json!({ "sender_id": "x" }),
            row,
        }
    }

    #[test]
    fn an_event_too_large_for_a_message_goes_without_its_row_and_says_so() {
        let large = event(Some(serde_json::json!({ "body": "x".repeat(2_000) })));
        let (body, rowless) = encode(&large, 1_000);
        assert!(rowless);
        let sent: Event = serde_json::from_slice(&body).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            sent,
            Event {
                row: None,
                ..large.clone()
            }
        );

        let (body, rowless) = encode(&large, 4_000);
        assert!(!rowless);
        assert_eq!(serde_json::from_slice::<Event>(&body).ok(), Some(large));
    }

    #[test]
    fn an_event_whose_row_is_gone_is_never_marked_rowless() {
        let gone = event(None);
        let (_, rowless) = encode(&gone, 10);
        assert!(
            !rowless,
            "a missing row is the event's truth, not an omission"
        );
    }
}
