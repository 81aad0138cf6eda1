//! AI: memories and bot training examples with embeddings (semantic search), assistant and
//! bot sessions, AetherCrown clones and tasks, the Luminor companions with their
//! conversations, messages and bonds, and the providers, models, settings, suggestions and
//! usage of seed 003.
//!
//! Embedding columns are pgvector `vector(384)` and have no GraphQL field: they are written
//! as `[Float!]!` inputs and searched through the `search*` queries.

pub mod ai_clones;
pub mod ai_memories;
pub mod ai_models;
pub mod ai_providers;
pub mod ai_sessions;
pub mod ai_suggestion_applications;
pub mod ai_suggestions;
pub mod ai_tasks;
pub mod ai_usage;
pub mod bot_sessions;
pub mod bot_training_examples;
pub mod bots;
pub mod enums;
pub mod luminor_conversations;
pub mod luminor_messages;
pub mod luminor_relationships;
pub mod luminors;
pub mod user_ai_settings;

pub use enums::{
    BotEngine, CloneStatus, LuminorMessageRole, MemoryKind, SessionStatus, TaskPriority, TaskStatus,
};
