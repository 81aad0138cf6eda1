//! Enum-like columns of the agent tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an agent run is in its life cycle (seed 002's ten statuses).
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
#[graphql(name = "AgentRunStatus")]
pub enum AgentRunStatus {
    /// Created, its budget reserved; not started.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Waiting for a worker.
    #[sea_orm(string_value = "queued")]
    Queued,
    /// The agent is planning its steps.
    #[sea_orm(string_value = "planning")]
    Planning,
    /// Executing steps; completes by itself once every step is completed or skipped.
    #[sea_orm(string_value = "running")]
    Running,
    /// Waiting for the user's answer.
    #[sea_orm(string_value = "waiting_for_user")]
    WaitingForUser,
    /// Paused by the user or the system.
    #[sea_orm(string_value = "paused")]
    Paused,
    /// Finished successfully (terminal).
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Failed (terminal); `error` says why.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Cancelled before finishing (terminal).
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Ran out of time (terminal).
    #[sea_orm(string_value = "timed_out")]
    TimedOut,
}

/// How the agent works on a run.
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
#[graphql(name = "AgentMode")]
pub enum AgentMode {
    /// A conversation, no tools.
    #[sea_orm(string_value = "chat")]
    Chat,
    /// General autonomous agent.
    #[sea_orm(string_value = "agent")]
    Agent,
    /// Deep research on one question.
    #[sea_orm(string_value = "research")]
    Research,
    /// Parallel research over many items.
    #[sea_orm(string_value = "wide_research")]
    WideResearch,
    /// Writing and running code.
    #[sea_orm(string_value = "code")]
    Code,
    /// Analysing data.
    #[sea_orm(string_value = "data_analysis")]
    DataAnalysis,
    /// Operating a web browser.
    #[sea_orm(string_value = "browser")]
    Browser,
    /// Generating images.
    #[sea_orm(string_value = "image")]
    Image,
    /// Building a slide deck.
    #[sea_orm(string_value = "slides")]
    Slides,
    /// Writing documents.
    #[sea_orm(string_value = "writing")]
    Writing,
    /// Planning only, no execution.
    #[sea_orm(string_value = "planning")]
    Planning,
    /// A custom workflow.
    #[sea_orm(string_value = "custom")]
    Custom,
}

/// Where an agent step is in its life cycle.
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
#[graphql(name = "AgentStepStatus")]
pub enum AgentStepStatus {
    /// Planned, not started.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Being executed.
    #[sea_orm(string_value = "running")]
    Running,
    /// Finished successfully.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Failed; `error` says why.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Not needed after all.
    #[sea_orm(string_value = "skipped")]
    Skipped,
    /// Cancelled, e.g. because its run finished first.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// The tool an agent step uses.
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
#[graphql(name = "ToolType")]
pub enum ToolType {
    /// A language-model call.
    #[sea_orm(string_value = "llm")]
    Llm,
    /// Code execution in a sandbox.
    #[sea_orm(string_value = "code")]
    Code,
    /// A browser action.
    #[sea_orm(string_value = "browser")]
    Browser,
    /// A web search.
    #[sea_orm(string_value = "search")]
    Search,
    /// A file operation.
    #[sea_orm(string_value = "file")]
    File,
    /// A shell command.
    #[sea_orm(string_value = "shell")]
    Shell,
    /// Image generation.
    #[sea_orm(string_value = "image")]
    Image,
    /// A call through a connector (Gmail, GitHub, ...).
    #[sea_orm(string_value = "connector")]
    Connector,
    /// A wide-research fan-out.
    #[sea_orm(string_value = "wide_research")]
    WideResearch,
    /// Reading or writing the agent's memory.
    #[sea_orm(string_value = "memory")]
    Memory,
    /// A message to the user.
    #[sea_orm(string_value = "message")]
    Message,
    /// Anything else.
    #[sea_orm(string_value = "other")]
    Other,
}

/// Who speaks in an agent run's chat.
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
#[graphql(name = "AgentMessageRole")]
pub enum AgentMessageRole {
    /// The user.
    #[sea_orm(string_value = "user")]
    User,
    /// The agent.
    #[sea_orm(string_value = "assistant")]
    Assistant,
    /// System instructions.
    #[sea_orm(string_value = "system")]
    System,
    /// A tool's report.
    #[sea_orm(string_value = "tool")]
    Tool,
}
