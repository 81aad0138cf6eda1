//! Transactions that only read, ended with the next request's opening instead of in a
//! round trip of their own.
//!
//! When a query's statements only read tables (see [`super::RequestScope::reader`]), the
//! client need not wait for its transaction's end, and neither PostgreSQL nor the server
//! need spend a round trip on it alone. Its connection is parked here, still inside the
//! transaction, with the word that ends it (`COMMIT`, or `ROLLBACK` when the request
//! failed); the next request that opens a transaction takes it and sends that word in
//! front of its own `BEGIN` and settings, in the same round trip.
//!
//! Connections enter by [`Lingering::park`]. A request waiting for a connection is handed
//! one as it is parked, in the order the requests began to wait, whether they wait here or
//! for the pool; a request that finds no one waiting and a connection parked takes the one
//! parked last ([`Lingering::claim`]), so under a light load a few connections stay busy
//! and the rest age out. A connection no request takes within [`LINGER`] is ended by a
//! background task, which sends the word alone and returns the connection to the pool; one
//! that has been out of the pool for [`ROTATION`] is not parked but ended at once, so
//! whoever else waits for the pool gets a turn under any load.
//!
//! Between its statements a transaction at read committed holds no snapshot, and one that
//! only read holds only the share locks of its tables: a parked one holds back neither
//! vacuum nor another transaction's writes, and a schema change waits for one that no
//! request takes at most [`LINGER`].

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use sea_orm::sqlx::{self, Postgres, pool::PoolConnection};
use tokio::sync::{Notify, oneshot};

/// How long a parked connection waits for a request to take it before its transaction is
/// ended on its own.
pub const LINGER: Duration = Duration::from_millis(20);

/// How long a connection may pass from request to request without going back to the pool.
pub const ROTATION: Duration = Duration::from_millis(100);

/// How a parked transaction ends.
#[derive(Debug, Clone, Copy)]
pub enum Ending {
    Commit,
    Rollback,
}

impl Ending {
    /// The statement that ends the transaction this way.
    pub fn sql(self) -> &'static str {
        match self {
            Self::Commit => "COMMIT",
            Self::Rollback => "ROLLBACK",
        }
    }
}

/// A connection inside a finished transaction, with the word that ends it.
pub struct Parked {
    /// `None` once taken out; a parked connection dropped is closed, never pooled.
    conn: Option<PoolConnection<Postgres>>,
    ending: Ending,
    parked_at: Instant,
    /// When the connection left the pool.
    out_since: Instant,
}

impl Parked {
    /// The connection, its transaction still to be ended by [`Self::ending`].
    pub fn into_conn(mut self) -> Option<PoolConnection<Postgres>> {
        self.conn.take()
    }

    /// The word that ends the connection's transaction.
    pub fn ending(&self) -> Ending {
        self.ending
    }

    /// When the connection left the pool.
    pub fn out_since(&self) -> Instant {
        self.out_since
    }
}

impl Drop for Parked {
    /// A connection inside a transaction must not go back to the pool: closing it ends the
    /// transaction without a round trip to wait for.
    fn drop(&mut self) {
        if let Some(mut conn) = self.conn.take() {
            conn.close_on_drop();
        }
    }
}

/// What [`Lingering::claim`] found.
pub enum Claim {
    /// A parked connection, now the claimer's.
    Parked(Parked),
    /// None: the claimer is in line, and is handed one here unless it stops waiting first
    /// (then it must [`Lingering::hand_on`] whatever it was handed).
    Queued(oneshot::Receiver<Parked>),
}

/// Connections parked inside a finished transaction that only read, and the requests
/// waiting for one.
#[derive(Default)]
pub struct Lingering {
    state: Mutex<State>,
    /// Wakes the task that ends connections nobody took.
    wake: Arc<Notify>,
    reaping: std::sync::OnceLock<()>,
}

#[derive(Default)]
struct State {
    /// In the order they were parked.
    parked: Vec<Parked>,
    waiting: VecDeque<oneshot::Sender<Parked>>,
}

impl Lingering {
    /// Parks `conn`, out of the pool since `out_since`, whose finished transaction is still
    /// open, to be ended by `ending`; or gives it back when it has been out for [`ROTATION`],
    /// for the caller to end its transaction and return it to the pool.
    pub fn park(
        self: &Arc<Self>,
        conn: PoolConnection<Postgres>,
        ending: Ending,
        out_since: Instant,
    ) -> Option<PoolConnection<Postgres>> {
        if out_since.elapsed() >= ROTATION {
            return Some(conn);
        }
        self.hand_on(Parked {
            conn: Some(conn),
            ending,
            parked_at: Instant::now(),
            out_since,
        });
        None
    }

    /// Hands `parked` to the request that has waited longest, or parks it.
    pub fn hand_on(self: &Arc<Self>, mut parked: Parked) {
        self.reaping.get_or_init(|| {
            tokio::spawn(reap(Arc::downgrade(self), Arc::clone(&self.wake)));
        });
        let mut state = self.lock();
        while let Some(waiter) = state.waiting.pop_front() {
            match waiter.send(parked) {
                Ok(()) => return,
                // That request stopped waiting (the pool served it, or it was dropped).
                Err(back) => parked = back,
            }
        }
        state.parked.push(parked);
        let first = state.parked.len() == 1;
        drop(state);
        if first {
            self.wake.notify_one();
        }
    }

    /// The connection parked last, or a place in line for the next one parked.
    pub fn claim(&self) -> Claim {
        let mut state = self.lock();
        if let Some(parked) = state.parked.pop() {
            return Claim::Parked(parked);
        }
        // Requests the pool served leave their place behind; drop those first.
        state.waiting.retain(|waiter| !waiter.is_closed());
        let (sender, receiver) = oneshot::channel();
        state.waiting.push_back(sender);
        Claim::Queued(receiver)
    }

    /// The connections parked at least [`LINGER`] before `now`, and when the next of the
    /// others will have been.
    fn stale(&self, now: Instant) -> (Vec<Parked>, Option<Instant>) {
        let mut state = self.lock();
        let (stale, fresh): (Vec<_>, Vec<_>) = state
            .parked
            .drain(..)
            .partition(|parked| now.duration_since(parked.parked_at) >= LINGER);
        let next = fresh.iter().map(|parked| parked.parked_at + LINGER).min();
        state.parked = fresh;
        (stale, next)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half changed (each change
        // is one push, pop or swap), so a poisoned lock is still a good one.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        self.wake.notify_one();
    }
}

/// Ends the transactions of connections parked longer than [`LINGER`] and returns them to
/// the pool, until `lingering` is gone. Holds it only while looking, so dropping the
/// server's scopes ends the task.
async fn reap(lingering: Weak<Lingering>, wake: Arc<Notify>) {
    loop {
        let notified = wake.notified();
        let Some(parked) = lingering.upgrade() else {
            return;
        };
        let (stale, next) = parked.stale(Instant::now());
        drop(parked);
        for parked in stale {
            let ending = parked.ending();
            let Some(mut conn) = parked.into_conn() else {
                continue;
            };
            if let Err(error) = sqlx::raw_sql(ending.sql()).execute(&mut *conn).await {
                tracing::warn!(%error, "ending a parked transaction failed");
                conn.close_on_drop();
            }
        }
        match next {
            Some(deadline) => tokio::time::sleep_until(deadline.into()).await,
            None => notified.await,
        }
    }
}
