//! The gateway's integration tests, one module per product area, in one test binary.
//!
//! Every test starts the real router over its own fresh database of a real PostgreSQL
//! (see `common`). One binary instead of one per file: each binary links the whole gateway
//! (about 400 MB unoptimized), so two dozen of them cost gigabytes of disk and minutes of
//! linking for nothing.

mod common;

mod abuse;
mod accounts;
mod agents;
mod aggregates;
mod automation;
mod backplane;
mod browser;
mod catalog_coverage;
mod changes;
mod clients;
mod concurrency;
mod connectors;
mod constraints;
mod content_writes;
mod credits;
mod crypto_writes;
mod demo;
mod documents;
mod fanout;
mod http_protocol;
mod jobs;
mod jwks;
mod luminors;
mod marketplace_writes;
mod messaging_writes;
mod multipart;
mod observability;
mod persisted_queries;
mod planned_reads;
mod presence;
mod property;
mod reads;
mod realtime;
mod research;
mod resilience;
mod rls;
mod schema_contract;
mod security;
mod semantic_search;
mod social_writes;
mod sse;
mod startup;
mod topics;
mod trusted_documents;
