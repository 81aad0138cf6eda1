//! Fair shares of the request pool: one client holds at most half of the pool's
//! connections at once, so one client's requests that each hold a connection for long
//! (a document of aliased `totalCount`s over a large table, each under the statement
//! timeout, or reads waiting on a lock) leave the other half to everyone else.
//!
//! A client is its user when signed in, its address otherwise (several people behind one
//! address are told apart once they sign in). A request takes its client's place when its
//! transaction opens ([`super::RequestScope`]) and gives it back when the transaction
//! ends; a request over its client's share waits, at most as long as it would for the
//! pool, and is then refused with [`DbError::OverShare`](super::DbError::OverShare) having
//! run nothing. Loopback clients (the operator's own tools, tests and benchmarks, unless
//! `SWITCHYARD_LIMIT_LOOPBACK` is set, as for the rate limits) and `service_role` tokens
//! (the operator's own workers) are not held to a share.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::auth::Client;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The connections each client holds, against a share of `share` each.
pub struct Shares {
    share: usize,
    wait: Duration,
    /// A client's places, present while one of its requests holds or waits for one.
    clients: Mutex<HashMap<Client, Arc<Semaphore>>>,
}

impl Shares {
    /// Shares of a pool of `connections`, each half of it (at least one), waited for at
    /// most `wait` (the pool's own wait).
    pub fn new(connections: u32, wait: Duration) -> Self {
        Self {
            share: usize::try_from(connections / 2).map_or(1, |half| half.max(1)),
            wait,
            clients: Mutex::default(),
        }
    }

    /// How many connections one client may hold at once.
    pub fn share(&self) -> usize {
        self.share
    }

    /// How long a request over its client's share waits for a place.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    /// A place among `client`'s share, once one is free; `None` if none came free in time.
    pub async fn take(self: &Arc<Self>, client: Client) -> Option<Place> {
        let places = {
            let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(
                clients
                    .entry(client)
                    .or_insert_with(|| Arc::new(Semaphore::new(self.share))),
            )
        };
        // Whatever happens below, dropping `place` forgets the client's entry once nobody
        // holds or waits for its places.
        let mut place = Place {
            shares: Arc::clone(self),
            client,
            places,
            permit: None,
        };
        let permit = tokio::time::timeout(self.wait, Arc::clone(&place.places).acquire_owned())
            .await
            .ok()?
            .ok()?;
        place.permit = Some(permit);
        Some(place)
    }
}

/// A place a request holds among its client's share, given back when dropped.
pub struct Place {
    shares: Arc<Shares>,
    client: Client,
    places: Arc<Semaphore>,
    permit: Option<OwnedSemaphorePermit>,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut clients = self
            .shares
            .clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        drop(self.permit.take());
        // Every holder or waiter clones the entry under this lock: the map's and this
        // place's are the last two when nobody else holds or waits.
        if let Entry::Occupied(entry) = clients.entry(self.client)
            && Arc::ptr_eq(entry.get(), &self.places)
            && Arc::strong_count(&self.places) == 2
        {
            entry.remove();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn user() -> Client {
        Client::User(Uuid::new_v4())
    }

    #[tokio::test]
    async fn a_client_holds_at_most_half_the_pool_and_others_are_not_held_up() {
        let shares = Arc::new(Shares::new(4, Duration::from_millis(50)));
        let (greedy, other) = (user(), user());
        let first = shares.take(greedy).await;
        let second = shares.take(greedy).await;
        assert!(first.is_some() && second.is_some());
        assert!(
            shares.take(greedy).await.is_none(),
            "a third place for one client"
        );
        assert!(
            shares.take(other).await.is_some(),
            "another client waits on the first"
        );
        drop(first);
        assert!(
            shares.take(greedy).await.is_some(),
            "a place given back is taken again"
        );
    }

    #[tokio::test]
    async fn a_client_nobody_holds_or_waits_for_is_forgotten() {
        let shares = Arc::new(Shares::new(2, Duration::from_millis(20)));
        let client = user();
        let place = shares.take(client).await;
        assert!(shares.take(client).await.is_none());
        drop(place);
        let clients = shares
            .clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        assert!(clients.is_empty(), "{} clients kept", clients.len());
    }
}
