//! Which tables every viewer of a role sees alike, read from PostgreSQL's own row-level
//! security policies (`pg_policies`) at startup and again every [`REFRESH`].
//!
//! A live feed's execution may be shared between viewers only when nothing it reads depends
//! on who reads it (the server's `http::fanout`). The policies are the authority on that, so
//! this reads them rather than keeping a list: a `public` table counts as viewer-independent
//! when row-level security is on and every policy that filters its reads (`SELECT` or `ALL`)
//! is permissive with the condition `true`, as the seeds write public profiles. Any other
//! condition (`auth.uid()`, the JWT claims, `current_user`, a function that may read them)
//! makes the table viewer-dependent; a table without such a policy, or without row-level
//! security, is left out too. Column grants and policies' roles differ by role only, and a
//! shared execution never mixes roles.
//!
//! Policies may change while the server runs (a migration applied without a restart), so
//! [`PolicyWatch`] re-reads them: a classification that changed is a new value, and an
//! execution shared under the previous one ends before it delivers another event. A change
//! is noticed within [`REFRESH`]; until then the previous classification still applies,
//! as it does while the policies cannot be read again (the pool exhausted, a table locked
//! by a schema change: a re-read waits at most 200 ms for a table's lock).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ConnectionTrait as _, DatabaseConnection, DbBackend, DbErr, QueryResult, Statement,
    TransactionTrait as _,
};
use tokio::sync::watch;

use crate::metrics::Metrics;

/// How often the policies are read again.
pub const REFRESH: Duration = Duration::from_secs(1);

/// How long a read of the policies waits for a table's lock. Reading a policy's condition
/// opens its table, so a schema change holding a table (a migration's `ALTER TABLE`) would
/// keep a pool connection waiting for as long as it runs; the read is tried again at the
/// next tick instead.
const LOCK_WAIT: &str = "SET LOCAL lock_timeout = '200ms'";

/// `public` tables with row-level security whose every read policy is `USING (true)`.
const VIEWER_INDEPENDENT_SQL: &str = "\
    SELECT c.relname::text AS name FROM pg_class c \
    JOIN pg_namespace n ON n.oid = c.relnamespace \
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity \
      AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' \
          AND p.tablename = c.relname AND p.cmd IN ('SELECT', 'ALL')) \
      AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' \
          AND p.tablename = c.relname AND p.cmd IN ('SELECT', 'ALL') \
          AND (p.permissive <> 'PERMISSIVE' OR p.qual IS DISTINCT FROM 'true'))";

/// The tables whose rows every viewer of a role sees alike.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ViewerIndependent(HashSet<String>);

impl ViewerIndependent {
    /// Reads the classification from the policies `pool`'s database has now, waiting for
    /// any table a schema change holds (at start, nothing stands until it is read).
    pub async fn load(pool: &DatabaseConnection) -> Result<Self, DbErr> {
        Self::from_rows(&pool.query_all_raw(Self::statement()).await?)
    }

    /// Reads the classification again, giving up after [`LOCK_WAIT`] on a table a schema
    /// change holds: the last reading stands meanwhile.
    async fn reload(pool: &DatabaseConnection) -> Result<Self, DbErr> {
        let read = pool.begin().await?;
        read.execute_unprepared(LOCK_WAIT).await?;
        let rows = read.query_all_raw(Self::statement()).await?;
        read.commit().await?;
        Self::from_rows(&rows)
    }

    fn statement() -> Statement {
        Statement::from_string(DbBackend::Postgres, VIEWER_INDEPENDENT_SQL)
    }

    fn from_rows(rows: &[QueryResult]) -> Result<Self, DbErr> {
        let names = rows
            .iter()
            .map(|row| row.try_get::<String>("", "name"))
            .collect::<Result<_, _>>()?;
        Ok(Self(names))
    }

    /// Whether every viewer of a role reads the same rows of `table`.
    pub fn contains(&self, table: &str) -> bool {
        self.0.contains(table)
    }
}

/// The classification of the policies the database has now, kept current by a task that
/// re-reads it every [`REFRESH`] for as long as a copy of the watch exists.
#[derive(Debug, Clone)]
pub struct PolicyWatch(watch::Receiver<Arc<ViewerIndependent>>);

impl PolicyWatch {
    /// Reads the classification from `pool`'s database, then keeps it current, counting
    /// each change into `metrics` (and its reads as housekeeping).
    pub async fn start(pool: &DatabaseConnection, metrics: Arc<Metrics>) -> Result<Self, DbErr> {
        let pool = crate::db::housekeeping(pool, Arc::clone(&metrics));
        let (current, watch) = watch::channel(Arc::new(ViewerIndependent::load(&pool).await?));
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(REFRESH);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await;
            // Told once when reading starts to fail and once when it works again, not at
            // every tick in between (an exhausted pool or a long lock lasts many ticks).
            let mut failing = 0_u32;
            while !current.is_closed() {
                ticks.tick().await;
                match ViewerIndependent::reload(&pool).await {
                    Ok(now) => {
                        if failing > 0 {
                            tracing::info!(failed_reads = failing, "the policies are read again");
                            failing = 0;
                        }
                        current.send_if_modified(|known| {
                            let changed = **known != now;
                            if changed {
                                tracing::info!(
                                    "row-level security policies changed: feeds shared across viewers start over"
                                );
                                *known = Arc::new(now);
                                metrics.policies_changed();
                            }
                            changed
                        });
                    }
                    // The last classification stands until the policies can be read again.
                    Err(error) => {
                        if failing == 0 {
                            tracing::warn!(%error, "could not re-read the policies; the last reading stands");
                        }
                        failing = failing.saturating_add(1);
                    }
                }
            }
        });
        Ok(Self(watch))
    }

    /// The classification as last read; a change makes it a different value (not
    /// [`Arc::ptr_eq`] to an earlier one).
    pub fn current(&self) -> Arc<ViewerIndependent> {
        Arc::clone(&self.0.borrow())
    }
}
