//! Switchyard: a GraphQL gateway over one PostgreSQL database, with row-level security
//! deciding what each viewer sees.
//!
//! Modules in the order a request meets them:

// The merged root query of ~100 tables nests deeper than the default limit of 128.
#![recursion_limit = "256"]

/// Bearer JWT → [`auth::Viewer`].
pub mod auth;
/// The subcommands (`serve`, `migrate`, `seed`, `schema`, `token`, `cluster`).
pub mod cli;
/// Flags and environment, read once.
pub mod config;
/// Pool, embedded cluster, the per-request RLS transaction and the policies' classification.
pub mod db;
/// The GraphQL schema: generic table machinery and one module per domain.
pub mod graphql;
/// Router and GraphQL-over-HTTP handlers.
pub mod http;
/// The Prometheus series of `/metrics`.
pub mod metrics;
pub mod rate_limit;
/// LISTEN/NOTIFY bridged to subscriptions: the outbox reader, listener and hub.
pub mod realtime;
/// The PostgreSQL role a request runs as, named by tokens and by settings alike.
pub mod role;
/// Security events (refused tokens, failed sign-ins) and the brute-force rule.
pub mod security;
/// Demo data for `seed` and `serve --demo`.
pub mod seed;
/// Logs and OpenTelemetry traces.
pub mod telemetry;
