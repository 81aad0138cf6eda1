//! Security events and the sign-in brute-force rule.
//!
//! Events come from the transports (a refused JWT or API key, with the client's address
//! from the connection) and from `signIn` (a failed sign-in, a lockout). They are written
//! through the pool, outside the request's transaction, so a request that fails and rolls
//! back still leaves its record; they leave as `security_events` rows, which the user
//! concerned reads through GraphQL. The counting and locking happen in SQL
//! (`record_failed_sign_in`, `sign_in_lockout_remaining`, migration 000020).

use std::net::IpAddr;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value};
use uuid::Uuid;

use crate::config::Limits;
use crate::db::DbError;

/// The brute-force rule: `max_failures` failed sign-ins within `window_seconds`, from one
/// address for one account, refuse that pair for `lockout_seconds`.
#[derive(Debug, Clone, Copy)]
struct SignInRule {
    max_failures: i32,
    window_seconds: i32,
    lockout_seconds: i32,
}

/// Writes security events and answers whether a sign-in is locked out.
#[derive(Debug, Clone)]
pub struct SecurityLog {
    pool: DatabaseConnection,
    rule: SignInRule,
}

impl SecurityLog {
    /// A log writing through `pool`, with the sign-in rule of `limits`.
    pub fn new(pool: DatabaseConnection, limits: &Limits) -> Self {
        Self {
            pool,
            rule: SignInRule {
                max_failures: limits.sign_in_max_failures,
                window_seconds: limits.sign_in_window_seconds,
                lockout_seconds: limits.sign_in_lockout_seconds,
            },
        }
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

    /// Seconds left of the lockout of `account` from `ip`; 0 when sign-in is open.
    pub async fn lockout_remaining(
        &self,
        ip: Option<IpAddr>,
        account: &str,
    ) -> Result<i32, DbError> {
        let row = self
            .pool
            .query_one_raw(statement(
                "SELECT public.sign_in_lockout_remaining($1, $2, $3) AS seconds",
                [
                    address(ip),
                    account.into(),
                    self.rule.lockout_seconds.into(),
                ],
            ))
            .await?;
        Ok(row
            .and_then(|row| row.try_get::<i32>("", "seconds").ok())
            .unwrap_or(0))
    }

    /// Records a failed sign-in of `account` (owned by `user`, when it exists) from `ip`;
    /// true when this failure starts a lockout.
    pub async fn failed_sign_in(
        &self,
        ip: Option<IpAddr>,
        account: &str,
        user: Option<Uuid>,
    ) -> Result<bool, DbError> {
        let rule = self.rule;
        let row = self
            .pool
            .query_one_raw(statement(
                "SELECT public.record_failed_sign_in($1, $2, $3, $4, $5, $6) AS locked",
                [
                    address(ip),
                    account.into(),
                    user.into(),
                    rule.max_failures.into(),
                    rule.window_seconds.into(),
                    rule.lockout_seconds.into(),
                ],
            ))
            .await?;
        Ok(row
            .and_then(|row| row.try_get::<bool>("", "locked").ok())
            .unwrap_or(false))
    }
}

fn statement<const N: usize>(sql: &str, values: [Value; N]) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// The address as stored: its text form, or null when the transport does not know it.
fn address(ip: Option<IpAddr>) -> Value {
    ip.map(|ip| ip.to_string()).into()
}
