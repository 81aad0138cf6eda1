//! Switchyard below the product areas: what every area and every transport stands on.
//!
//! A request's data enters through [`auth`] (bearer token → viewer) and [`config`], becomes
//! a [`db::RequestScope`] (the lazy RLS transaction as that viewer), and is read and written
//! through the table machinery and planner of [`graphql`]. Events leave the database
//! through [`realtime`] (outbox, listener, hub) and reach the feeds of [`graphql::live`].
//! The product areas (`switchyard-<area>` crates) declare their tables and operations on
//! top of this crate; the server crate (`switchyard`) merges them into one schema and
//! serves it.

pub mod auth;
pub mod budget_cache;
pub mod caps;
pub mod config;
pub mod db;
pub mod graphql;
pub mod metrics;
pub mod rate_limit;
pub mod realtime;
pub mod role;
pub mod security;
pub mod telemetry;
