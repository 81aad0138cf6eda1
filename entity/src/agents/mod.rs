//! Agents (seed 002): runs with their steps, artifacts and messages, and the agent's
//! long-term memory of its user.
//!
//! The embedding column is pgvector `vector(384)` and has no GraphQL field: it is written as
//! a `[Float!]!` input and searched through `searchAgentMemory`.

pub mod agent_artifacts;
pub mod agent_memory;
pub mod agent_messages;
pub mod agent_runs;
pub mod agent_steps;
pub mod enums;

pub use enums::{AgentMessageRole, AgentMode, AgentRunStatus, AgentStepStatus, ToolType};
