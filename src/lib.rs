//! Switchyard: a GraphQL gateway over one PostgreSQL database, with row-level security
//! deciding what each viewer sees.
//!
//! This is the server: it merges the product areas (the `switchyard-<area>` crates) into
//! one schema and serves it over HTTP, WebSocket, Server-Sent Events and multipart. What
//! the areas stand on (configuration, authentication, the database, realtime and the table
//! machinery) is `switchyard-core`. Modules in the order a request meets them:

// The merged root query of ~100 tables nests deeper than the default limit of 128.
#![recursion_limit = "256"]

/// The subcommands (`serve`, `migrate`, `seed`, `schema`, `token`, `cluster`).
pub mod cli;
/// The GraphQL schema: the product areas merged.
pub mod graphql;
/// Router and GraphQL-over-HTTP handlers.
pub mod http;
/// Demo data for `seed` and `serve --demo`.
pub mod seed;
