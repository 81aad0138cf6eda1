//! The assistants operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Checks a clone's model type (its name is the database's rule, `ai_clones_name_length`).
pub(super) fn check_model_type(model_type: Option<&str>) -> Result<(), ApiError> {
    model_type.map_or(Ok(()), |model_type| {
        check_length("modelType", model_type.trim(), 1, 100)
    })
}

/// Moves a task through seed 001's life cycle; the trigger refuses illegal moves.
pub(super) async fn move_task(
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
    let row = call_row::<luminor_conversations::Model>(
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
    let row = call_row::<luminor_messages::Model>(
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
    let row = call_row::<luminor_relationships::Model>(
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
