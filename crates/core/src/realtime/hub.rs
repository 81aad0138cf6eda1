//! The hub: topic → subscribers, fed only by the [listener](super::listener) or, with the
//! NATS backplane, its consumer ([`super::backplane`]).
//!
//! Each subscriber has a bounded buffer. An event is shared (`Arc`) by every subscriber of
//! its topic, so it is read from the outbox once per process however many follow it. A
//! subscriber whose buffer is full is cut off and told why (see [`Lagged`]), so one slow
//! client never holds events, or memory, for the others.
//!
//! The hub keeps the server's realtime series current (subscriptions open, events
//! delivered and dropped, subscribers cut off, per feed) and traces each fan-out.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc;
use uuid::Uuid;

use super::Topic;
use crate::metrics::Metrics;

/// One outbox event, as read once per process and shared by the topic's subscribers (or,
/// with the backplane, as the relay read it and published it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// Position in its topic (commit order); the client's cursor.
    pub seq: i64,
    /// What happened (`added`, `read`, `joined`, `progress`, ...).
    pub kind: String,
    /// The row the event is about.
    pub row_id: Uuid,
    /// The small payload the trigger recorded.
    pub payload: serde_json::Value,
    /// The row as JSON when the event was read; `None` when the row is gone.
    pub row: Option<serde_json::Value>,
}

/// Why a subscription was cut off: its buffer of undelivered events filled up.
#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
#[error(
    "the subscription fell behind: more than {0} events were waiting to be sent; \
     resubscribe with `after` set to the last cursor you received to resume without loss"
)]
pub struct Lagged(pub usize);

struct Subscriber {
    id: u64,
    tx: mpsc::Sender<Arc<Event>>,
    lagged: Arc<AtomicBool>,
}

/// One followed topic: its position and its subscribers.
#[derive(Default)]
struct Followers {
    /// The last seq handed to this topic's subscribers (or known to be committed when they
    /// subscribed); `None` until learnt.
    last_seq: Option<i64>,
    subscribers: Vec<Subscriber>,
}

/// Routes events by topic to bounded per-subscriber buffers.
pub struct Hub {
    topics: Mutex<HashMap<Topic, Followers>>,
    buffer: usize,
    next_id: AtomicU64,
    metrics: Arc<Metrics>,
}

/// The feed of `topic`: its kind (`conversation` of `conversation:<id>`), a label with a
/// handful of values where the topic would make one per row.
fn feed(topic: Topic) -> &'static str {
    topic.kind().as_str()
}

impl Hub {
    /// A hub whose subscribers each buffer at most `buffer` undelivered events, counting
    /// into `metrics`.
    pub fn new(buffer: usize, metrics: Arc<Metrics>) -> Arc<Self> {
        Arc::new(Self {
            topics: Mutex::default(),
            buffer: buffer.max(1),
            next_id: AtomicU64::new(1),
            metrics,
        })
    }

    /// The server's counters (the listener counts its reconnects here).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    fn topics(&self) -> MutexGuard<'_, HashMap<Topic, Followers>> {
        // A panic while holding the lock cannot leave the map inconsistent (every update is
        // a single push, retain or assignment), so a poisoned lock is still usable.
        self.topics
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts following `topic`. Events dispatched from now on reach the subscription.
    pub fn subscribe(self: &Arc<Self>, topic: Topic) -> Subscription {
        let (tx, rx) = mpsc::channel(self.buffer);
        let lagged = Arc::new(AtomicBool::new(false));
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.topics()
            .entry(topic)
            .or_default()
            .subscribers
            .push(Subscriber {
                id,
                tx,
                lagged: Arc::clone(&lagged),
            });
        self.metrics.subscription_opened(feed(topic));
        Subscription {
            hub: Arc::clone(self),
            topic,
            id,
            rx,
            lagged,
        }
    }

    /// Records that every event of `topic` up to `seq` was committed before its current
    /// subscribers started, unless the listener already knows better.
    pub fn learn_seq(&self, topic: Topic, seq: i64) {
        if let Some(state) = self.topics().get_mut(&topic)
            && state.last_seq.is_none()
        {
            state.last_seq = Some(seq);
        }
    }

    /// Where to read `topic` from when event `notified` arrives: `None` when nobody
    /// follows it.
    pub fn read_from(&self, topic: Topic, notified: i64) -> Option<i64> {
        self.topics()
            .get(&topic)
            .map(|state| state.last_seq.unwrap_or(notified - 1))
    }

    /// Whether anybody follows `topic`.
    pub fn follows(&self, topic: Topic) -> bool {
        self.topics().contains_key(&topic)
    }

    /// The followed topics whose position is known, for catching up after a reconnect.
    pub fn positions(&self) -> Vec<(Topic, i64)> {
        self.topics()
            .iter()
            .filter_map(|(topic, state)| Some((*topic, state.last_seq?)))
            .collect()
    }

    /// Hands `events` (in seq order, all of `topic`) to its subscribers. Events at or
    /// before the topic's last dispatched seq are skipped; a subscriber whose buffer is
    /// full is cut off.
    pub fn dispatch(&self, topic: Topic, events: &[Arc<Event>]) {
        let feed = feed(topic);
        let mut topics = self.topics();
        let Some(state) = topics.get_mut(&topic) else {
            return;
        };
        let _fan_out = tracing::debug_span!(
            "realtime.fan_out",
            realtime.feed = feed,
            realtime.events = events.len(),
            realtime.subscribers = state.subscribers.len(),
        )
        .entered();
        for event in events {
            if state.last_seq.is_some_and(|last| event.seq <= last) {
                continue;
            }
            state.last_seq = Some(event.seq);
            state.subscribers.retain(|subscriber| {
                let kept = match subscriber.tx.try_send(Arc::clone(event)) {
                    Ok(()) => true,
                    Err(mpsc::error::TrySendError::Full(_)) => {
                        subscriber.lagged.store(true, Ordering::Release);
                        self.metrics.cut_off(feed);
                        false
                    }
                    Err(mpsc::error::TrySendError::Closed(_)) => false,
                };
                self.metrics.event(feed, kept);
                if !kept {
                    self.metrics.subscription_closed(feed);
                }
                kept
            });
        }
    }

    /// Hands `events` (in seq order, all of `topic`, read from the outbox to catch up) to
    /// its subscribers no faster than the slowest of them makes room, so a catch-up larger
    /// than a buffer does not cut off subscribers that keep reading. A subscriber that makes
    /// no room within `patience` is cut off as [`dispatch`](Self::dispatch) cuts off any slow
    /// one. Live events go through `dispatch`, which never waits.
    pub async fn dispatch_patiently(
        &self,
        topic: Topic,
        mut events: &[Arc<Event>],
        patience: std::time::Duration,
    ) {
        let deadline = tokio::time::Instant::now() + patience;
        while !events.is_empty() {
            let room = if tokio::time::Instant::now() >= deadline {
                events.len()
            } else {
                self.room(topic).min(events.len())
            };
            if room == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                continue;
            }
            let (now, later) = events.split_at(room);
            self.dispatch(topic, now);
            events = later;
        }
    }

    /// How many more events every subscriber of `topic` can take without being cut off.
    fn room(&self, topic: Topic) -> usize {
        self.topics().get(&topic).map_or(usize::MAX, |state| {
            state
                .subscribers
                .iter()
                .map(|subscriber| subscriber.tx.capacity())
                .min()
                .unwrap_or(usize::MAX)
        })
    }

    /// How many subscriptions are open (for metrics and benchmarks).
    pub fn subscriptions(&self) -> usize {
        self.topics()
            .values()
            .map(|state| state.subscribers.len())
            .sum()
    }

    fn unsubscribe(&self, topic: Topic, id: u64) {
        let mut topics = self.topics();
        if let Some(state) = topics.get_mut(&topic) {
            let before = state.subscribers.len();
            state.subscribers.retain(|subscriber| subscriber.id != id);
            // A subscriber cut off by `dispatch` was counted out there already.
            if state.subscribers.len() < before {
                self.metrics.subscription_closed(feed(topic));
            }
            if state.subscribers.is_empty() {
                topics.remove(&topic);
            }
        }
    }
}

/// One follower of a topic; leaving scope unsubscribes.
pub struct Subscription {
    hub: Arc<Hub>,
    topic: Topic,
    id: u64,
    rx: mpsc::Receiver<Arc<Event>>,
    lagged: Arc<AtomicBool>,
}

impl Subscription {
    /// The next event, or [`Lagged`] once the hub has cut this subscription off.
    pub async fn recv(&mut self) -> Result<Arc<Event>, Lagged> {
        match self.rx.recv().await {
            Some(event) => Ok(event),
            // The hub drops the sender only when it cuts the subscriber off.
            None => Err(Lagged(self.hub.buffer)),
        }
    }

    /// Whether the hub cut this subscription off (its buffered events are still readable).
    pub fn lagged(&self) -> bool {
        self.lagged.load(Ordering::Acquire)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.unsubscribe(self.topic, self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64) -> Arc<Event> {
        Arc::new(Event {
            seq,
            kind: "added".into(),
            row_id: Uuid::nil(),
            payload: serde_json::Value::Null,
            row: None,
        })
    }

    #[tokio::test]
    async fn a_full_buffer_cuts_the_subscriber_off_after_what_it_holds() {
        let hub = Hub::new(2, Arc::default());
        let topic = Topic::Conversation(Uuid::nil());
        let mut slow = hub.subscribe(topic);
        let mut other = hub.subscribe(topic);
        hub.dispatch(topic, &[event(1), event(2)]);
        assert_eq!(other.recv().await.map(|e| e.seq), Ok(1));
        assert_eq!(other.recv().await.map(|e| e.seq), Ok(2));
        hub.dispatch(topic, &[event(3), event(2)]);
        assert!(slow.lagged());
        assert_eq!(slow.recv().await.map(|e| e.seq), Ok(1));
        assert_eq!(slow.recv().await.map(|e| e.seq), Ok(2));
        assert_eq!(slow.recv().await.map(|e| e.seq), Err(Lagged(2)));
        assert_eq!(other.recv().await.map(|e| e.seq), Ok(3));
        drop(other);
        drop(slow);
        assert_eq!(hub.subscriptions(), 0);
    }

    #[tokio::test]
    async fn a_catch_up_larger_than_a_buffer_waits_for_a_reader_and_cuts_off_a_stalled_one() {
        let hub = Hub::new(2, Arc::default());
        let topic = Topic::Conversation(Uuid::nil());
        let mut reader = hub.subscribe(topic);
        let reading = tokio::spawn(async move {
            let mut seqs = Vec::new();
            while let Ok(event) = reader.recv().await {
                seqs.push(event.seq);
                if seqs.len() == 10 {
                    break;
                }
            }
            seqs
        });
        let backlog: Vec<_> = (1..=10).map(event).collect();
        hub.dispatch_patiently(topic, &backlog, std::time::Duration::from_secs(30))
            .await;
        assert_eq!(reading.await.ok(), Some((1..=10).collect::<Vec<_>>()));

        let stalled = hub.subscribe(topic);
        let more: Vec<_> = (11..=15).map(event).collect();
        hub.dispatch_patiently(topic, &more, std::time::Duration::from_millis(50))
            .await;
        assert!(
            stalled.lagged(),
            "a subscriber that never reads is still cut off"
        );
    }
}
