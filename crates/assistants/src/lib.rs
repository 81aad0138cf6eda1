//! Writes of the AI companions: Luminor conversations, messages, bonds and key memories
//! (seed 004) and AetherCrown clones with their task life cycle (seed 001).
//!
//! The Luminor writes call seed 004's SQL functions (`get_or_create_conversation`,
//! `add_message_to_conversation`, which gives the bond 10 XP per message and levels it up
//! with a notification through `check_bond_level_up`, and `add_key_memory`); clones and
//! tasks are plain rows written through the request's RLS transaction, and the task life
//! cycle is enforced by the `ai_tasks_lifecycle` trigger, whose refusals become CONFLICT.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, InputObject, Json, Object};
use entity::ai::{
    CloneStatus, LuminorMessageRole, TaskPriority, TaskStatus, ai_clones, ai_tasks,
    luminor_conversations, luminor_messages, luminor_relationships,
};
use sea_orm::ActiveValue::{Set, Unchanged};
use uuid::Uuid;

use switchyard_ai::{AiClone, AiTask, LuminorConversation, LuminorMessage, LuminorRelationship};
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::resolve::{call_row, scope, viewer_id};
use switchyard_core::graphql::write::{self, check_length, json_object, require_change, set_if};
