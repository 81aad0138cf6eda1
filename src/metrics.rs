//! Process-wide counters exposed at `GET /metrics` in Prometheus text format: SQL
//! statements issued, GraphQL requests served and their durations.
//!
//! Statements are counted by SeaORM's metric callback (every statement on the pool or in a
//! transaction) plus the BEGIN/COMMIT/ROLLBACK the request scope issues itself.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the request duration histogram.
const BUCKETS: [f64; 12] = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0,
];

/// The counters. One instance lives in the app state, shared by every request.
#[derive(Debug, Default)]
pub struct Metrics {
    statements: AtomicU64,
    planned_root_fields: AtomicU64,
    executor_fields: AtomicU64,
    requests: AtomicU64,
    request_errors: AtomicU64,
    duration_micros_sum: AtomicU64,
    buckets: [AtomicU64; BUCKETS.len()],
}

impl Metrics {
    /// One SQL statement went to PostgreSQL.
    pub fn statement(&self) {
        self.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// Statements issued so far.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// A root field of a query was read ahead and rendered (planned reads).
    pub fn planned_root_field(&self) {
        self.planned_root_fields.fetch_add(1, Ordering::Relaxed);
    }

    /// A field inside a planned answer could not be read ahead (a field its table computes
    /// itself, or arguments its resolver refuses) and is left to the executor.
    pub fn field_left_to_executor(&self) {
        self.executor_fields.fetch_add(1, Ordering::Relaxed);
    }

    /// A GraphQL request finished after `elapsed`, with or without errors.
    pub fn request(&self, elapsed: Duration, had_errors: bool) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if had_errors {
            self.request_errors.fetch_add(1, Ordering::Relaxed);
        }
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.duration_micros_sum
            .fetch_add(micros, Ordering::Relaxed);
        let seconds = elapsed.as_secs_f64();
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The Prometheus text exposition of every counter.
    pub fn render(&self) -> String {
        let requests = self.requests.load(Ordering::Relaxed);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP switchyard_sql_statements_total SQL statements sent to PostgreSQL.\n\
             # TYPE switchyard_sql_statements_total counter\n\
             switchyard_sql_statements_total {}",
            self.statements()
        );
        let _ = writeln!(
            out,
            "# HELP switchyard_planned_root_fields_total Root connection and by-id fields of queries read ahead and rendered (planned reads).\n\
             # TYPE switchyard_planned_root_fields_total counter\n\
             switchyard_planned_root_fields_total {}\n\
             # HELP switchyard_planned_executor_fields_total Fields inside planned answers left to the executor: fields a table computes itself, nested connections whose arguments are refused.\n\
             # TYPE switchyard_planned_executor_fields_total counter\n\
             switchyard_planned_executor_fields_total {}",
            self.planned_root_fields.load(Ordering::Relaxed),
            self.executor_fields.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP switchyard_graphql_requests_total GraphQL requests served.\n\
             # TYPE switchyard_graphql_requests_total counter\n\
             switchyard_graphql_requests_total {requests}\n\
             # HELP switchyard_graphql_request_errors_total GraphQL requests answered with errors.\n\
             # TYPE switchyard_graphql_request_errors_total counter\n\
             switchyard_graphql_request_errors_total {}",
            self.request_errors.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP switchyard_graphql_request_duration_seconds Time to answer a GraphQL request.\n\
             # TYPE switchyard_graphql_request_duration_seconds histogram"
        );
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            let _ = writeln!(
                out,
                "switchyard_graphql_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let sum = self.duration_micros_sum.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(
            out,
            "switchyard_graphql_request_duration_seconds_bucket{{le=\"+Inf\"}} {requests}\n\
             switchyard_graphql_request_duration_seconds_sum {sum}\n\
             switchyard_graphql_request_duration_seconds_count {requests}"
        );
        out
    }
}
