//! The agents operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// A credit amount that may be zero.
pub(super) fn credits(field: &str, amount: i32) -> Result<i64, ApiError> {
    if amount == 0 {
        Ok(0)
    } else {
        positive_amount(field, amount).map_err(|_| {
            ApiError::bad_input(
                field,
                format!("`{field}` must be between 0 and {MAX_CREDIT_AMOUNT}"),
            )
        })
    }
}

/// The run with this id, or NOT_FOUND when it does not exist or is not the viewer's.
pub(super) async fn visible_run(
    scope: &RequestScope,
    id: Uuid,
) -> Result<agent_runs::Model, ApiError> {
    write::find::<AgentRun>(scope, id).await
}

/// Starts a run: reserves its budget and creates it, atomically (`create_agent_run`).
pub async fn create_agent_run(
    scope: &RequestScope,
    user: Uuid,
    input: CreateAgentRunInput,
) -> Result<AgentRun, ApiError> {
    let title = input.title.trim().to_owned();
    let prompt = input.prompt.unwrap_or_default();
    let budget = positive_amount("creditBudget", input.credit_budget)?;
    let config = json_object("config", input.config)?.unwrap_or_else(|| serde_json::json!({}));
    let row = call_row::<agent_runs::Model>(
        scope,
        "SELECT * FROM public.create_agent_run($1, $2, $3, $4, $5, $6)",
        [
            title.into(),
            prompt.into(),
            Value::from(input.mode.unwrap_or(AgentMode::Agent)),
            budget.into(),
            input.tenant_id.into(),
            config.into(),
        ],
    )
    .await?;
    match row {
        Some(row) => Ok(AgentRun { row }),
        None => Err(insufficient(scope, user, "creditBudget", budget).await),
    }
}

/// Moves a run through its life cycle or reports its progress.
pub async fn update_agent_run(
    scope: &RequestScope,
    id: Uuid,
    input: UpdateAgentRunInput,
) -> Result<AgentRun, ApiError> {
    require_change(&[
        input.status.is_some(),
        input.progress.is_some(),
        input.progress_message.is_some(),
        input.result.is_some(),
        input.error.is_some(),
    ])?;
    if let Some(error) = &input.error {
        check_length("error", error, 1, 5_000)?;
    }
    let run = agent_runs::ActiveModel {
        id: Unchanged(id),
        status: set_if(input.status),
        progress: set_if(input.progress),
        progress_message: set_if(input.progress_message.map(Some)),
        result: set_if(input.result.map(|result| Some(result.0))),
        error: set_if(input.error.map(Some)),
        ..Default::default()
    };
    write::update::<AgentRun, _>(scope, run).await
}

/// Records a step in one of the viewer's runs; its credits are consumed at once.
pub async fn add_agent_step(
    scope: &RequestScope,
    run_id: Uuid,
    input: AddAgentStepInput,
) -> Result<AgentStep, ApiError> {
    let name = input.name.trim().to_owned();
    if let Some(error) = &input.error {
        check_length("error", error, 1, 5_000)?;
    }
    let credits_used = credits("creditsUsed", input.credits_used.unwrap_or(0))?;
    let step_input = json_object("input", input.input)?.unwrap_or_else(|| serde_json::json!({}));
    let run = visible_run(scope, run_id).await?;
    let step = agent_steps::ActiveModel {
        id: Set(Uuid::new_v4()),
        run_id: Set(run.id),
        user_id: Set(run.user_id),
        name: Set(name),
        tool_type: Set(input.tool_type),
        status: Set(input.status.unwrap_or(AgentStepStatus::Pending)),
        input: Set(step_input),
        output: Set(input.output.map(|output| output.0)),
        error: Set(input.error),
        credits_used: Set(credits_used),
        ..Default::default()
    };
    write::insert::<AgentStep, _>(scope, step).await
}

/// Moves a step on, records its output and the credits it used.
pub async fn update_agent_step(
    scope: &RequestScope,
    id: Uuid,
    input: UpdateAgentStepInput,
) -> Result<AgentStep, ApiError> {
    require_change(&[
        input.status.is_some(),
        input.output.is_some(),
        input.credits_used.is_some(),
        input.error.is_some(),
    ])?;
    if let Some(error) = &input.error {
        check_length("error", error, 1, 5_000)?;
    }
    let credits_used = input
        .credits_used
        .map(|amount| credits("creditsUsed", amount))
        .transpose()?;
    let step = agent_steps::ActiveModel {
        id: Unchanged(id),
        status: set_if(input.status),
        output: set_if(input.output.map(|output| Some(output.0))),
        credits_used: set_if(credits_used),
        error: set_if(input.error.map(Some)),
        ..Default::default()
    };
    write::update::<AgentStep, _>(scope, step).await
}

/// Adds a chat message to one of the viewer's runs.
pub async fn add_agent_message(
    scope: &RequestScope,
    run_id: Uuid,
    role: AgentMessageRole,
    content: String,
    metadata: Option<Json<serde_json::Value>>,
) -> Result<AgentMessage, ApiError> {
    let metadata = json_object("metadata", metadata)?.unwrap_or_else(|| serde_json::json!({}));
    let run = visible_run(scope, run_id).await?;
    let message = agent_messages::ActiveModel {
        id: Set(Uuid::new_v4()),
        run_id: Set(run.id),
        user_id: Set(run.user_id),
        role: Set(role),
        content: Set(content),
        metadata: Set(metadata),
        ..Default::default()
    };
    write::insert::<AgentMessage, _>(scope, message).await
}

/// Records a file one of the viewer's runs produced.
pub async fn add_agent_artifact(
    scope: &RequestScope,
    run_id: Uuid,
    input: AddAgentArtifactInput,
) -> Result<AgentArtifact, ApiError> {
    let name = input.name.trim().to_owned();
    let run = visible_run(scope, run_id).await?;
    let artifact = agent_artifacts::ActiveModel {
        id: Set(Uuid::new_v4()),
        run_id: Set(run.id),
        user_id: Set(run.user_id),
        step_id: Set(input.step_id),
        name: Set(name),
        storage_path: Set(input.storage_path),
        content_hash: Set(input.content_hash.to_ascii_lowercase()),
        size_bytes: Set(input.size_bytes),
        mime_type: Set(input.mime_type),
        ..Default::default()
    };
    write::insert::<AgentArtifact, _>(scope, artifact).await
}

/// Remembers something for `user` under `key`, replacing what the key held; an embedding
/// must have the configured `dimensions`.
pub async fn add_agent_memory(
    scope: &RequestScope,
    user: Uuid,
    dimensions: usize,
    input: AddAgentMemoryInput,
) -> Result<AgentMemory, ApiError> {
    let key = input.key.trim().to_owned();
    let content = input.content.trim().to_owned();
    let importance = input.importance.unwrap_or(5);
    let metadata =
        json_object("metadata", input.metadata)?.unwrap_or_else(|| serde_json::json!({}));
    let vector = input
        .embedding
        .map(|values| embedding("embedding", &values, dimensions))
        .transpose()?;
    let memory = agent_memory::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user),
        run_id: Set(input.run_id),
        key: Set(key),
        content: Set(content),
        importance: Set(importance),
        metadata: Set(metadata),
        embedding: Set(vector),
        ..Default::default()
    };
    let replace = OnConflict::columns([agent_memory::Column::UserId, agent_memory::Column::Key])
        .update_columns([
            agent_memory::Column::RunId,
            agent_memory::Column::Content,
            agent_memory::Column::Importance,
            agent_memory::Column::Metadata,
            agent_memory::Column::Embedding,
        ])
        .to_owned();
    let row = agent_memory::Entity::insert(memory)
        .on_conflict(replace)
        .exec_with_returning(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(AgentMemory::from_model(row))
}

/// Cancels a run through its life cycle, so its open steps are cancelled and its unspent
/// credits released like any run reaching CANCELLED.
pub async fn cancel_agent_run(scope: &RequestScope, id: Uuid) -> Result<AgentRun, ApiError> {
    let input = UpdateAgentRunInput {
        status: Some(AgentRunStatus::Cancelled),
        progress: None,
        progress_message: None,
        result: None,
        error: None,
    };
    update_agent_run(scope, id, input).await
}
