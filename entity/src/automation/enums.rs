//! Enum-like columns of the automation tables: `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What an automation step is.
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
#[graphql(name = "AutomationStepKind")]
pub enum AutomationStepKind {
    /// What starts the automation (always the first step).
    #[sea_orm(string_value = "trigger")]
    Trigger,
    /// Something the automation does.
    #[sea_orm(string_value = "action")]
    Action,
    /// A check that must hold for the following steps to run.
    #[sea_orm(string_value = "condition")]
    Condition,
}

/// Where an automation run is.
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
#[graphql(name = "AutomationRunStatus")]
pub enum AutomationRunStatus {
    /// Started, not finished.
    #[sea_orm(string_value = "running")]
    Running,
    /// Finished successfully.
    #[sea_orm(string_value = "succeeded")]
    Succeeded,
    /// Stopped by an error.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// Whether a scheduled task runs.
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
#[graphql(name = "ScheduledTaskStatus")]
pub enum ScheduledTaskStatus {
    /// Runs at `next_run_at`.
    #[sea_orm(string_value = "active")]
    Active,
    /// Does not run until resumed (by its owner, or after too many failures in a row).
    #[sea_orm(string_value = "paused")]
    Paused,
}

/// How a scheduled task's run ended.
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
#[graphql(name = "ScheduledTaskRunStatus")]
pub enum ScheduledTaskRunStatus {
    /// The run succeeded.
    #[sea_orm(string_value = "succeeded")]
    Succeeded,
    /// The run failed.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// Where a wide research job is, derived from its subtasks.
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
#[graphql(name = "ResearchJobStatus")]
pub enum ResearchJobStatus {
    /// No subtask started yet.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Some subtasks started or finished.
    #[sea_orm(string_value = "running")]
    Running,
    /// Every subtask finished and at least one succeeded (terminal).
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Every subtask failed (terminal).
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Canceled by its owner (terminal).
    #[sea_orm(string_value = "canceled")]
    Canceled,
}

/// Where a wide research subtask is.
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
#[graphql(name = "ResearchSubtaskStatus")]
pub enum ResearchSubtaskStatus {
    /// Waiting for a worker (also between retries).
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Being processed.
    #[sea_orm(string_value = "running")]
    Running,
    /// Finished with a result.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Failed its last attempt.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Its job was canceled.
    #[sea_orm(string_value = "canceled")]
    Canceled,
}
