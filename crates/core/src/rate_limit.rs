//! Rate limits per client address and per signed-in user, weighted by what a request costs.
//!
//! The cost of an operation is its complexity score, the one `SWITCHYARD_MAX_COMPLEXITY`
//! caps (a connection counts its page size times its selection), so a page of a hundred
//! posts with their comments spends far more than `{ viewer { id } }`. Each address and each
//! user has a bucket (GCRA, `governor`) refilled at `SWITCHYARD_RATE_LIMIT_ADDRESS` /
//! `SWITCHYARD_RATE_LIMIT_USER` points a second and holding
//! `SWITCHYARD_RATE_LIMIT_BURST_SECONDS` seconds of them. The charge is made after
//! validation and before execution, by a schema extension
//! ([`crate::graphql::rate_limit::RateLimitExtension`]), on every transport; an operation over its allowance is refused with `RATE_LIMITED`, the seconds to
//! wait in `extensions.retryAfter`, and over HTTP a 429 with `Retry-After`.
//!
//! Loopback clients are not limited unless `SWITCHYARD_LIMIT_LOOPBACK` is set: they are the
//! operator's own tools, tests and benchmarks.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use uuid::Uuid;

use crate::auth::ClientNetwork;
use crate::config::Limits;

/// Every this many charges, buckets that have refilled completely are forgotten, so the
/// memory held is bounded by the clients of the last few seconds.
const FORGET_EVERY: u64 = 10_000;

/// One bucket per key, with its capacity (a charge above it is cut to it, so an operation
/// the complexity limit lets through can always run on a full bucket).
struct Buckets<K: std::hash::Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    burst: NonZeroU32,
}

impl<K: std::hash::Hash + Eq + Clone> Buckets<K> {
    /// Buckets refilled at `per_second` points and holding `burst_seconds` seconds of them;
    /// `None` when `per_second` is 0 (no limit).
    fn new(per_second: u32, burst_seconds: u32) -> Option<Self> {
        let rate = NonZeroU32::new(per_second)?;
        let burst = NonZeroU32::new(per_second.saturating_mul(burst_seconds.max(1)))?;
        Some(Self {
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
            burst,
        })
    }

    /// Takes `cost` points from `key`'s bucket, or says how long until they are there.
    fn take(&self, key: &K, cost: NonZeroU32) -> Result<(), Duration> {
        match self.limiter.check_key_n(key, cost.min(self.burst)) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => Err(not_until.wait_time_from(DefaultClock::default().now())),
            // Cannot happen: the cost was cut to the capacity.
            Err(_) => Err(Duration::from_secs(1)),
        }
    }
}

/// Whose allowance ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exhausted {
    /// The client address's.
    Address,
    /// The signed-in user's.
    User,
}

impl Exhausted {
    /// The `limit` label of the refusal in `/metrics`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::User => "user",
        }
    }
}

/// A refused charge: whose allowance, and how long until the operation would fit.
#[derive(Debug, Clone, Copy)]
pub struct Refusal {
    /// Whose allowance ran out.
    pub exhausted: Exhausted,
    /// How long to wait.
    pub retry_after: Duration,
}

impl Refusal {
    /// Whole seconds to wait, at least one (what `Retry-After` says).
    pub fn retry_after_seconds(&self) -> u64 {
        self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0)
    }

    /// What the client is told.
    pub fn message(&self) -> String {
        let whose = match self.exhausted {
            Exhausted::Address => "your address",
            Exhausted::User => "your account",
        };
        format!(
            "rate limited: {whose} has spent its allowance of query cost; retry in {} s, or ask for smaller pages",
            self.retry_after_seconds()
        )
    }
}

/// The buckets of one server.
pub struct RateLimits {
    per_address: Option<Buckets<ClientNetwork>>,
    per_user: Option<Buckets<Uuid>>,
    limit_loopback: bool,
    charges: AtomicU64,
}

impl RateLimits {
    /// The limits `limits` configures.
    pub fn new(limits: &Limits) -> Self {
        Self {
            per_address: Buckets::new(limits.rate_limit_address, limits.rate_limit_burst_seconds),
            per_user: Buckets::new(limits.rate_limit_user, limits.rate_limit_burst_seconds),
            limit_loopback: limits.limit_loopback,
            charges: AtomicU64::new(0),
        }
    }

    /// Charges an operation costing `cost` to the client address `ip` and the signed-in
    /// `user`; loopback clients go free unless loopback is limited.
    pub fn charge(
        &self,
        ip: Option<IpAddr>,
        user: Option<Uuid>,
        cost: usize,
    ) -> Result<(), Refusal> {
        let network = ip.map(ClientNetwork::of);
        if network.is_some_and(ClientNetwork::is_loopback) && !self.limit_loopback {
            return Ok(());
        }
        if self.charges.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
            self.forget_idle();
        }
        let cost =
            NonZeroU32::new(u32::try_from(cost).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MIN);
        if let (Some(buckets), Some(network)) = (&self.per_address, network) {
            buckets
                .take(&network, cost)
                .map_err(|retry_after| Refusal {
                    exhausted: Exhausted::Address,
                    retry_after,
                })?;
        }
        if let (Some(buckets), Some(user)) = (&self.per_user, user) {
            buckets.take(&user, cost).map_err(|retry_after| Refusal {
                exhausted: Exhausted::User,
                retry_after,
            })?;
        }
        Ok(())
    }

    fn forget_idle(&self) {
        if let Some(buckets) = &self.per_address {
            buckets.limiter.retain_recent();
        }
        if let Some(buckets) = &self.per_user {
            buckets.limiter.retain_recent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_one_ipv6_64_spend_one_allowance() -> Result<(), std::net::AddrParseError> {
        let limits = RateLimits::new(&Limits {
            rate_limit_address: 10,
            rate_limit_burst_seconds: 1,
            ..Limits::default()
        });
        let first: IpAddr = "2001:db8:1:2::1".parse()?;
        let second: IpAddr = "2001:db8:1:2::2".parse()?;
        let elsewhere: IpAddr = "2001:db8:1:3::1".parse()?;
        assert!(limits.charge(Some(first), None, 10).is_ok());
        let refused = limits.charge(Some(second), None, 10);
        assert!(
            refused.is_err_and(|refusal| refusal.exhausted == Exhausted::Address),
            "a second address of the same /64 had an allowance of its own"
        );
        assert!(limits.charge(Some(elsewhere), None, 10).is_ok());
        Ok(())
    }
}
