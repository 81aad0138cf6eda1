//! Caps on what one client may hold open at once: the server's TCP connections per client
//! network, and live subscriptions per client across all its sockets and streams.
//!
//! A place is taken when the thing opens ([`Caps::take`]) and given back when its [`Held`]
//! guard is dropped, however it ends; a key is forgotten once it holds nothing, so the map
//! grows with the clients holding something, not with every client ever seen.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Places held per key.
type Counts<K> = Arc<Mutex<HashMap<K, usize>>>;

fn lock<K>(counts: &Mutex<HashMap<K, usize>>) -> MutexGuard<'_, HashMap<K, usize>> {
    counts.lock().unwrap_or_else(PoisonError::into_inner)
}

/// At most `max` places per key.
#[derive(Debug)]
pub struct Caps<K> {
    counts: Counts<K>,
    max: usize,
}

impl<K: Hash + Eq + Clone> Caps<K> {
    /// Caps of `max` places per key.
    pub fn new(max: usize) -> Self {
        Self {
            counts: Arc::default(),
            max,
        }
    }

    /// How many places one key may hold.
    pub fn max(&self) -> usize {
        self.max
    }

    /// One more place for `key`; `None` when it holds `max` already.
    pub fn take(&self, key: K) -> Option<Held<K>> {
        if self.max == 0 {
            return None;
        }
        let mut counts = lock(&self.counts);
        let held = counts.entry(key.clone()).or_default();
        if *held >= self.max {
            return None;
        }
        *held += 1;
        Some(Held {
            counts: Arc::clone(&self.counts),
            key,
        })
    }
}

/// One place of a key, given back when dropped.
#[derive(Debug)]
pub struct Held<K: Hash + Eq> {
    counts: Counts<K>,
    key: K,
}

impl<K: Hash + Eq> Drop for Held<K> {
    fn drop(&mut self) {
        let mut counts = lock(&self.counts);
        if let Some(held) = counts.get_mut(&self.key) {
            *held -= 1;
            if *held == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_holds_at_most_its_cap_and_is_forgotten_once_it_holds_nothing() {
        let caps = Caps::new(2);
        let first = caps.take("ada");
        let second = caps.take("ada");
        assert!(first.is_some() && second.is_some());
        assert!(caps.take("ada").is_none(), "a third place");
        let other = caps.take("bob");
        assert!(other.is_some(), "another key has places of its own");
        drop(first);
        let again = caps.take("ada");
        assert!(again.is_some(), "a place given back is free again");
        drop((second, again, other));
        assert!(lock(&caps.counts).is_empty());
        let none = Caps::new(0);
        assert!(none.take("ada").is_none());
        assert!(lock(&none.counts).is_empty());
    }
}
