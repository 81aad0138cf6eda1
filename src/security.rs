//! Security events and the sign-in brute-force rule.
//!
//! Events come from the transports (a refused JWT or API key, with the client's address
//! from the connection) and from `signIn` (a failed sign-in, a lockout). They are written
//! through a small pool of their own, outside the request's transaction, so a request that
//! fails and rolls back still leaves its record, and a flood of refusals never waits for
//! (or takes) the connections requests run on. They leave as `security_events` rows, which
//! the user concerned reads through GraphQL. The counting and locking happen in SQL
//! (`record_failed_sign_in`, `sign_in_lockout_remaining`, migration 000020).

use std::net::IpAddr;
use std::sync::Arc;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value};
use uuid::Uuid;

use crate::config::Limits;
use crate::db::DbError;
use crate::metrics::Metrics;

/// Connections of the security log's own pool.
const POOL_SIZE: u32 = 4;

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

/// Writes security events and applies the sign-in rule.
#[derive(Debug, Clone)]
pub struct SecurityLog {
    pool: DatabaseConnection,
    rule: SignInRule,
}

impl SecurityLog {
    /// A log writing through a pool of its own to `database_url`, with the sign-in rule
    /// of `limits`; its statements are counted into `metrics`.
    pub async fn connect(
        database_url: &str,
        limits: &Limits,
        metrics: Arc<Metrics>,
    ) -> Result<Self, DbError> {
        Ok(Self {
            pool: crate::db::connect(database_url, POOL_SIZE, metrics).await?,
            rule: SignInRule {
                max_failures: limits.sign_in_max_failures,
                window_seconds: limits.sign_in_window_seconds,
                lockout_seconds: limits.sign_in_lockout_seconds,
            },
        })
    }

    /// Records a refused JWT or API key. Never fails: a lost record is logged instead.
    pub async fn refused_token(&self, ip: Option<IpAddr>, reason: &str) {
        let recorded = self
            .pool
            .execute_raw(statement(
                "INSERT INTO public.security_events (kind, ip, details) \
                 VALUES ('invalid_token', $1, jsonb_build_object('reason', $2::text))",
                [address(ip), reason.into()],
            ))
            .await;
        if let Err(error) = recorded {
            tracing::error!(error = %error, "recording a refused token failed");
        }
        tracing::info!(reason, "token refused");
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

fn statement<const N: usize>(sql: &str, values: [Value; N]) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// The address as stored: its text form, or null when the transport does not know it.
fn address(ip: Option<IpAddr>) -> Value {
    ip.map(|ip| ip.to_string()).into()
}
