//! The assistants API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

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
