//! Security events and the sign-in brute-force rule.
//!
//! Events come from the transports (a refused JWT or API key, with the client's address
//! from the connection) and from `signIn` (a failed sign-in, a lockout). They are written
//! through a small pool of their own, outside the request's transaction, so a request that
//! fails and rolls back still leaves its record, and a flood of refusals never waits for
//! (or takes) the connections requests run on. They leave as `security_events` rows, which
//! the user concerned reads through GraphQL. The counting and locking happen in SQL
//! (`record_failed_sign_in`, `sign_in_lockout_remaining`, migration 000020).
//!
//! Refusals repeat: a client with a bad token or over its rate limit tends to keep trying.
//! The refusals from one address for one reason within a minute are one row, written at the
//! first; the rest are counted in memory and the row's `details.count` is brought up to
//! date every second, so a flood costs one insert and a few updates, not a row each.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value};
use uuid::Uuid;

use crate::auth::ClientNetwork;
use crate::config::Limits;
use crate::db::{DbError, PoolSize};
use crate::metrics::Metrics;
use crate::rate_limit::Exhausted;

/// The security log's own pool.
const POOL: PoolSize = PoolSize {
    connections: 4,
    wait: Duration::from_secs(10),
};

/// How long repeated refusals (same address, same reason) add to one row.
const REFUSAL_WINDOW: Duration = Duration::from_secs(60);
/// How often the counts of repeated refusals are written to their rows.
const REFUSAL_FLUSH: Duration = Duration::from_secs(1);

/// How long a sign-in waits for another sign-in of the same account from the same address
/// to finish, in milliseconds, before it is refused as too many at once.
const SIGN_IN_WAIT_MS: &str = "5000";

/// The brute-force rule: `max_failures` failed sign-ins within `window_seconds`, from one
/// address for one account, refuse that pair for `lockout_seconds`.
#[derive(Debug, Clone, Copy)]
struct SignInRule {
    max_failures: i32,
    window_seconds: i32,
    lockout_seconds: i32,
}

/// What checking a password found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    /// The password is this user's.
    Accepted(Uuid),
    /// It is not; `owner` is the account's user when the account exists.
    Refused {
        /// The user the tried account belongs to.
        owner: Option<Uuid>,
    },
}

/// How a guarded sign-in ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInVerdict {
    /// Signed in as this user.
    Accepted(Uuid),
    /// Wrong password or unknown account (recorded).
    Refused,
    /// Locked out for this many more seconds; the password was not checked.
    LockedOut(i32),
}

/// Which refusals add up to one row: the event kind, the client's network and the reason.
type RefusalKey = (&'static str, Option<ClientNetwork>, String);

/// The refusals of one key within the current window.
#[derive(Debug)]
struct Tally {
    /// When the window started (at the first refusal).
    started: Instant,
    /// The window's row, once inserted.
    row: Option<Uuid>,
    /// Refusals counted.
    count: i64,
    /// Refusals the row says.
    written: i64,
}

/// Open windows of repeated refusals.
#[derive(Debug, Default)]
struct Tallies(Mutex<HashMap<RefusalKey, Tally>>);

impl Tallies {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<RefusalKey, Tally>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Writes security events and applies the sign-in rule.
#[derive(Debug, Clone)]
pub struct SecurityLog {
    pool: DatabaseConnection,
    rule: SignInRule,
    tallies: Arc<Tallies>,
}

impl SecurityLog {
    /// A log writing through a pool of its own to `database_url`, with the sign-in rule
    /// of `limits`; its statements are counted into `metrics`.
    pub async fn connect(
        database_url: &str,
        limits: &Limits,
        metrics: Arc<Metrics>,
    ) -> Result<Self, DbError> {
        let pool = crate::db::connect(database_url, "security", POOL, metrics).await?;
        let tallies = Arc::new(Tallies::default());
        tokio::spawn(write_counts(Arc::downgrade(&tallies), pool.clone()));
        Ok(Self {
            pool,
            rule: SignInRule {
                max_failures: limits.sign_in_max_failures,
                window_seconds: limits.sign_in_window_seconds,
                lockout_seconds: limits.sign_in_lockout_seconds,
            },
            tallies,
        })
    }

    /// Records a refused JWT or API key. Never fails: a lost record is logged instead.
    pub async fn refused_token(&self, ip: Option<IpAddr>, reason: &str) {
        tracing::info!(reason, "token refused");
        self.refused("invalid_token", ip, reason.to_owned()).await;
    }

    /// Records an operation refused by a rate limit.
    pub async fn rate_limited(&self, ip: Option<IpAddr>, exhausted: Exhausted) {
        let reason = match exhausted {
            Exhausted::Address => "rate limited: the address's allowance",
            Exhausted::User => "rate limited: the user's allowance",
        };
        tracing::info!(reason, "operation refused");
        self.refused("suspicious_activity", ip, reason.to_owned())
            .await;
    }

    /// Counts one refusal; the first of its window inserts the row (`details.count` 1),
    /// the others are written as a count by [`write_counts`].
    async fn refused(&self, kind: &'static str, ip: Option<IpAddr>, reason: String) {
        let key = (kind, ip.map(ClientNetwork::of), reason);
        let started = Instant::now();
        {
            let mut tallies = self.tallies.lock();
            match tallies.get_mut(&key) {
                Some(tally) if tally.started.elapsed() < REFUSAL_WINDOW => {
                    tally.count += 1;
                    return;
                }
                // A window that ended with counts unwritten is written first by the writer,
                // which drops it afterwards; until then its refusals add to its row.
                Some(tally) if tally.row.is_some() && tally.written < tally.count => {
                    tally.count += 1;
                    return;
                }
                _ => {
                    let tally = Tally {
                        started,
                        row: None,
                        count: 1,
                        written: 1,
                    };
                    tallies.insert(key.clone(), tally);
                }
            }
        }
        let (kind, ip, reason) = &key;
        let inserted = self
            .pool
            .query_one_raw(statement(
                "INSERT INTO public.security_events (kind, ip, details) \
                 VALUES ($1, $2, jsonb_build_object('reason', $3::text, 'count', 1)) RETURNING id",
                [(*kind).into(), network(*ip), reason.as_str().into()],
            ))
            .await
            .map(|row| row.and_then(|row| row.try_get::<Uuid>("", "id").ok()));
        match inserted {
            Ok(row) => {
                if let Some(tally) = self.tallies.lock().get_mut(&key)
                    && tally.started == started
                {
                    tally.row = row;
                }
            }
            Err(error) => tracing::error!(error = %error, kind, "recording a refusal failed"),
        }
    }

    /// Runs `check` (the password check) under the brute-force rule for `account` from
    /// `ip`: sign-ins of one account from one address take turns, so however many arrive
    /// at once, at most `max_failures` passwords are checked before the lockout refuses the
    /// rest unchecked. A refusal is recorded and may start a lockout. A sign-in that waits
    /// its turn too long fails with the lock timeout (`TOO_MANY_ATTEMPTS` for the client).
    pub async fn sign_in<E: From<DbError>>(
        &self,
        ip: Option<IpAddr>,
        account: &str,
        check: impl Future<Output = Result<PasswordCheck, E>>,
    ) -> Result<SignInVerdict, E> {
        let rule = self.rule;
        let turn = self.pool.begin().await.map_err(DbError::from)?;
        turn.execute_raw(statement(
            "SELECT set_config('lock_timeout', $1, true)",
            [SIGN_IN_WAIT_MS.into()],
        ))
        .await
        .map_err(DbError::from)?;
        // The same lock `record_failed_sign_in` takes (advisory locks are re-entrant).
        turn.execute_raw(statement(
            "SELECT pg_advisory_xact_lock(hashtext('sign-in:' || coalesce($1, '') || ':' || $2))",
            [address(ip), account.into()],
        ))
        .await
        .map_err(DbError::from)?;
        let locked_for = turn
            .query_one_raw(statement(
                "SELECT public.sign_in_lockout_remaining($1, $2, $3) AS seconds",
                [address(ip), account.into(), rule.lockout_seconds.into()],
            ))
            .await
            .map_err(DbError::from)?
            .and_then(|row| row.try_get::<i32>("", "seconds").ok())
            .unwrap_or(0);
        if locked_for > 0 {
            turn.commit().await.map_err(DbError::from)?;
            tracing::info!("sign-in refused: locked out");
            return Ok(SignInVerdict::LockedOut(locked_for));
        }
        // On an error `turn` is dropped, which rolls it back: nothing is recorded.
        let owner = match check.await? {
            PasswordCheck::Accepted(user) => {
                turn.commit().await.map_err(DbError::from)?;
                return Ok(SignInVerdict::Accepted(user));
            }
            PasswordCheck::Refused { owner } => owner,
        };
        let locked = turn
            .query_one_raw(statement(
                "SELECT public.record_failed_sign_in($1, $2, $3, $4, $5, $6) AS locked",
                [
                    address(ip),
                    account.into(),
                    owner.into(),
                    rule.max_failures.into(),
                    rule.window_seconds.into(),
                    rule.lockout_seconds.into(),
                ],
            ))
            .await
            .map_err(DbError::from)?
            .and_then(|row| row.try_get::<bool>("", "locked").ok())
            .unwrap_or(false);
        turn.commit().await.map_err(DbError::from)?;
        if locked {
            tracing::warn!("sign-in locked out after repeated failures");
        } else {
            tracing::info!("sign-in refused");
        }
        Ok(SignInVerdict::Refused)
    }
}

/// Every [`REFUSAL_FLUSH`], brings the rows of repeated refusals up to their counts and
/// drops the windows that ended; stops when the log is dropped.
async fn write_counts(tallies: Weak<Tallies>, pool: DatabaseConnection) {
    let mut tick = tokio::time::interval(REFUSAL_FLUSH);
    loop {
        tick.tick().await;
        let Some(tallies) = tallies.upgrade() else {
            return;
        };
        let due: Vec<(Uuid, i64)> = {
            let mut open = tallies.lock();
            open.retain(|_, tally| {
                tally.started.elapsed() < REFUSAL_WINDOW
                    || (tally.row.is_some() && tally.written < tally.count)
            });
            open.values_mut()
                .filter_map(|tally| {
                    let row = tally.row.filter(|_| tally.written < tally.count)?;
                    tally.written = tally.count;
                    Some((row, tally.count))
                })
                .collect()
        };
        for (row, count) in due {
            let written = pool
                .execute_raw(statement(
                    "UPDATE public.security_events \
                     SET details = details || jsonb_build_object('count', $2::bigint) WHERE id = $1",
                    [row.into(), count.into()],
                ))
                .await;
            if let Err(error) = written {
                tracing::error!(error = %error, "recording repeated refusals failed");
            }
        }
    }
}

fn statement<const N: usize>(sql: &str, values: [Value; N]) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// The address as stored and as the sign-in rule counts it: its network's text form
/// ([`ClientNetwork`]), or null when the transport does not know it.
fn address(ip: Option<IpAddr>) -> Value {
    network(ip.map(ClientNetwork::of))
}

fn network(network: Option<ClientNetwork>) -> Value {
    network.map(|network| network.to_string()).into()
}
