//! The database layer: the connection pool, the embedded cluster, the per-request scope in
//! which every statement of a GraphQL request runs, which tables every viewer reads alike
//! ([`policies`], from the row-level-security policies) and what each constraint means to
//! a client ([`constraints`], from the constraints' comments).
//!
//! A request's first statement opens one transaction, switches it to the viewer's role
//! (`anon`, `authenticated`, `service_role`) and hands PostgreSQL the JWT claims, so
//! row-level-security policies and `auth.uid()` decide what the request sees. The HTTP
//! layer commits that transaction when the request succeeded and rolls it back otherwise.
//! A query's transaction that only read tables ends with the next request's opening
//! (`db::lingering`).

pub mod constraints;
pub mod embedded;
mod lingering;
pub mod policies;
pub mod share;
mod transaction;

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use sea_orm::sqlx::{self, Connection as _, PgConnection, PgPool};
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

use crate::auth::{Client, Role, Viewer};
use crate::config::Limits;
use crate::metrics::Metrics;
use lingering::Lingering;
use share::{Place, Shares};
pub use transaction::RequestTransaction;

/// What can go wrong talking to PostgreSQL. The GraphQL layer decides what the client sees.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A statement or the connection failed.
    #[error(transparent)]
    Query(#[from] DbErr),
    /// The request's transaction has been open longer than its statements' timeout: no
    /// further statement starts.
    #[error("the request ran past its time limit of {0:?}")]
    OutOfTime(Duration),
    /// No connection of the pool came free within its wait: nothing of the request ran.
    #[error("no database connection came free within {0:?}")]
    Busy(Duration),
    /// The client's earlier requests held its whole share of the pool ([`share`]) for
    /// longer than the pool's wait: nothing of the request ran.
    #[error("the client held its share of {share} connections for longer than {wait:?}")]
    OverShare { share: usize, wait: Duration },
    /// A statement was attempted after the request's transaction ended.
    #[error("the request's transaction has already ended")]
    ScopeClosed,
    /// The embedded cluster could not be started.
    #[error(transparent)]
    Embedded(#[from] embedded::EmbeddedError),
}

/// What a request's transaction serves. A query's whose statements all came through
/// [`RequestScope::reader`] ends with the next request's opening, not in a round trip of
/// its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Query,
    Change,
}

/// How many connections a pool holds, and how long a request waits for one to come free
/// before it is refused as [`DbError::Busy`].
#[derive(Debug, Clone, Copy)]
pub struct PoolSize {
    /// Most connections open at once.
    pub connections: u32,
    /// Longest wait for a free connection.
    pub wait: Duration,
}

/// Opens a pool, counts and times every statement it runs into `metrics` (and traces it
/// under the current request's span), and has `/metrics` show its connections as `name`.
pub async fn connect(
    url: &str,
    name: &'static str,
    size: PoolSize,
    metrics: Arc<Metrics>,
) -> Result<DatabaseConnection, DbError> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(size.connections)
        // Kept full by the pool's own background task, so a request seldom opens one
        // itself (at start, or after PostgreSQL restarted): opening a connection is a fork
        // and an authentication in PostgreSQL, and a request waiting for the pool is often
        // served first by a connection handed on (`lingering`; `transaction::claim`
        // finishes the connection it was opening aside).
        .min_connections(size.connections)
        .acquire_timeout(size.wait)
        // By default every checkout pings the connection first: a round trip per request,
        // as dear as a statement, to catch a connection lost while it sat idle. One in
        // use within the last second is taken as it is.
        .test_before_acquire_if_idle_for(Duration::from_secs(1))
        // Opened at start would be every one of `min_connections`, one after another within
        // one `acquire_timeout`: a large pool on a loaded machine failed to start though
        // each connection opened fine. Lazily, with no idle timeout or lifetime, sqlx opens
        // them in the background at once, and keeps them as long as they work (a lost one
        // is found by the idle ping and opened again when needed).
        .connect_lazy(true)
        .idle_timeout(None)
        .max_lifetime(None)
        .sqlx_logging(false);
    let mut pool = sea_orm::Database::connect(options).await?;
    // Only the PostgreSQL driver is compiled in, so the pool is always a `PgPool` (the
    // accessor panics on any other).
    let connections = pool.get_postgres_connection_pool().clone();
    // One connection now, so that a wrong address or password stops the start, with why.
    match connections.acquire().await {
        Ok(connection) => drop(connection),
        Err(error) => {
            let why = why_not_connected(&connections, error, size.wait).await;
            return Err(transaction::connection_error(why).into());
        }
    }
    metrics.watch_pool(name, connections);
    pool.set_metric_callback(move |info| {
        metrics.timed_statement(info.elapsed);
        crate::telemetry::statement_span(&info.statement.sql, info.elapsed, info.failed);
    });
    Ok(pool)
}

/// Why `pool` could not open its first connection. Failing at an address where nothing
/// listens, the pool retries until its wait runs out (the server may be starting) and then
/// says only that it timed out; one connection opened directly, within the same wait, says
/// why ("Connection refused").
async fn why_not_connected(pool: &PgPool, error: sqlx::Error, wait: Duration) -> sqlx::Error {
    if !matches!(error, sqlx::Error::PoolTimedOut) {
        return error;
    }
    let options = pool.connect_options();
    match tokio::time::timeout(wait, PgConnection::connect_with(&options)).await {
        Ok(Err(reason)) => reason,
        Ok(Ok(_)) | Err(_) => error,
    }
}

/// `pool` for the statements the server sends on its own schedule (the policy watch, the
/// sweep): the same connections, counted as housekeeping rather than among the statements
/// of requests and feeds, so that what a request costs reads the same whenever a tick
/// falls.
pub fn housekeeping(pool: &DatabaseConnection, metrics: Arc<Metrics>) -> DatabaseConnection {
    let mut housekeeping = pool.clone();
    housekeeping.set_metric_callback(move |_| metrics.housekeeping_statement());
    housekeeping
}

/// Applies every pending migration as the table owner.
pub async fn migrate(pool: &DatabaseConnection) -> Result<(), DbError> {
    use migration::MigratorTrait as _;
    migration::Migrator::up(pool, None).await?;
    Ok(())
}

enum TxState {
    NotStarted,
    Open(RequestTransaction),
    /// No connection came free: the request's later statements are refused at once rather
    /// than each waiting as long again.
    Busy(Duration),
    /// The client's share of the pool stayed taken: refused at once likewise.
    OverShare {
        share: usize,
        wait: Duration,
    },
    Ended,
}

/// Opens request scopes: the request pool, each role's statement timeout, and the series
/// statements count into. What work run as a viewer needs of the server, and no more.
#[derive(Clone)]
pub struct Scopes {
    pool: DatabaseConnection,
    lingering: Arc<Lingering>,
    shares: Arc<Shares>,
    metrics: Arc<Metrics>,
    limits: Limits,
}

impl Scopes {
    /// Scopes over `pool` with the timeouts of `limits`, counted into `metrics`.
    pub fn new(pool: DatabaseConnection, limits: Limits, metrics: Arc<Metrics>) -> Self {
        let options = pool.get_postgres_connection_pool().options();
        let shares = Shares::new(options.get_max_connections(), options.get_acquire_timeout());
        Self {
            pool,
            lingering: Arc::default(),
            shares: Arc::new(shares),
            metrics,
            limits,
        }
    }

    /// A request scope for `viewer` that may change anything, with the statement timeout
    /// of the viewer's role.
    pub fn scope(&self, viewer: Viewer) -> RequestScope {
        self.scope_for(viewer, Purpose::Change)
    }

    /// A request scope for `viewer` serving `purpose`, with the statement timeout of the
    /// viewer's role, counted against no client's share of the pool: a feed's events (its
    /// transaction lasts one event, and a shared feed's serves every member), a
    /// subscription's checks.
    pub fn scope_for(&self, viewer: Viewer, purpose: Purpose) -> RequestScope {
        self.build(viewer, purpose, None)
    }

    /// A request scope like [`Self::scope_for`] for a query or mutation of a client at
    /// `address`: its transaction holds a place among the client's share of the pool
    /// ([`share`]).
    pub fn client_scope(
        &self,
        viewer: Viewer,
        purpose: Purpose,
        address: Option<IpAddr>,
    ) -> RequestScope {
        let client = Client::of(&viewer, address, self.limits.limit_loopback);
        self.build(viewer, purpose, client)
    }

    fn build(&self, viewer: Viewer, purpose: Purpose, client: Option<Client>) -> RequestScope {
        let timeout = self.limits.statement_timeout_ms(viewer.role);
        RequestScope {
            pool: self.pool.clone(),
            lingering: Arc::clone(&self.lingering),
            shares: client.map(|client| (Arc::clone(&self.shares), client)),
            place: std::sync::Mutex::new(None),
            purpose,
            wrote: AtomicBool::new(false),
            viewer,
            metrics: Arc::clone(&self.metrics),
            statement_timeout_ms: timeout,
            tx: Mutex::new(TxState::NotStarted),
        }
    }
}

/// One request's view of the database: a lazily opened transaction running as the viewer.
///
/// Requests that touch no table (introspection, `__typename`) never open one.
pub struct RequestScope {
    pool: DatabaseConnection,
    lingering: Arc<Lingering>,
    /// The shares of the pool and the client this request counts against, when it does.
    shares: Option<(Arc<Shares>, Client)>,
    /// The client's place this request holds while its transaction is open.
    place: std::sync::Mutex<Option<Place>>,
    purpose: Purpose,
    /// Whether a statement came through [`Self::conn`], which may write.
    wrote: AtomicBool,
    viewer: Viewer,
    metrics: Arc<Metrics>,
    statement_timeout_ms: u32,
    tx: Mutex<TxState>,
}

impl RequestScope {
    /// Who this request runs as.
    pub fn viewer(&self) -> &Viewer {
        &self.viewer
    }

    /// The client this request counts as, when it is held to what one client may hold
    /// (not an exempt loopback client or a `service_role` token).
    pub fn client(&self) -> Option<Client> {
        self.shares.as_ref().map(|(_, client)| *client)
    }

    /// The server's counters this request counts into.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The request's transaction, opened and switched to the viewer's role on first use,
    /// for a statement that may write.
    ///
    /// Statements of one request share one connection, so they queue on this lock; hold the
    /// guard only for the statement at hand.
    pub async fn conn(&self) -> Result<MappedMutexGuard<'_, RequestTransaction>, DbError> {
        self.wrote.store(true, Ordering::Relaxed);
        self.reader().await
    }

    /// The request's transaction like [`Self::conn`], for a statement that only reads
    /// tables: a query whose statements all came this way ends without a round trip of
    /// its own.
    pub async fn reader(&self) -> Result<MappedMutexGuard<'_, RequestTransaction>, DbError> {
        let mut state = self.tx.lock().await;
        if matches!(*state, TxState::NotStarted) {
            *state = match self.begin().await {
                Ok(tx) => TxState::Open(tx),
                Err(error) => {
                    self.give_back_place();
                    match error {
                        DbError::Busy(wait) => TxState::Busy(wait),
                        DbError::OverShare { share, wait } => TxState::OverShare { share, wait },
                        error => return Err(error),
                    }
                }
            };
        }
        match *state {
            TxState::Busy(wait) => return Err(DbError::Busy(wait)),
            TxState::OverShare { share, wait } => return Err(DbError::OverShare { share, wait }),
            TxState::NotStarted | TxState::Open(_) | TxState::Ended => {}
        }
        // The statement timeout bounds each statement; this bounds how many a request may
        // start (a document of many aliased counts, each under the timeout).
        let limit = Duration::from_millis(self.statement_timeout_ms.into());
        if let TxState::Open(tx) = &*state
            && tx.age() > limit
        {
            return Err(DbError::OutOfTime(limit));
        }
        MutexGuard::try_map(state, |state| match state {
            TxState::Open(tx) => Some(tx),
            TxState::NotStarted | TxState::Busy(_) | TxState::OverShare { .. } | TxState::Ended => {
                None
            }
        })
        .map_err(|_| DbError::ScopeClosed)
    }

    async fn begin(&self) -> Result<RequestTransaction, DbError> {
        // One wait for a place among the client's share and a connection together: the
        // pool's wait, as `SWITCHYARD_POOL_WAIT_MS` promises, not once for each.
        let pool = self.pool.get_postgres_connection_pool();
        let deadline = Instant::now() + pool.options().get_acquire_timeout();
        // `set_config('role', …, true)` is `SET LOCAL ROLE`. The timeout is set here, not on
        // the roles: `SET ROLE` does not apply a role's own settings. Statements are
        // prepared once per connection and their text is fixed per shape (values bound),
        // but PostgreSQL would still plan a page's `LIMIT $1` anew on every execution: its
        // generic estimate of an unknown limit (a tenth of the table) never beats a custom
        // plan, so the custom plan wins each time and its planning costs more than the
        // read. Generic plans are planned once.
        let timeout = self.statement_timeout_ms.to_string();
        let claims = self.viewer.claims_json();
        let settings = [
            ("role", self.viewer.role.as_str()),
            ("request.jwt.claims", claims.as_str()),
            ("statement_timeout", timeout.as_str()),
            ("plan_cache_mode", "force_generic_plan"),
        ];
        if let Some((shares, client)) = &self.shares {
            // Boxed like the opening below: it would sit inline in every statement's future.
            let place = Box::pin(shares.take(*client))
                .await
                .ok_or(DbError::OverShare {
                    share: shares.share(),
                    wait: shares.wait(),
                })?;
            *self.place.lock().unwrap_or_else(PoisonError::into_inner) = Some(place);
        }
        // Boxed: every statement of every operation awaits `conn()`, and the opening's
        // future inline would grow all of theirs (a debug build's test thread overflowed).
        let opening = Box::pin(RequestTransaction::begin(
            pool,
            Arc::clone(&self.lingering),
            &settings,
            self.metrics.clone(),
            deadline,
        ));
        opening.await
    }

    async fn set_role(&self, role: Role) -> Result<(), DbError> {
        self.conn()
            .await?
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT set_config('role', $1, true)",
                [role.as_str().into()],
            ))
            .await?;
        Ok(())
    }

    /// Runs `work` as `service_role` inside this request's transaction, then returns to the
    /// viewer's role. Only authentication flows need this (creating an account, checking a
    /// password): no policy lets an anonymous visitor read credentials, on purpose.
    pub async fn as_service<T, E: From<DbError>>(
        &self,
        work: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        self.set_role(Role::ServiceRole).await?;
        let result = work.await;
        // Restore even when `work` failed; if restoring fails the transaction is aborted, so
        // nothing more can run in it and `work`'s own error is the one worth reporting.
        let restored = self.set_role(self.viewer.role).await;
        let value = result?;
        restored?;
        Ok(value)
    }

    /// Ends the request: commits when `success`, rolls back otherwise. Later statements fail
    /// with [`DbError::ScopeClosed`].
    pub async fn finish(&self, success: bool) -> Result<(), DbError> {
        self.end_transaction(success, TxState::Ended).await
    }

    /// Ends the current transaction like [`finish`](Self::finish), but the next statement
    /// opens a new one. A subscription settles after each event it resolves, so a feed that
    /// stays open for hours never holds a transaction (or a pooled connection) between
    /// events.
    pub async fn settle(&self, success: bool) -> Result<(), DbError> {
        self.end_transaction(success, TxState::NotStarted).await
    }

    async fn end_transaction(&self, success: bool, next: TxState) -> Result<(), DbError> {
        let state = std::mem::replace(&mut *self.tx.lock().await, next);
        let ended = match state {
            TxState::Open(tx) => {
                let only_read =
                    self.purpose == Purpose::Query && !self.wrote.load(Ordering::Relaxed);
                tx.end(success, only_read).await
            }
            TxState::NotStarted | TxState::Busy(_) | TxState::OverShare { .. } | TxState::Ended => {
                Ok(())
            }
        };
        self.give_back_place();
        Ok(ended?)
    }

    /// Gives the client's place back once the transaction holds no connection.
    fn give_back_place(&self) {
        drop(
            self.place
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
    }
}
