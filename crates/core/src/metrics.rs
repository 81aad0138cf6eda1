//! The server's Prometheus series, exposed at `GET /metrics` in the OpenMetrics text format.
//!
//! One [`Metrics`] (and its registry) lives in each server's app state, so two servers in one
//! process (the tests run many) never mix their counts. Data enters through the named
//! recording methods: the HTTP layer records requests and their error codes, SeaORM's metric
//! callback ([`crate::db::connect`]) every statement of the pools with its duration, the
//! request transaction every statement of a request (its start and end included) and its
//! waits for a connection, the planner its planned and
//! left-over fields, the realtime hub and listener their subscriptions, events and
//! reconnects, the shared executions of live feeds their members, the rate limiter its refusals. The pools are read when scraped (`PoolGauges`).
//! It leaves as text through [`Metrics::render`].
//!
//! Every label set is bounded: codes, operation types, feeds and limits are the server's
//! own words; operation names come from clients and are capped (`OperationNames`).

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric as _};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use sea_orm::sqlx::PgPool;

/// Upper bounds (seconds) of the request and statement duration histograms.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
];

/// Distinct operation names given their own label value. Prometheus keeps one series per
/// label value for as long as the server runs (times the histogram's buckets), and the
/// names are whatever clients send: without a cap, a client inventing a name per request
/// would grow `/metrics` and Prometheus's memory without bound. Real applications use a few
/// dozen names; past the cap (or past [`MAX_NAME_LENGTH`]) a name is counted as
/// [`OTHER_OPERATIONS`].
const MAX_OPERATION_NAMES: usize = 200;
/// Longest operation name given its own label value (GraphQL names are identifiers; a long
/// one is more likely noise than an application's query).
const MAX_NAME_LENGTH: usize = 64;
/// The label value of the names past the cap.
const OTHER_OPERATIONS: &str = "__other";
/// The label value of operations without a name.
const ANONYMOUS_OPERATION: &str = "__anonymous";

/// A GraphQL request's labels: its operation's name (capped) and type.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    operation: String,
    operation_type: &'static str,
}

/// An error code from `extensions.code` (the server's own closed set of codes).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: String,
}

/// A realtime feed: the kind of topic (`conversation`, `user`, `session`, `job`, ...), never
/// the topic itself, whose id would make a series per conversation.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FeedLabels {
    feed: String,
}

/// What became of one event for one subscriber.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EventLabels {
    feed: String,
    outcome: &'static str,
}

/// Whose allowance a rate-limit refusal exhausted.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

/// The server's series. One instance lives in the app state, shared by every request.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    statements: Counter,
    statement_duration: Histogram,
    deferred_ends: Counter,
    housekeeping_statements: Counter,
    pool_waiting: Gauge,
    pools: Arc<PoolGauges>,
    planned_root_fields: Counter,
    executor_fields: Counter,
    requests: Family<RequestLabels, Histogram>,
    errors: Family<CodeLabels, Counter>,
    operation_names: OperationNames,
    subscriptions: Family<FeedLabels, Gauge>,
    shared_subscriptions: Family<FeedLabels, Gauge>,
    events: Family<EventLabels, Counter>,
    cut_off: Family<FeedLabels, Counter>,
    listener_reconnects: Counter,
    relay_leader: Gauge,
    relayed: Counter,
    policy_changes: Counter,
    derived_states: Counter,
    rate_limited: Family<LimitLabels, Counter>,
}

fn duration_histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("switchyard");
        let statements = Counter::default();
        registry.register(
            "sql_statements",
            "SQL statements sent to PostgreSQL for requests and feeds, BEGIN/COMMIT/ROLLBACK included",
            statements.clone(),
        );
        let housekeeping_statements = Counter::default();
        registry.register(
            "sql_housekeeping_statements",
            "SQL statements the server sends on its own schedule: re-reading the row-level security policies every second, the presence and outbox sweep",
            housekeeping_statements.clone(),
        );
        let statement_duration = duration_histogram();
        registry.register_with_unit(
            "sql_statement_duration",
            "Time PostgreSQL took to answer a statement of a request or feed",
            Unit::Seconds,
            statement_duration.clone(),
        );
        let deferred_ends = Counter::default();
        registry.register(
            "sql_deferred_ends",
            "Transactions that only read, whose COMMIT or ROLLBACK went with the next opening instead of in a round trip of its own (counted in sql_statements too)",
            deferred_ends.clone(),
        );
        let pool_waiting = Gauge::default();
        registry.register(
            "db_pool_waiting",
            "Requests waiting for a connection of the request pool to open their transaction",
            pool_waiting.clone(),
        );
        let pools = Arc::new(PoolGauges::default());
        registry.register_collector(Box::new(Arc::clone(&pools)));
        let planned_root_fields = Counter::default();
        registry.register(
            "planned_root_fields",
            "Root connection and by-id fields of queries read ahead and rendered (planned reads)",
            planned_root_fields.clone(),
        );
        let executor_fields = Counter::default();
        registry.register(
            "planned_executor_fields",
            "Fields inside planned answers left to the executor: fields a table computes itself, nested connections whose arguments are refused",
            executor_fields.clone(),
        );
        let requests = Family::new_with_constructor(duration_histogram as fn() -> Histogram);
        registry.register_with_unit(
            "graphql_request_duration",
            "Time to answer a GraphQL request over HTTP, per operation name and type",
            Unit::Seconds,
            requests.clone(),
        );
        let errors = Family::default();
        registry.register(
            "graphql_errors",
            "Errors in GraphQL answers and refusals of GraphQL requests, per extensions.code",
            errors.clone(),
        );
        let subscriptions = Family::default();
        registry.register(
            "realtime_subscriptions",
            "Open subscriptions following a topic, per feed",
            subscriptions.clone(),
        );
        let shared_subscriptions = Family::default();
        registry.register(
            "realtime_shared_subscriptions",
            "Open subscriptions served by a shared execution (one per group follows the topic, and counts as one subscription), per feed",
            shared_subscriptions.clone(),
        );
        let events = Family::default();
        registry.register(
            "realtime_events",
            "Events handed to a subscriber's buffer (delivered) or not (dropped: the buffer was full or the subscriber gone), per feed",
            events.clone(),
        );
        let cut_off = Family::default();
        registry.register(
            "realtime_cut_off",
            "Subscribers cut off because their buffer of unsent events was full, per feed",
            cut_off.clone(),
        );
        let listener_reconnects = Counter::default();
        registry.register(
            "realtime_listener_reconnects",
            "Times the realtime event source (the LISTEN connection to PostgreSQL, or the NATS backplane's relay or consumer) lost its connection, or could not open it, and tried again",
            listener_reconnects.clone(),
        );
        let relay_leader = Gauge::default();
        registry.register(
            "realtime_relay_leader",
            "1 while this process is the NATS backplane's relay, elected to publish the outbox to JetStream",
            relay_leader.clone(),
        );
        let relayed = Counter::default();
        registry.register(
            "realtime_relayed_events",
            "Outbox events this process published to JetStream as the relay (re-publishes included)",
            relayed.clone(),
        );
        let policy_changes = Counter::default();
        registry.register(
            "policy_changes",
            "Times the row-level security policies were read again and which tables every viewer reads alike had changed",
            policy_changes.clone(),
        );
        let derived_states = Counter::default();
        registry.register(
            "realtime_derived_states",
            "States a feed derived from a topic's history for subscribers joining it (a collaboration document merged from its edits); joiners arriving while the topic has not moved share one",
            derived_states.clone(),
        );
        let rate_limited = Family::default();
        registry.register(
            "rate_limited",
            "Operations refused by a rate limit, per exhausted allowance (address or user)",
            rate_limited.clone(),
        );
        Self {
            registry,
            statements,
            statement_duration,
            deferred_ends,
            housekeeping_statements,
            pool_waiting,
            pools,
            planned_root_fields,
            executor_fields,
            requests,
            errors,
            operation_names: OperationNames::default(),
            subscriptions,
            shared_subscriptions,
            events,
            cut_off,
            listener_reconnects,
            relay_leader,
            relayed,
            policy_changes,
            derived_states,
            rate_limited,
        }
    }
}

impl Metrics {
    /// One SQL statement, which PostgreSQL answered after `elapsed`.
    pub fn timed_statement(&self, elapsed: Duration) {
        self.statements.inc();
        self.statement_duration.observe(elapsed.as_secs_f64());
    }

    /// A statement the server sent on its own schedule, not for a request or a feed: kept
    /// apart so that what requests cost reads the same whenever it is measured.
    pub fn housekeeping_statement(&self) {
        self.housekeeping_statements.inc();
    }

    /// The end of a transaction that only read, counted as a statement now and sent later
    /// with the next opening, whose time it shares.
    pub fn deferred_end(&self) {
        self.statements.inc();
        self.deferred_ends.inc();
    }

    /// Transactions ended by [`Self::deferred_end`] so far.
    pub fn deferred_ends(&self) -> u64 {
        self.deferred_ends.get()
    }

    /// Statements issued so far.
    pub fn statements(&self) -> u64 {
        self.statements.get()
    }

    /// A request starts waiting for a pooled connection; the returned guard ends the wait.
    pub fn waiting_for_connection(&self) -> WaitGuard<'_> {
        self.pool_waiting.inc();
        WaitGuard(&self.pool_waiting)
    }

    /// Reads `pool`'s connections in use and idle, labelled `name`, on every scrape.
    pub fn watch_pool(&self, name: &'static str, pool: PgPool) {
        self.pools.pools().push((name, pool));
    }

    /// A root field of a query was read ahead and rendered (planned reads).
    pub fn planned_root_field(&self) {
        self.planned_root_fields.inc();
    }

    /// A field inside a planned answer could not be read ahead (a field its table computes
    /// itself, or arguments its resolver refuses) and is left to the executor.
    pub fn field_left_to_executor(&self) {
        self.executor_fields.inc();
    }

    /// A GraphQL request of operation `name` (none: anonymous) and type `operation_type`
    /// was answered after `elapsed`.
    pub fn request(&self, name: Option<&str>, operation_type: &'static str, elapsed: Duration) {
        let labels = RequestLabels {
            operation: self.operation_names.label(name),
            operation_type,
        };
        self.requests
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }

    /// An error of `code` (its `extensions.code`) was answered, in a response or as the
    /// refusal of a request before it ran.
    pub fn error(&self, code: &str) {
        self.errors
            .get_or_create(&CodeLabels { code: code.into() })
            .inc();
    }

    /// A subscription started following a topic of `feed`.
    pub fn subscription_opened(&self, feed: &str) {
        self.subscriptions.get_or_create(&feed_labels(feed)).inc();
    }

    /// A subscription of `feed` stopped following its topic.
    pub fn subscription_closed(&self, feed: &str) {
        self.subscriptions.get_or_create(&feed_labels(feed)).dec();
    }

    /// A subscriber joined a shared execution following a topic of `feed`.
    pub fn shared_subscription_opened(&self, feed: &str) {
        self.shared_subscriptions
            .get_or_create(&feed_labels(feed))
            .inc();
    }

    /// A subscriber left a shared execution of `feed` (or was cut off, or the execution
    /// ended).
    pub fn shared_subscription_closed(&self, feed: &str) {
        self.shared_subscriptions
            .get_or_create(&feed_labels(feed))
            .dec();
    }

    /// An event of `feed` went into a subscriber's buffer (`delivered`) or could not
    /// (`dropped`).
    pub fn event(&self, feed: &str, delivered: bool) {
        let outcome = if delivered { "delivered" } else { "dropped" };
        self.events
            .get_or_create(&EventLabels {
                feed: feed.into(),
                outcome,
            })
            .inc();
    }

    /// A subscriber of `feed` was cut off: its buffer was full.
    pub fn cut_off(&self, feed: &str) {
        self.cut_off.get_or_create(&feed_labels(feed)).inc();
    }

    /// The policies were read again and the tables every viewer reads alike had changed.
    pub fn policies_changed(&self) {
        self.policy_changes.inc();
    }

    /// A feed derived a topic's state from its history for joining subscribers.
    pub fn state_derived(&self) {
        self.derived_states.inc();
    }

    /// The realtime listener lost its connection and is about to connect again.
    pub fn listener_reconnect(&self) {
        self.listener_reconnects.inc();
    }

    /// This process became the relay (`true`) or stopped being it.
    pub fn relay_leader(&self, leading: bool) {
        self.relay_leader.set(i64::from(leading));
    }

    /// The relay published `events` outbox events to JetStream.
    pub fn relayed(&self, events: usize) {
        self.relayed
            .inc_by(u64::try_from(events).unwrap_or(u64::MAX));
    }

    /// A rate limit refused an operation: `limit` is whose allowance ran out.
    pub fn rate_limited(&self, limit: &'static str) {
        self.rate_limited
            .get_or_create(&LimitLabels { limit })
            .inc();
    }

    /// The OpenMetrics text exposition of every series.
    pub fn render(&self) -> Result<String, fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

fn feed_labels(feed: &str) -> FeedLabels {
    FeedLabels { feed: feed.into() }
}

/// Ends a wait for a pooled connection when dropped, whether or not one came.
pub struct WaitGuard<'a>(&'a Gauge);

impl Drop for WaitGuard<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The operation names seen so far, up to [`MAX_OPERATION_NAMES`].
#[derive(Debug, Default)]
struct OperationNames(Mutex<HashSet<String>>);

impl OperationNames {
    /// The label value for operation `name`.
    fn label(&self, name: Option<&str>) -> String {
        let Some(name) = name else {
            return ANONYMOUS_OPERATION.into();
        };
        if name.len() > MAX_NAME_LENGTH {
            return OTHER_OPERATIONS.into();
        }
        // A set of strings is consistent after any panic: a poisoned lock is still usable.
        let mut names = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if names.contains(name) || names.len() < MAX_OPERATION_NAMES {
            names.insert(name.to_owned());
            name.to_owned()
        } else {
            OTHER_OPERATIONS.into()
        }
    }
}

/// The pools whose connections are read at each scrape: sqlx counts them itself, so a
/// copy kept by hand could only drift.
#[derive(Debug, Default)]
struct PoolGauges(Mutex<Vec<(&'static str, PgPool)>>);

impl PoolGauges {
    fn pools(&self) -> MutexGuard<'_, Vec<(&'static str, PgPool)>> {
        // Pushes only: a poisoned list is still consistent.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Collector for PoolGauges {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), fmt::Error> {
        let pools = self.pools();
        let mut family = encoder.encode_descriptor(
            "db_pool_connections",
            "Connections of a pool, in use or idle.",
            None,
            MetricType::Gauge,
        )?;
        for (name, pool) in pools.iter() {
            let size = i64::from(pool.size());
            let idle = i64::try_from(pool.num_idle()).unwrap_or(i64::MAX);
            for (state, count) in [("in_use", size - idle), ("idle", idle)] {
                let labels = [("pool", *name), ("state", state)];
                ConstGauge::new(count).encode(family.encode_family(&labels)?)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_past_the_cap_or_too_long_fold_into_one_label() {
        let names = OperationNames::default();
        assert_eq!(names.label(None), ANONYMOUS_OPERATION);
        for n in 0..MAX_OPERATION_NAMES {
            assert_eq!(names.label(Some(&format!("Op{n}"))), format!("Op{n}"));
        }
        assert_eq!(names.label(Some("OneTooMany")), OTHER_OPERATIONS);
        assert_eq!(
            names.label(Some("Op7")),
            "Op7",
            "a known name keeps its label"
        );
        let long = "L".repeat(MAX_NAME_LENGTH + 1);
        assert_eq!(
            OperationNames::default().label(Some(&long)),
            OTHER_OPERATIONS
        );
    }
}
