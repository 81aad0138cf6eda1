//! States a feed derives from a topic's history for the subscribers who join it (a
//! collaboration document merged from its edits), kept per topic with the seq each
//! covers, so that subscribers joining while the topic has not moved start from one
//! derivation instead of each reading and deriving the history again.
//!
//! A state enters through [`DerivedStates::state`] with the topic's seq as the joiner read
//! it: one derived at that seq or later is handed out as it is (a state and its seq always
//! belong together, and the joiner's feed relays the events after that seq); otherwise the
//! joiner derives it, one joiner of a topic at a time, so a crowd arriving together derives
//! it once. States leave least recently used first, beyond [`BUDGET`] bytes in all.

use std::future::Future;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::sync::Arc;

use tokio::sync::Mutex;

use super::Topic;
use crate::budget_cache::BudgetCache;
use crate::metrics::Metrics;

/// The bytes of states kept in all.
pub const BUDGET: usize = 64 << 20;

/// Joiners of topics hashing alike derive one at a time; of one topic, always.
const TURNS: usize = 16;

/// A state and the seq of the last event it covers.
pub type Derived = (i64, Arc<str>);

/// The states derived last, per topic.
pub struct DerivedStates {
    states: BudgetCache<Topic, Derived>,
    turns: [Mutex<()>; TURNS],
    metrics: Arc<Metrics>,
}

impl DerivedStates {
    /// No state yet; each derivation is counted into `metrics`.
    pub fn new(metrics: Arc<Metrics>) -> Self {
        Self {
            states: BudgetCache::new(BUDGET),
            turns: std::array::from_fn(|_| Mutex::new(())),
            metrics,
        }
    }

    /// The state of `topic` at seq `now` or later: the one derived last when it is that
    /// recent, otherwise the one `derive` reads and derives, then kept for the next joiners.
    pub async fn state<E, F, Fut>(&self, topic: Topic, now: i64, derive: F) -> Result<Derived, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(i64, String), E>>,
    {
        let recent = || self.states.get(&topic).filter(|(seq, _)| *seq >= now);
        if let Some(state) = recent() {
            return Ok(state);
        }
        let _turn = self.turns[turn(topic)].lock().await;
        // Derived by the joiner whose turn came first.
        if let Some(state) = recent() {
            return Ok(state);
        }
        let (seq, state) = derive().await?;
        self.metrics.state_derived();
        let state: Arc<str> = state.into();
        self.states
            .put(topic, (seq, Arc::clone(&state)), state.len());
        Ok((seq, state))
    }
}

fn turn(topic: Topic) -> usize {
    let mut hasher = DefaultHasher::new();
    topic.hash(&mut hasher);
    usize::try_from(hasher.finish() % TURNS as u64).unwrap_or_default()
}
