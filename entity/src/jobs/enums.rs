//! Enum-like columns of the job tables: `text` with a CHECK constraint in the database and
//! a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a job is in its life cycle.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "JobStatus")]
pub enum JobStatus {
    /// Waiting for a worker (also between retries).
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Claimed by a worker.
    #[sea_orm(string_value = "running")]
    Running,
    /// Finished successfully (terminal).
    #[sea_orm(string_value = "succeeded")]
    Succeeded,
    /// Failed its last attempt (terminal).
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Canceled before finishing (terminal).
    #[sea_orm(string_value = "canceled")]
    Canceled,
}

/// Severity of a job log line.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "JobLogLevel")]
pub enum JobLogLevel {
    /// Detail for debugging.
    #[sea_orm(string_value = "debug")]
    Debug,
    /// Normal progress.
    #[sea_orm(string_value = "info")]
    Info,
    /// Something odd, not fatal.
    #[sea_orm(string_value = "warn")]
    Warn,
    /// An attempt failed.
    #[sea_orm(string_value = "error")]
    Error,
}
