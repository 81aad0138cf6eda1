//! Enum-like columns of the AI tables: `text` with a CHECK constraint in the database and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What sort of thing an AI memory records.
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
#[graphql(name = "MemoryKind")]
pub enum MemoryKind {
    /// Something true about the user or the world.
    #[sea_orm(string_value = "fact")]
    Fact,
    /// Something the user likes or dislikes.
    #[sea_orm(string_value = "preference")]
    Preference,
    /// Something that happened.
    #[sea_orm(string_value = "event")]
    Event,
    /// Something the user can do.
    #[sea_orm(string_value = "skill")]
    Skill,
    /// A summary of a past conversation.
    #[sea_orm(string_value = "conversation")]
    Conversation,
}

/// Whether a session is going on.
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
#[graphql(name = "SessionStatus")]
pub enum SessionStatus {
    /// Going on.
    #[sea_orm(string_value = "active")]
    Active,
    /// Over.
    #[sea_orm(string_value = "ended")]
    Ended,
}

/// The engine a bot runs on.
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
#[graphql(name = "BotEngine")]
pub enum BotEngine {
    /// OpenAI models.
    #[sea_orm(string_value = "openai")]
    Openai,
    /// Anthropic models.
    #[sea_orm(string_value = "anthropic")]
    Anthropic,
    /// Google models.
    #[sea_orm(string_value = "google")]
    Google,
    /// A locally hosted model.
    #[sea_orm(string_value = "local")]
    Local,
}

/// Whether an AI clone takes tasks (seed 001).
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
#[graphql(name = "CloneStatus")]
pub enum CloneStatus {
    /// Takes tasks.
    #[sea_orm(string_value = "active")]
    Active,
    /// Switched off.
    #[sea_orm(string_value = "inactive")]
    Inactive,
    /// Being trained.
    #[sea_orm(string_value = "training")]
    Training,
    /// Kept for the record.
    #[sea_orm(string_value = "archived")]
    Archived,
}

/// Where an AI task stands (seed 001).
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
#[graphql(name = "TaskStatus")]
pub enum TaskStatus {
    /// Waiting to start.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Running.
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    /// Done.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Failed; see the error message.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Stopped before finishing.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// How urgent an AI task is.
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
#[graphql(name = "TaskPriority")]
pub enum TaskPriority {
    /// Whenever.
    #[sea_orm(string_value = "low")]
    Low,
    /// Normal.
    #[sea_orm(string_value = "medium")]
    Medium,
    /// Soon.
    #[sea_orm(string_value = "high")]
    High,
    /// Now.
    #[sea_orm(string_value = "urgent")]
    Urgent,
}

/// Who speaks in a Luminor conversation.
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
#[graphql(name = "LuminorMessageRole")]
pub enum LuminorMessageRole {
    /// The user.
    #[sea_orm(string_value = "user")]
    User,
    /// The Luminor.
    #[sea_orm(string_value = "assistant")]
    Assistant,
    /// Instructions.
    #[sea_orm(string_value = "system")]
    System,
}
