//! Switchyard below the product areas: what every area and every transport stands on.
//!
//! A request's data enters through [`auth`] (bearer token → viewer) and [`config`], becomes
//! a [`db::RequestScope`] (the lazy RLS transaction as that viewer), and is read and written
//! through the table machinery and planner of [`graphql`]. Events leave the database
//! through [`realtime`] (outbox, listener, hub) and reach the feeds of [`graphql::live`].
//! The product areas (`switchyard-<area>` crates) declare their tables and operations on
//! top of this crate; the server crate (`switchyard`) merges them into one schema and
//! serves it.

/// Bearer JWT → [`auth::Viewer`].
pub mod auth;
/// Flags and environment, read once.
pub mod config;
/// Pool, embedded cluster, the per-request RLS transaction and the policies' classification.
pub mod db;
/// The table machinery, the planner and the live feeds' machinery the areas declare with.
pub mod graphql;
/// The Prometheus series of `/metrics`.
pub mod metrics;
pub mod rate_limit;
/// LISTEN/NOTIFY bridged to subscriptions: the outbox reader, listener and hub.
pub mod realtime;
/// The PostgreSQL role a request runs as, named by tokens and by settings alike.
pub mod role;
/// Security events (refused tokens, failed sign-ins) and the brute-force rule.
pub mod security;
/// Logs and OpenTelemetry traces.
pub mod telemetry;
