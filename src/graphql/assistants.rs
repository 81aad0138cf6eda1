//! Writes of the AI companions: Luminor conversations, messages, bonds and key memories
//! (seed 004) and AetherCrown clones with their task life cycle (seed 001).
//!
//! The Luminor writes call seed 004's SQL functions (`get_or_create_conversation`,
//! `add_message_to_conversation`, which gives the bond 10 XP per message and levels it up
//! with a notification through `check_bond_level_up`, and `add_key_memory`); clones and
//! tasks are plain rows written through the request's RLS transaction, and the task life
//! cycle is enforced by the `ai_tasks_lifecycle` trigger, whose refusals become CONFLICT.

use async_graphql::{Context, InputObject, Json, Object};
use entity::ai::{
    CloneStatus, LuminorMessageRole, TaskPriority, TaskStatus, ai_clones, ai_tasks,
    luminor_conversations, luminor_messages, luminor_relationships,
};
use sea_orm::ActiveValue::{Set, Unchanged};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::ai::{
    AiClone, AiTask, LuminorConversation, LuminorMessage, LuminorRelationship,
};
use crate::graphql::error::ApiError;
use crate::graphql::resolve::{call_row, scope, viewer_id};
use crate::graphql::write::{self, check_length, json_object, require_change, set_if};

/// A new AetherCrown clone.
#[derive(Debug, Clone, InputObject)]
pub struct CreateAiCloneInput {
    /// Display name (1 to 255 characters).
    pub name: String,
    /// What the clone is for.
    pub description: Option<String>,
    /// The model behind it, e.g. `gpt-4`.
    pub model_type: String,
    /// Whether it takes tasks (default: ACTIVE).
    pub status: Option<CloneStatus>,
    /// Model settings (`model_version`, `temperature`, `max_tokens`, ...), a JSON object.
    pub config: Option<Json<serde_json::Value>>,
}

/// Changes to a clone; absent fields stay as they are.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateAiCloneInput {
    /// Display name (1 to 255 characters).
    pub name: Option<String>,
    /// What the clone is for.
    pub description: Option<String>,
    /// The model behind it.
    pub model_type: Option<String>,
    /// Whether it takes tasks.
    pub status: Option<CloneStatus>,
    /// Model settings, a JSON object (replaces the old ones).
    pub config: Option<Json<serde_json::Value>>,
}

/// A task for a clone.
#[derive(Debug, Clone, InputObject)]
pub struct CreateAiTaskInput {
    /// What the task is (1 to 255 characters).
    pub task_name: String,
    /// Input (dataset, analysis type, date range, ...), a JSON object.
    pub task_input: Option<Json<serde_json::Value>>,
    /// How urgent it is (default: MEDIUM).
    pub priority: Option<TaskPriority>,
}

/// Checks a clone's model type (its name is the database's rule, `ai_clones_name_length`).
fn check_model_type(model_type: Option<&str>) -> Result<(), ApiError> {
    model_type.map_or(Ok(()), |model_type| {
        check_length("modelType", model_type.trim(), 1, 100)
    })
}

/// Moves a task through seed 001's life cycle; the trigger refuses illegal moves.
async fn move_task(
    scope: &RequestScope,
    id: Uuid,
    status: TaskStatus,
    output: Option<serde_json::Value>,
    error_message: Option<String>,
) -> Result<AiTask, ApiError> {
    let task = ai_tasks::ActiveModel {
        id: Unchanged(id),
        status: Set(status),
        task_output: set_if(output),
        error_message: set_if(error_message.map(Some)),
        ..Default::default()
    };
    write::update::<AiTask, _>(scope, task).await
}

/// Luminor conversations and bonds, and AetherCrown clones and tasks, for the viewer.
#[derive(Debug, Default)]
pub struct AssistantsMutation;

#[Object]
impl AssistantsMutation {
    /// The viewer's open conversation with a Luminor in this client session, or a new one
    /// (seed 004's `get_or_create_conversation`). NOT_FOUND for an unknown Luminor.
    async fn get_or_create_luminor_conversation(
        &self,
        ctx: &Context<'_>,
        luminor_id: Uuid,
        session_id: Option<String>,
    ) -> async_graphql::Result<LuminorConversation> {
        let user = viewer_id(ctx)?;
        Ok(luminor_conversation(scope(ctx)?, user, luminor_id, session_id).await?)
    }

    /// Adds a message to one of the viewer's Luminor conversations (seed 004's
    /// `add_message_to_conversation`): counts it, gives the bond 10 XP, and levels the bond
    /// up (with a notification) when its XP reaches floor(100 × level^1.5).
    async fn add_luminor_message(
        &self,
        ctx: &Context<'_>,
        conversation_id: Uuid,
        role: LuminorMessageRole,
        content: String,
        model: Option<String>,
        #[graphql(default = 0)] tokens: i32,
    ) -> async_graphql::Result<LuminorMessage> {
        let message = NewLuminorMessage {
            role,
            content,
            model,
            tokens,
        };
        let user = viewer_id(ctx)?;
        Ok(add_luminor_message(scope(ctx)?, user, conversation_id, message).await?)
    }

    /// Remembers something important in the viewer's bond with a Luminor (seed 004's
    /// `add_key_memory`); the 50 most important memories are kept.
    async fn add_luminor_key_memory(
        &self,
        ctx: &Context<'_>,
        luminor_id: Uuid,
        memory_type: String,
        content: String,
        #[graphql(default = 5)] importance: i32,
    ) -> async_graphql::Result<LuminorRelationship> {
        let memory = KeyMemory {
            memory_type,
            content,
            importance,
        };
        let user = viewer_id(ctx)?;
        Ok(add_luminor_key_memory(scope(ctx)?, user, luminor_id, memory).await?)
    }

    /// Creates an AI clone for the viewer.
    async fn create_ai_clone(
        &self,
        ctx: &Context<'_>,
        input: CreateAiCloneInput,
    ) -> async_graphql::Result<AiClone> {
        let user = viewer_id(ctx)?;
        Ok(create_ai_clone(scope(ctx)?, user, input).await?)
    }

    /// Changes one of the viewer's clones.
    async fn update_ai_clone(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdateAiCloneInput,
    ) -> async_graphql::Result<AiClone> {
        viewer_id(ctx)?;
        Ok(update_ai_clone(scope(ctx)?, id, input).await?)
    }

    /// Gives one of the viewer's active clones a task (PENDING). NOT_FOUND for another's
    /// clone; CONFLICT when the clone is not active.
    async fn create_ai_task(
        &self,
        ctx: &Context<'_>,
        clone_id: Uuid,
        input: CreateAiTaskInput,
    ) -> async_graphql::Result<AiTask> {
        viewer_id(ctx)?;
        Ok(create_ai_task(scope(ctx)?, clone_id, input).await?)
    }

    /// Starts a pending task (IN_PROGRESS); CONFLICT from any other status.
    async fn start_ai_task(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<AiTask> {
        viewer_id(ctx)?;
        Ok(move_task(scope(ctx)?, id, TaskStatus::InProgress, None, None).await?)
    }

    /// Completes a task in progress with its output; CONFLICT from any other status.
    async fn complete_ai_task(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        output: Option<Json<serde_json::Value>>,
    ) -> async_graphql::Result<AiTask> {
        viewer_id(ctx)?;
        let output = json_object("output", output)?;
        Ok(move_task(scope(ctx)?, id, TaskStatus::Completed, output, None).await?)
    }

    /// Fails a task in progress, saying why; CONFLICT from any other status.
    async fn fail_ai_task(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        error_message: String,
    ) -> async_graphql::Result<AiTask> {
        viewer_id(ctx)?;
        check_length("errorMessage", error_message.trim(), 1, 5_000)?;
        let error_message = Some(error_message);
        Ok(move_task(scope(ctx)?, id, TaskStatus::Failed, None, error_message).await?)
    }

    /// Cancels a pending or in-progress task; CONFLICT once it has finished.
    async fn cancel_ai_task(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<AiTask> {
        viewer_id(ctx)?;
        Ok(move_task(scope(ctx)?, id, TaskStatus::Cancelled, None, None).await?)
    }
}

/// Creates an AI clone for `user`.
pub async fn create_ai_clone(
    scope: &RequestScope,
    user: Uuid,
    input: CreateAiCloneInput,
) -> Result<AiClone, ApiError> {
    check_model_type(Some(input.model_type.as_str()))?;
    let config = json_object("config", input.config)?.unwrap_or_else(|| serde_json::json!({}));
    let clone = ai_clones::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user),
        name: Set(input.name.trim().to_owned()),
        description: Set(input.description),
        model_type: Set(input.model_type.trim().to_owned()),
        status: Set(input.status.unwrap_or(CloneStatus::Active)),
        config: Set(config),
        ..Default::default()
    };
    write::insert::<AiClone, _>(scope, clone).await
}

/// Applies clone changes; RLS lets only its owner through.
pub async fn update_ai_clone(
    scope: &RequestScope,
    id: Uuid,
    input: UpdateAiCloneInput,
) -> Result<AiClone, ApiError> {
    require_change(&[
        input.name.is_some(),
        input.description.is_some(),
        input.model_type.is_some(),
        input.status.is_some(),
        input.config.is_some(),
    ])?;
    check_model_type(input.model_type.as_deref())?;
    let clone = ai_clones::ActiveModel {
        id: Unchanged(id),
        name: set_if(input.name.map(|name| name.trim().to_owned())),
        description: set_if(input.description.map(Some)),
        model_type: set_if(input.model_type.map(|model| model.trim().to_owned())),
        status: set_if(input.status),
        config: set_if(json_object("config", input.config)?),
        ..Default::default()
    };
    write::update::<AiClone, _>(scope, clone).await
}

/// Gives an active clone a task, pending.
pub async fn create_ai_task(
    scope: &RequestScope,
    clone_id: Uuid,
    input: CreateAiTaskInput,
) -> Result<AiTask, ApiError> {
    let task_input =
        json_object("taskInput", input.task_input)?.unwrap_or_else(|| serde_json::json!({}));
    let clone = write::find::<AiClone>(scope, clone_id).await?;
    if clone.status != CloneStatus::Active {
        return Err(ApiError::Conflict {
            field: "cloneId".into(),
            message: "this clone is not active and takes no tasks".into(),
        });
    }
    let task = ai_tasks::ActiveModel {
        id: Set(Uuid::new_v4()),
        clone_id: Set(clone.id),
        task_name: Set(input.task_name.trim().to_owned()),
        task_input: Set(task_input),
        priority: Set(input.priority.unwrap_or(TaskPriority::Medium)),
        ..Default::default()
    };
    write::insert::<AiTask, _>(scope, task).await
}

/// A message to add to a Luminor conversation.
pub struct NewLuminorMessage {
    pub role: LuminorMessageRole,
    pub content: String,
    pub model: Option<String>,
    /// Tokens the message used, counted into the conversation.
    pub tokens: i32,
}

/// A memory to keep in a bond with a Luminor.
pub struct KeyMemory {
    pub memory_type: String,
    pub content: String,
    /// 1 to 10; the 50 most important memories of a bond are kept.
    pub importance: i32,
}

/// `user`'s open conversation with a Luminor in client session `session_id`, or a new one.
pub async fn luminor_conversation(
    scope: &RequestScope,
    user: Uuid,
    luminor_id: Uuid,
    session_id: Option<String>,
) -> Result<LuminorConversation, ApiError> {
    if let Some(session) = &session_id {
        check_length("sessionId", session, 1, 200)?;
    }
    let row = call_row::<luminor_conversations::Entity>(
        scope,
        "SELECT * FROM public.get_or_create_conversation($1, $2, $3)",
        [user.into(), luminor_id.into(), session_id.into()],
    )
    .await?
    .ok_or_else(|| ApiError::NotFound("Luminor not found".into()))?;
    Ok(LuminorConversation { row })
}

/// Adds `message` to `user`'s conversation; the bond gains XP and may level up.
pub async fn add_luminor_message(
    scope: &RequestScope,
    user: Uuid,
    conversation_id: Uuid,
    message: NewLuminorMessage,
) -> Result<LuminorMessage, ApiError> {
    let row = call_row::<luminor_messages::Entity>(
        scope,
        "SELECT * FROM public.add_message_to_conversation($1, $2, $3, $4, $5, $6)",
        [
            conversation_id.into(),
            user.into(),
            sea_orm::Value::from(message.role),
            message.content.into(),
            message.model.into(),
            message.tokens.into(),
        ],
    )
    .await?
    .ok_or_else(|| ApiError::NotFound("LuminorConversation not found".into()))?;
    Ok(LuminorMessage { row })
}

/// Keeps `memory` in `user`'s bond with a Luminor.
pub async fn add_luminor_key_memory(
    scope: &RequestScope,
    user: Uuid,
    luminor_id: Uuid,
    memory: KeyMemory,
) -> Result<LuminorRelationship, ApiError> {
    let (memory_type, content) = (memory.memory_type.trim(), memory.content.trim());
    check_length("memoryType", memory_type, 1, 50)?;
    check_length("content", content, 1, 2_000)?;
    if !(1..=10).contains(&memory.importance) {
        return Err(ApiError::bad_input(
            "importance",
            "`importance` must be between 1 and 10",
        ));
    }
    let row = call_row::<luminor_relationships::Entity>(
        scope,
        "SELECT * FROM public.add_key_memory($1, $2, $3, $4, $5)",
        [
            user.into(),
            luminor_id.into(),
            memory_type.into(),
            content.into(),
            memory.importance.into(),
        ],
    )
    .await?
    .ok_or_else(|| ApiError::NotFound("Luminor not found".into()))?;
    Ok(LuminorRelationship { row })
}
