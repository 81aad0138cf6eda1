//! A request's transaction: one pooled connection, opened together with the viewer's role
//! and claims in a single round trip, on which SeaORM runs the request's statements.
//!
//! SeaORM's own transaction sends `BEGIN` and waits for its answer before anything else may
//! follow, so every request paid two round trips before its first read, and the settings
//! cannot travel with `BEGIN` as bound values (the extended protocol allows one statement
//! per message and sqlx does not pipeline). Here `BEGIN` and the settings go as one simple
//! query; the settings are literals quoted by [`literal`], and everything after them is
//! bound as before. The end of a transaction that only read travels the same way, in front
//! of the next opening ([`super::lingering`]). Statements enter through [`ConnectionTrait`]; rows
//! leave as SeaORM's `QueryResult`, so entities, loaders and writes do not know the
//! difference.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use sea_orm::sqlx::{self, AssertSqlSafe, PgPool, Postgres, pool::PoolConnection};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr, Statement};
use sea_query_sqlx::SqlxValues;
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

use super::DbError;
use super::lingering::{Claim, Ending, Lingering, Parked};
use crate::metrics::Metrics;
use crate::telemetry;

/// What traces show of the opening statement, whose text holds the viewer's claims.
const OPENING: &str =
    "BEGIN; SELECT set_config(role, request.jwt.claims, statement_timeout, plan_cache_mode)";

/// The request's connection while its transaction is open; `None` once it has ended.
pub struct RequestTransaction {
    conn: Mutex<Option<PoolConnection<Postgres>>>,
    lingering: Arc<Lingering>,
    metrics: Arc<Metrics>,
    opened: Instant,
    /// When the connection left the pool.
    out_since: Instant,
}

impl RequestTransaction {
    /// Opens a transaction with `settings` (name, value) as one round trip, counted as one
    /// statement: `BEGIN; SELECT set_config(…)` on a connection from `pool`, or on a parked
    /// one of `lingering` with the end of its transaction in front. A connection that has
    /// not come by `deadline` is [`DbError::Busy`].
    pub(super) async fn begin(
        pool: &PgPool,
        lingering: Arc<Lingering>,
        settings: &[(&str, &str)],
        metrics: Arc<Metrics>,
        deadline: Instant,
    ) -> Result<Self, DbError> {
        let assignments = settings
            .iter()
            .map(|(name, value)| format!("set_config({}, {}, true)", literal(name), literal(value)))
            .collect::<Vec<_>>()
            .join(", ");
        let opening = format!("BEGIN; SELECT {assignments}");
        let (conn, out_since) = match claim(pool, &lingering, &metrics, &opening, deadline).await? {
            Claimed::Parked(parked) => {
                let (ending, out_since) = (parked.ending(), parked.out_since());
                let text = format!("{}; {opening}", ending.sql());
                match parked.into_conn() {
                    Some(conn) => match open(conn, &text, &metrics).await {
                        Ok(conn) => (conn, out_since),
                        // Whatever failed, the connection was closed: a fresh one settles
                        // whether it was the parked connection or this opening.
                        Err(error) => {
                            tracing::debug!(%error, "opening on a handed-on connection failed");
                            let conn = acquire(pool, &metrics, &opening, deadline).await?;
                            (conn, Instant::now())
                        }
                    },
                    None => (
                        acquire(pool, &metrics, &opening, deadline).await?,
                        Instant::now(),
                    ),
                }
            }
            Claimed::Fresh(conn) => (conn, Instant::now()),
        };
        Ok(Self {
            conn: Mutex::new(Some(conn)),
            lingering,
            metrics,
            opened: Instant::now(),
            out_since,
        })
    }

    /// How long ago the transaction opened.
    pub(super) fn age(&self) -> std::time::Duration {
        self.opened.elapsed()
    }

    /// Commits (`commit`) or rolls back, and returns the connection to the pool. When the
    /// transaction only read (`only_read`), nothing is left to wait for: its connection is
    /// parked, and its end (counted now) goes with the next opening, unless the connection
    /// is due back in the pool.
    pub(super) async fn end(mut self, commit: bool, only_read: bool) -> Result<(), DbErr> {
        let Some(conn) = self.conn.get_mut().take() else {
            return Ok(());
        };
        let ending = if commit {
            Ending::Commit
        } else {
            Ending::Rollback
        };
        let conn = if only_read {
            match self.lingering.park(conn, ending, self.out_since) {
                None => {
                    self.metrics.deferred_end();
                    return Ok(());
                }
                Some(conn) => conn,
            }
        } else {
            conn
        };
        let sql = ending.sql();
        answered(conn, sql, sql, &self.metrics)
            .await
            .map(drop)
            .map_err(execution_error)
    }

    /// The connection, for one statement.
    async fn connection(&self) -> Result<MappedMutexGuard<'_, PoolConnection<Postgres>>, DbErr> {
        MutexGuard::try_map(self.conn.lock().await, Option::as_mut)
            .map_err(|_| DbErr::Custom("the request's transaction has already ended".into()))
    }
}

impl Drop for RequestTransaction {
    /// A request dropped half way (its client went away) still ends its transaction; the
    /// rollback needs a round trip a destructor cannot wait for, so a task sends it.
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.get_mut().take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await.is_err() {
                        conn.close_on_drop();
                    }
                });
            }
            // No runtime left to send it: closing the connection rolls back just the same.
            Err(_) => conn.close_on_drop(),
        }
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for RequestTransaction {
    fn get_database_backend(&self) -> DbBackend {
        DbBackend::Postgres
    }

    async fn execute_raw(&self, statement: Statement) -> Result<ExecResult, DbErr> {
        let mut conn = self.connection().await?;
        let run = bound(&statement).execute(&mut **conn);
        observed(&self.metrics, &statement.sql, run)
            .await
            .map(ExecResult::from)
            .map_err(execution_error)
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        let mut conn = self.connection().await?;
        let run = sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut **conn);
        observed(&self.metrics, sql, run)
            .await
            .map(ExecResult::from)
            .map_err(execution_error)
    }

    async fn query_one_raw(&self, statement: Statement) -> Result<Option<QueryResult>, DbErr> {
        let mut conn = self.connection().await?;
        let run = bound(&statement).fetch_optional(&mut **conn);
        observed(&self.metrics, &statement.sql, run)
            .await
            .map(|row| row.map(QueryResult::from))
            .map_err(query_error)
    }

    async fn query_all_raw(&self, statement: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let mut conn = self.connection().await?;
        let run = bound(&statement).fetch_all(&mut **conn);
        observed(&self.metrics, &statement.sql, run)
            .await
            .map(|rows| rows.into_iter().map(QueryResult::from).collect())
            .map_err(query_error)
    }
}

/// A connection for a new transaction: one a request that only read handed on (inside its
/// transaction, to be ended first), or one from the pool, already opened.
enum Claimed {
    Parked(Parked),
    Fresh(PoolConnection<Postgres>),
}

/// The connection parked last, or else whichever comes first by `deadline`: one handed on
/// by a request that only read, or one from `pool`, on which `opening` then runs.
async fn claim(
    pool: &PgPool,
    lingering: &Arc<Lingering>,
    metrics: &Metrics,
    opening: &str,
    deadline: Instant,
) -> Result<Claimed, DbError> {
    let mut handed = match lingering.claim() {
        Claim::Parked(parked) => return Ok(Claimed::Parked(parked)),
        Claim::Queued(handed) => handed,
    };
    let waiting = metrics.waiting_for_connection();
    let (mut acquiring, may_open) = from_pool(pool);
    let acquired = tokio::select! {
        Ok(parked) = &mut handed => {
            let_go(acquiring, may_open);
            return Ok(Claimed::Parked(parked));
        }
        acquired = &mut acquiring => acquired,
        () = tokio::time::sleep_until(deadline.into()) => {
            let_go(acquiring, may_open);
            Err(sqlx::Error::PoolTimedOut)
        }
    };
    drop(waiting);
    // One may have been handed on just as the pool served this request: it goes to the
    // next in line.
    handed.close();
    if let Ok(parked) = handed.try_recv() {
        lingering.hand_on(parked);
    }
    let conn = acquired.map_err(|error| pool_error(pool, error))?;
    Ok(Claimed::Fresh(opened(conn, opening, metrics).await?))
}

/// A connection from `pool` by `deadline`, with `opening` run on it.
async fn acquire(
    pool: &PgPool,
    metrics: &Metrics,
    opening: &str,
    deadline: Instant,
) -> Result<PoolConnection<Postgres>, DbError> {
    let waiting = metrics.waiting_for_connection();
    let (mut acquiring, may_open) = from_pool(pool);
    let acquired = tokio::select! {
        acquired = &mut acquiring => acquired,
        () = tokio::time::sleep_until(deadline.into()) => {
            let_go(acquiring, may_open);
            Err(sqlx::Error::PoolTimedOut)
        }
    };
    drop(waiting);
    let conn = acquired.map_err(|error| pool_error(pool, error))?;
    opened(conn, opening, metrics).await
}

/// A connection the pool is getting for a request.
type Acquiring =
    Pin<Box<dyn Future<Output = Result<PoolConnection<Postgres>, sqlx::Error>> + Send>>;

/// A connection from `pool`, and whether the pool may open one for it: below its size the
/// pool opens a connection inside `acquire` itself; a full one (as `db::connect` keeps it)
/// only queues the request.
fn from_pool(pool: &PgPool) -> (Acquiring, bool) {
    let may_open = pool.size() < pool.options().get_max_connections();
    (Box::pin(pool.acquire()), may_open)
}

/// Lets go of `acquiring`, a connection no longer waited for (another came first, or the
/// wait ran out). One being opened (`may_open`) finishes aside and goes back to the pool:
/// dropped, it would be left half-opened, PostgreSQL forking and authenticating for nothing
/// (~200 a second under load while the pool was never full).
fn let_go(acquiring: Acquiring, may_open: bool) {
    if may_open {
        tokio::spawn(async move { drop(acquiring.await) });
    }
}

/// What the pool's failure to give a connection means to the request.
fn pool_error(pool: &PgPool, error: sqlx::Error) -> DbError {
    match error {
        sqlx::Error::PoolTimedOut => DbError::Busy(pool.options().get_acquire_timeout()),
        error => connection_error(error).into(),
    }
}

/// [`open`], its failure as the request sees it.
async fn opened(
    conn: PoolConnection<Postgres>,
    opening: &str,
    metrics: &Metrics,
) -> Result<PoolConnection<Postgres>, DbError> {
    open(conn, opening, metrics)
        .await
        .map_err(|error| query_error(error).into())
}

/// Runs `opening` (a simple query of several statements, literals only) on `conn`,
/// counted as one statement and traced as [`OPENING`], since its text holds the claims.
async fn open(
    conn: PoolConnection<Postgres>,
    opening: &str,
    metrics: &Metrics,
) -> Result<PoolConnection<Postgres>, sqlx::Error> {
    answered(conn, opening, OPENING, metrics).await
}

/// Runs `sql` (literals only) on `conn`, counted as one statement and traced as
/// `traced_as`; `conn` once PostgreSQL answered. Failed or dropped half way (its request
/// cancelled), `conn` may be inside a transaction (`BEGIN` ran, or the `COMMIT` did not),
/// so it is closed, which ends that transaction, rather than pooled inside it.
async fn answered(
    mut conn: PoolConnection<Postgres>,
    sql: &str,
    traced_as: &str,
    metrics: &Metrics,
) -> Result<PoolConnection<Postgres>, sqlx::Error> {
    let mut guard = CloseUnlessAnswered {
        conn: &mut conn,
        answered: false,
    };
    let run = sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut **guard.conn);
    let outcome = observed(metrics, traced_as, run).await;
    guard.answered = outcome.is_ok();
    drop(guard);
    outcome.map(|_| conn)
}

/// Closes its connection on drop unless the statement on it was answered.
struct CloseUnlessAnswered<'a> {
    conn: &'a mut PoolConnection<Postgres>,
    answered: bool,
}

impl Drop for CloseUnlessAnswered<'_> {
    fn drop(&mut self) {
        if !self.answered {
            self.conn.close_on_drop();
        }
    }
}

/// Runs one statement of text `sql`, counted, timed and traced like the pool's own (which
/// SeaORM's callback reports).
async fn observed<T>(
    metrics: &Metrics,
    sql: &str,
    run: impl Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, sqlx::Error> {
    let started = Instant::now();
    let outcome = run.await;
    let elapsed = started.elapsed();
    metrics.timed_statement(elapsed);
    telemetry::statement_span(sql, elapsed, outcome.is_err());
    outcome
}

/// `statement` with its values bound, prepared once per connection like SeaORM's own.
fn bound(statement: &Statement) -> sqlx::query::Query<'_, Postgres, SqlxValues> {
    let values = statement
        .values
        .clone()
        .unwrap_or(sea_orm::Values(Vec::new()));
    sqlx::query_with(AssertSqlSafe(statement.sql.as_str()), SqlxValues(values))
}

/// `text` as a PostgreSQL escape-string literal. Inside `E'…'` only the backslash and the
/// quote are special whatever `standard_conforming_strings` says, so doubling both is
/// complete (libpq's `PQescapeLiteral` does the same). PostgreSQL text cannot hold NUL: it
/// is written as the escape `\000`, which PostgreSQL refuses, so the statement fails
/// instead of being cut short at the NUL.
fn literal(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 3);
    quoted.push_str("E'");
    for character in text.chars() {
        match character {
            '\\' => quoted.push_str("\\\\"),
            '\'' => quoted.push_str("''"),
            '\0' => quoted.push_str("\\000"),
            other => quoted.push(other),
        }
    }
    quoted.push('\'');
    quoted
}

fn query_error(error: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(error)))
}

fn execution_error(error: sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(Arc::new(error)))
}

pub(super) fn connection_error(error: sqlx::Error) -> DbErr {
    DbErr::Conn(RuntimeErr::SqlxError(Arc::new(error)))
}

#[cfg(test)]
mod tests {
    use super::literal;

    #[test]
    fn quotes_and_backslashes_are_doubled_inside_an_escape_string() {
        assert_eq!(literal(r#"{"sub":"a'b\c"}"#), r#"E'{"sub":"a''b\\c"}'"#);
        assert_eq!(literal("'); DROP TABLE x; --"), "E'''); DROP TABLE x; --'");
        assert_eq!(literal("nul\0here"), r"E'nul\000here'");
    }
}
