//! SeaORM entities for every Switchyard table, one module per table, grouped by domain.
//!
//! Module names are table names (`entity::social::posts::{Entity, Model, Column, ActiveModel,
//! Relation}`). Each `Model` is also an `async_graphql::SimpleObject` named `<Table>Record`
//! whose field docs become GraphQL descriptions; secrets (password and API key hashes) are
//! skipped there and never serialized. Enum-like `text` columns map to closed Rust enums,
//! re-exported from their domain module. The tables themselves, with their constraints,
//! triggers and row-level-security policies, are defined by the `migration` crate.

pub mod agents;
pub mod ai;
pub mod automation;
pub mod billing;
pub mod collaboration;
pub mod connectors;
pub mod content;
pub mod crypto;
pub mod identity;
pub mod jobs;
pub mod marketplace;
pub mod messaging;
pub mod notifications;
pub mod operations;
pub mod social;
