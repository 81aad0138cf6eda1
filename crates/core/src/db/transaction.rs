//! A request's transaction: one pooled connection, opened together with the viewer's role
//! and claims in a single round trip, on which SeaORM runs the request's statements.
//!
//! SeaORM's own transaction sends `BEGIN` and waits for its answer before anything else may
//! follow, so every request paid two round trips before its first read, and the settings
//! cannot travel with `BEGIN` as bound values (the extended protocol allows one statement
//! per message and sqlx does not pipeline). Here `BEGIN` and the settings go as one simple
//! query; the settings are literals quoted by [`literal`], and everything after them is
//! bound as before. Statements enter through [`ConnectionTrait`]; rows leave as SeaORM's
//! `QueryResult`, so entities, loaders and writes do not know the difference.

use std::sync::Arc;
use std::time::Instant;

use sea_orm::sqlx::{self, AssertSqlSafe, PgPool, Postgres, pool::PoolConnection};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr, Statement};
use sea_query_sqlx::SqlxValues;
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

use super::DbError;
use crate::metrics::Metrics;
use crate::telemetry;

/// What traces show of the opening statement, whose text holds the viewer's claims.
const OPENING: &str =
    "BEGIN; SELECT set_config(role, request.jwt.claims, statement_timeout, plan_cache_mode)";

/// The request's connection while its transaction is open; `None` once it has ended.
pub struct RequestTransaction {
    conn: Mutex<Option<PoolConnection<Postgres>>>,
    metrics: Arc<Metrics>,
    opened: Instant,
}

impl RequestTransaction {
    /// Takes a connection and runs `BEGIN; SELECT set_config(…)` with `settings` (name,
    /// value) as one round trip, counted as one statement.
    pub(super) async fn begin(
        pool: &PgPool,
        settings: &[(&str, &str)],
        metrics: Arc<Metrics>,
    ) -> Result<Self, DbError> {
        let waiting = metrics.waiting_for_connection();
        let acquired = pool.acquire().await;
        drop(waiting);
        let mut conn = match acquired {
            Ok(conn) => conn,
            Err(sqlx::Error::PoolTimedOut) => {
                return Err(DbError::Busy(pool.options().get_acquire_timeout()));
            }
            Err(error) => return Err(connection_error(error).into()),
        };
        let assignments = settings
            .iter()
            .map(|(name, value)| format!("set_config({}, {}, true)", literal(name), literal(value)))
            .collect::<Vec<_>>()
            .join(", ");
        let opening = sqlx::raw_sql(AssertSqlSafe(format!("BEGIN; SELECT {assignments}")));
        let opened = observed(&metrics, OPENING, opening.execute(&mut *conn)).await;
        if let Err(error) = opened {
            // `BEGIN` may have succeeded and the settings failed: a connection inside an
            // aborted transaction must not go back to the pool.
            conn.close_on_drop();
            return Err(query_error(error).into());
        }
        Ok(Self {
            conn: Mutex::new(Some(conn)),
            metrics,
            opened: Instant::now(),
        })
    }

    /// How long ago the transaction opened.
    pub(super) fn age(&self) -> std::time::Duration {
        self.opened.elapsed()
    }

    /// Commits (`commit`) or rolls back, and returns the connection to the pool.
    pub(super) async fn end(mut self, commit: bool) -> Result<(), DbErr> {
        let Some(mut conn) = self.conn.get_mut().take() else {
            return Ok(());
        };
        let sql = if commit { "COMMIT" } else { "ROLLBACK" };
        let ended = observed(&self.metrics, sql, sqlx::raw_sql(sql).execute(&mut *conn)).await;
        if ended.is_err() {
            conn.close_on_drop();
        }
        ended.map(drop).map_err(execution_error)
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

fn connection_error(error: sqlx::Error) -> DbErr {
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
