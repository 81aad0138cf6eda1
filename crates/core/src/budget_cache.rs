//! A least-recently-used cache bounded by the bytes its entries weigh, not by their number:
//! what clients send decides its content (document texts), so a count alone would let a
//! few large entries hold unbounded memory. Entries enter with their weight; the least
//! recently used leave until the total fits the budget. Used by persisted queries (texts
//! under their hash), the document gate (parsed documents under their text) and the
//! realtime hub's derived states (a collaboration document merged, under its topic).

use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// An LRU cache of `V` under `K`, holding at most `budget` bytes of entries.
pub struct BudgetCache<K: Hash + Eq, V> {
    budget: usize,
    entries: Mutex<Entries<K, V>>,
}

struct Entries<K: Hash + Eq, V> {
    lru: lru::LruCache<K, (V, usize)>,
    bytes: usize,
}

impl<K: Hash + Eq, V: Clone> BudgetCache<K, V> {
    /// A cache holding at most `budget` bytes; 0 keeps nothing.
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            entries: Mutex::new(Entries {
                lru: lru::LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }

    /// Whether the cache may hold anything at all.
    pub fn is_enabled(&self) -> bool {
        self.budget > 0
    }

    /// The value under `key`, now the most recently used.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.lock().lru.get(key).map(|(value, _)| value.clone())
    }

    /// Keeps `value` under `key` as weighing `bytes`, evicting the least recently used
    /// entries beyond the budget. An entry heavier than the whole budget is not kept.
    pub fn put(&self, key: K, value: V, bytes: usize) {
        if bytes > self.budget {
            return;
        }
        let mut entries = self.lock();
        if let Some((_, previous)) = entries.lru.put(key, (value, bytes)) {
            entries.bytes -= previous;
        }
        entries.bytes += bytes;
        while entries.bytes > self.budget {
            match entries.lru.pop_lru() {
                Some((_, (_, evicted))) => entries.bytes -= evicted,
                None => break,
            }
        }
    }

    /// How many entries it holds.
    pub fn entries(&self) -> usize {
        self.lock().lru.len()
    }

    // A panic while the lock was held left the cache consistent (each change is one
    // `put` or `pop`), so a poisoned lock is taken as it is.
    fn lock(&self) -> MutexGuard<'_, Entries<K, V>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::BudgetCache;

    #[test]
    fn the_least_recently_used_leave_when_the_budget_is_spent() {
        let cache = BudgetCache::new(10);
        cache.put("a", 1, 4);
        cache.put("b", 2, 4);
        assert_eq!(cache.get("a"), Some(1));
        cache.put("c", 3, 4);
        assert_eq!(cache.get("b"), None, "b was the least recently used");
        assert_eq!((cache.get("a"), cache.get("c")), (Some(1), Some(3)));
        cache.put("huge", 4, 11);
        assert_eq!(cache.get("huge"), None, "heavier than the whole budget");
        assert_eq!(cache.entries(), 2);
    }

    #[test]
    fn replacing_an_entry_counts_its_new_weight_only() {
        let cache = BudgetCache::new(10);
        cache.put("a", 1, 6);
        cache.put("a", 2, 6);
        cache.put("b", 3, 4);
        assert_eq!((cache.get("a"), cache.get("b")), (Some(2), Some(3)));
    }
}
