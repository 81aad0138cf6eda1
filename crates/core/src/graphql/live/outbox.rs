//! How a feed reads its topic: the outbox replayed after a cursor and joined to the hub
//! without gap or duplicate ([`log_feed`]), each event turned into the feed's own
//! ([`each_event`]), a state read in the same snapshot as its topic's seq ([`snapshot`]),
//! and an event's row and payload fields.
//!
//! Data enters from the outbox (read as its owner through [`Realtime`]) and from the hub;
//! it leaves as the topic's [`Event`]s in seq order, which each feed turns into its own
//! GraphQL events.

use std::sync::Arc;

use futures_util::Stream;
use futures_util::future::Either;
use sea_orm::{ConnectionTrait as _, DbBackend, Statement};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::graphql::error::ApiError;
use crate::realtime::{Event, READ_BATCH, Realtime, Subscription as HubSubscription, Topic};

/// A topic's seq and a JSON value read in one statement (one snapshot), as the owner.
/// `rows_sql` is a scalar query over `$2` = `id`.
pub async fn snapshot(
    realtime: &Realtime,
    topic: Topic,
    rows_sql: &str,
    id: Uuid,
) -> Result<(i64, serde_json::Value), ApiError> {
    let row = realtime
        .pool
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!("SELECT realtime.topic_seq($1) AS seq, ({rows_sql}) AS state"),
            [topic.to_string().into(), id.into()],
        ))
        .await
        .map_err(ApiError::from)?
        .ok_or_else(|| ApiError::NotFound("nothing to follow".into()))?;
    let seq: i64 = row.try_get("", "seq").map_err(ApiError::from)?;
    let state: Option<serde_json::Value> = row.try_get("", "state").map_err(ApiError::from)?;
    Ok((
        seq,
        state.ok_or_else(|| ApiError::NotFound("it no longer exists".into()))?,
    ))
}

/// A log-like feed of `topic`: replays the outbox after `after` (or after the topic's
/// position when the feed is set up), then the live events, each seq once and in order.
/// Empty, without following the topic, when `admission_only`.
pub async fn log_feed(
    realtime: Realtime,
    topic: Topic,
    after: Option<i64>,
    admission_only: bool,
) -> Result<impl Stream<Item = Result<Arc<Event>, ApiError>>, ApiError> {
    if admission_only {
        return Ok(Either::Left(futures_util::stream::empty()));
    }
    // Read before joining the hub, and replayed from: whatever commits between the read and
    // the join still arrives, so once the hub counts the subscription it misses no commit.
    let known = realtime.topic_seq(topic).await.map_err(ApiError::from)?;
    let mut subscription: HubSubscription = realtime.hub.subscribe(topic);
    realtime.hub.learn_seq(topic, known);
    let mut from = after.unwrap_or(known);
    Ok(Either::Right(async_stream::stream! {
        loop {
            // Boxed: the read's state would otherwise sit inline in every idle stream.
            let events = match Box::pin(realtime.read(topic, from)).await {
                Ok(events) => events,
                Err(error) => { yield Err(ApiError::from(error)); return; }
            };
            if events.first().is_some_and(|first| first.seq > from + 1) {
                yield Err(ApiError::bad_input("after", "this cursor is older than the feed's 7-day history; reload, then subscribe without `after`"));
                return;
            }
            let count = events.len();
            for event in events {
                from = event.seq;
                yield Ok(event);
            }
            if count < usize::try_from(READ_BATCH).unwrap_or(usize::MAX) { break; }
        }
        loop {
            match subscription.recv().await {
                Ok(event) => {
                    if event.seq <= from { continue; }
                    from = event.seq;
                    yield Ok(event);
                }
                Err(lagged) => {
                    yield Err(ApiError::Conflict { field: "after".into(), message: lagged.to_string() });
                    return;
                }
            }
        }
    }))
}

/// What a feed makes of one event of its topic.
pub enum Step<T> {
    /// Sends this.
    Send(T),
    /// Sends this, then ends the feed.
    Last(T),
    /// Sends nothing for this event.
    Skip,
    /// Sends this error and carries on (a shared execution's revocation of one member).
    Fail(async_graphql::Error),
    /// Sends this error and ends the feed.
    End(async_graphql::Error),
}

/// A feed of `events` (from [`log_feed`]) turned into GraphQL events by `step`; a failure
/// of the topic itself (a read error, a lag) is sent and ends the feed.
pub fn each_event<T>(
    events: impl Stream<Item = Result<Arc<Event>, ApiError>>,
    mut step: impl FnMut(&Event) -> Step<T>,
) -> impl Stream<Item = async_graphql::Result<T>> {
    async_stream::stream! {
        futures_util::pin_mut!(events);
        while let Some(event) = futures_util::StreamExt::next(&mut events).await {
            let event = match event {
                Ok(event) => event,
                Err(error) => { yield Err(error.into()); return; }
            };
            match step(&event) {
                Step::Send(item) => yield Ok(item),
                Step::Last(item) => { yield Ok(item); return; }
                Step::Skip => {}
                Step::Fail(error) => yield Err(error),
                Step::End(error) => { yield Err(error); return; }
            }
        }
    }
}

/// The event's row as the entity `M`, when it still exists.
pub fn row<M: DeserializeOwned>(event: &Event) -> Option<M> {
    decode(event.row.clone()?, event.seq)
}

/// A row of event `seq` (as JSON) as the entity `M`; a mismatch is logged.
pub fn decode<M: DeserializeOwned>(row: serde_json::Value, seq: i64) -> Option<M> {
    serde_json::from_value(row)
        .inspect_err(
            |error| tracing::error!(error = %error, seq, "an outbox row does not match its entity"),
        )
        .ok()
}

/// One field of an event payload.
pub fn field<T: DeserializeOwned>(payload: &serde_json::Value, name: &str) -> Option<T> {
    payload
        .get(name)
        .cloned()
        .and_then(|value| serde_json::from_value(value).ok())
}
