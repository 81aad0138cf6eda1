//! Agents (seed 002): runs with their steps, artifacts and messages, and the agent's
//! long-term memory of its user, searchable by embedding distance.
//!
//! A run's credits follow seed 002's flow, all in SQL so that every writer (this gateway,
//! a worker, plain SQL) keeps the ledger right: `createAgentRun` reserves the run's budget
//! (`create_agent_run`), a step's `creditsUsed` is consumed out of that reservation by the
//! step trigger, which also keeps the run's statistics and completes a running run whose
//! steps are all done, and a run reaching a terminal status releases what is left. The
//! operations here (each taking the request scope; the resolvers only call them) validate
//! input, write rows through the request's RLS transaction and turn refusals into errors;
//! `agentRunEvents` (in the subscriptions module) follows a run.

use async_graphql::{Context, InputObject, Json, Object};
use entity::agents::{
    AgentMessageRole, AgentMode, AgentRunStatus, AgentStepStatus, ToolType, agent_artifacts,
    agent_memory, agent_messages, agent_runs, agent_steps,
};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Value};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::ai::{DEFAULT_SEARCH_RESULTS, Embedded, SearchMatch, embedding, limits};
use crate::graphql::billing::{MAX_CREDIT_AMOUNT, insufficient, positive_amount};
use crate::graphql::error::ApiError;
use crate::graphql::filter::{
    BigIntFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{call_row, scope, viewer_id};
use crate::graphql::table::{Column, Table};
use crate::graphql::write::{self, check_length, json_object, require_change, set_if};

crate::table! {
    /// Agent runs (seed 002): a task, its status and progress, its credit budget and step
    /// statistics; its owner's only.
    AgentRun => agent_runs,
    filter AgentRunFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        tenant_id: UuidFilter => TenantId,
        title: StringFilter => Title,
        mode: EnumFilter<AgentMode> => Mode,
        status: EnumFilter<AgentRunStatus> => Status,
        progress: IntFilter => Progress,
        credits_used: BigIntFilter => CreditsUsed,
        total_steps: IntFilter => TotalSteps,
        started_at: DateTimeFilter => StartedAt,
        completed_at: DateTimeFilter => CompletedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentRunOrder / AgentRunOrderField {
        Title => Title,
        Progress => Progress,
        CreditsUsed => CreditsUsed,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    AgentRun {
        to_one {
            /// Whose run.
            owner: Profile = user_id,
        }
        to_many {
            /// The run's steps (by `run_id`).
            steps: AgentStep = agent_steps::Column::RunId,
            /// Files the run produced (by `run_id`).
            artifacts: AgentArtifact = agent_artifacts::Column::RunId,
            /// The run's chat (by `run_id`).
            messages: AgentMessage = agent_messages::Column::RunId,
            /// Memories learnt in this run (by `run_id`).
            memories: AgentMemory = agent_memory::Column::RunId,
        }
    }
}

crate::table! {
    /// Steps of an agent run: a tool call with its input, output and credits; the run
    /// owner's only.
    AgentStep => agent_steps,
    filter AgentStepFilter {
        id: UuidFilter => Id,
        run_id: UuidFilter => RunId,
        user_id: UuidFilter => UserId,
        step_number: IntFilter => StepNumber,
        name: StringFilter => Name,
        tool_type: EnumFilter<ToolType> => ToolType,
        status: EnumFilter<AgentStepStatus> => Status,
        credits_used: BigIntFilter => CreditsUsed,
        started_at: DateTimeFilter => StartedAt,
        completed_at: DateTimeFilter => CompletedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentStepOrder / AgentStepOrderField {
        StepNumber => StepNumber,
        CreditsUsed => CreditsUsed,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    AgentStep {
        to_one {
            /// The run.
            run: AgentRun = run_id,
            /// The run's owner.
            owner: Profile = user_id,
        }
        to_many {
            /// Files this step produced (by `step_id`).
            artifacts: AgentArtifact = agent_artifacts::Column::StepId,
        }
    }
}

crate::table! {
    /// Files an agent run produced: name, storage path, content hash and size; the run
    /// owner's only.
    AgentArtifact => agent_artifacts,
    filter AgentArtifactFilter {
        id: UuidFilter => Id,
        run_id: UuidFilter => RunId,
        user_id: UuidFilter => UserId,
        step_id: UuidFilter => StepId,
        name: StringFilter => Name,
        storage_path: StringFilter => StoragePath,
        content_hash: StringFilter => ContentHash,
        size_bytes: BigIntFilter => SizeBytes,
        mime_type: StringFilter => MimeType,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentArtifactOrder / AgentArtifactOrderField {
        Name => Name,
        SizeBytes => SizeBytes,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    AgentArtifact {
        to_one {
            /// The run that produced it.
            run: AgentRun = run_id,
            /// The run's owner.
            owner: Profile = user_id,
            /// The step that produced it.
            step: AgentStep = step_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// Messages between the user and the agent within a run; the run owner's only.
    AgentMessage => agent_messages,
    filter AgentMessageFilter {
        id: UuidFilter => Id,
        run_id: UuidFilter => RunId,
        user_id: UuidFilter => UserId,
        role: EnumFilter<AgentMessageRole> => Role,
        content: StringFilter => Content,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentMessageOrder / AgentMessageOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    AgentMessage {
        to_one {
            /// The run.
            run: AgentRun = run_id,
            /// The run's owner.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// The agent's long-term memory of a user, one entry per key, searchable by embedding
    /// distance.
    AgentMemory => agent_memory,
    filter AgentMemoryFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        run_id: UuidFilter => RunId,
        key: StringFilter => Key,
        content: StringFilter => Content,
        importance: IntFilter => Importance,
        last_accessed_at: DateTimeFilter => LastAccessedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentMemoryOrder / AgentMemoryOrderField {
        Key => Key,
        Importance => Importance,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    AgentMemory {
        to_one {
            /// Whose memory.
            owner: Profile = user_id,
            /// The run it was learnt in.
            run: AgentRun = run_id,
        }
        to_many {
        }
    }
}

crate::change_feeds! {
    /// Live changes of what the viewer's agents produce and say.
    AgentChanges owned {
        /// The artifacts of the viewer's agent runs as they are written. With `after`,
        /// every change since that cursor comes first.
        agent_artifact_changes: AgentArtifact => AgentArtifactChange;
        /// The messages of the viewer's agent runs (the agent's and the viewer's) as they
        /// are written. With `after`, every change since that cursor comes first.
        agent_message_changes: AgentMessage => AgentMessageChange;
    }
}

crate::root_fields! {
    /// By-id and list fields of the agent tables.
    AgentsQuery {
        agent_run, agent_runs: AgentRun;
        agent_step, agent_steps: AgentStep;
        agent_artifact, agent_artifacts: AgentArtifact;
        agent_message, agent_messages: AgentMessage;
        agent_memory_by_id, agent_memory: AgentMemory;
    }
}

impl Embedded for AgentMemory {
    fn embedding_column() -> Column<Self> {
        agent_memory::Column::Embedding
    }
}

/// Semantic search over the agent's memory.
#[derive(Debug, Default)]
pub struct AgentMemorySearchQuery;

#[Object]
impl AgentMemorySearchQuery {
    /// The viewer's agent memories nearest to `embedding` (cosine distance), nearest first;
    /// `limit` defaults to 10.
    async fn search_agent_memory(
        &self,
        ctx: &Context<'_>,
        embedding: Vec<f64>,
        limit: Option<i32>,
        filter: Option<AgentMemoryFilter>,
    ) -> async_graphql::Result<Vec<SearchMatch<AgentMemory>>> {
        Ok(crate::graphql::ai::nearest(
            ctx,
            &embedding,
            limit.unwrap_or(DEFAULT_SEARCH_RESULTS),
            filter,
        )
        .await?)
    }
}

/// A task for the agent.
#[derive(Debug, Clone, InputObject)]
pub struct CreateAgentRunInput {
    /// Short name of the task (1 to 200 characters).
    pub title: String,
    /// The task as the user asked it (at most 20,000 characters).
    pub prompt: Option<String>,
    /// How the agent works on it (default: AGENT).
    pub mode: Option<AgentMode>,
    /// Credits to reserve for the run; its steps can spend at most this much.
    pub credit_budget: i32,
    /// The tenant (workspace or organisation) the run belongs to, if any.
    pub tenant_id: Option<Uuid>,
    /// Settings of the run (a JSON object).
    pub config: Option<Json<serde_json::Value>>,
}

/// A change of a run's state, by its agent.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateAgentRunInput {
    /// The new status; a finished run stays finished.
    pub status: Option<AgentRunStatus>,
    /// Percent done, 0 to 100.
    pub progress: Option<i32>,
    /// What the agent is doing now (at most 500 characters).
    pub progress_message: Option<String>,
    /// What the run produced.
    pub result: Option<Json<serde_json::Value>>,
    /// Why the run failed (needed with FAILED).
    pub error: Option<String>,
}

/// A step to record in a run.
#[derive(Debug, Clone, InputObject)]
pub struct AddAgentStepInput {
    /// What the step does (1 to 200 characters).
    pub name: String,
    /// The tool it uses.
    pub tool_type: ToolType,
    /// Its status (default: PENDING).
    pub status: Option<AgentStepStatus>,
    /// The tool's input (a JSON object).
    pub input: Option<Json<serde_json::Value>>,
    /// The tool's output, for a step recorded once done.
    pub output: Option<Json<serde_json::Value>>,
    /// Credits it already used, consumed out of the run's reservation.
    pub credits_used: Option<i32>,
    /// Why it failed (needed with FAILED).
    pub error: Option<String>,
}

/// A change of a step, by its agent.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateAgentStepInput {
    /// The new status.
    pub status: Option<AgentStepStatus>,
    /// The tool's output.
    pub output: Option<Json<serde_json::Value>>,
    /// The step's credits so far (a running total, never lower than before); the increase
    /// is consumed out of the run's reservation.
    pub credits_used: Option<i32>,
    /// Why it failed (needed with FAILED).
    pub error: Option<String>,
}

/// A file a run produced.
#[derive(Debug, Clone, InputObject)]
pub struct AddAgentArtifactInput {
    /// File name shown to the user (1 to 255 characters).
    pub name: String,
    /// Where the bytes are, in the storage bucket.
    pub storage_path: String,
    /// SHA-256 of the content, 64 lowercase hex digits.
    pub content_hash: String,
    /// Size of the content in bytes.
    pub size_bytes: i64,
    /// Media type, e.g. `text/markdown`.
    pub mime_type: Option<String>,
    /// The step of the same run that produced it.
    pub step_id: Option<Uuid>,
}

/// Something for the agent to remember about the viewer.
#[derive(Debug, Clone, InputObject)]
pub struct AddAgentMemoryInput {
    /// Stable name of the memory (1 to 200 characters); writing a key again replaces it.
    pub key: String,
    /// What to remember (1 to 10,000 characters).
    pub content: String,
    /// 1 (trivia) to 10 (essential); default 5.
    pub importance: Option<i32>,
    /// The content's embedding, of the configured dimension.
    pub embedding: Option<Vec<f64>>,
    /// The run it was learnt in.
    pub run_id: Option<Uuid>,
    /// Extra data (a JSON object).
    pub metadata: Option<Json<serde_json::Value>>,
}

/// A credit amount that may be zero.
fn credits(field: &str, amount: i32) -> Result<i64, ApiError> {
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
async fn visible_run(scope: &RequestScope, id: Uuid) -> Result<agent_runs::Model, ApiError> {
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
    let row = call_row::<agent_runs::Entity>(
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

/// Agent writes, for the run's owner (or a service-role worker acting through SQL).
#[derive(Debug, Default)]
pub struct AgentsMutation;

#[Object]
impl AgentsMutation {
    /// Starts a run for the viewer, reserving `creditBudget` credits for it. CONFLICT on
    /// `creditBudget` (and nothing written) when fewer credits are available.
    async fn create_agent_run(
        &self,
        ctx: &Context<'_>,
        input: CreateAgentRunInput,
    ) -> async_graphql::Result<AgentRun> {
        Ok(create_agent_run(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Changes a run's status, progress or message. Reaching COMPLETED, FAILED, CANCELLED
    /// or TIMED_OUT cancels its open steps and releases the credits still reserved; a
    /// finished run stays finished (CONFLICT).
    async fn update_agent_run(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdateAgentRunInput,
    ) -> async_graphql::Result<AgentRun> {
        viewer_id(ctx)?;
        Ok(update_agent_run(scope(ctx)?, id, input).await?)
    }

    /// Cancels a run: its open steps are cancelled and its unspent credits released.
    async fn cancel_agent_run(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<AgentRun> {
        viewer_id(ctx)?;
        Ok(cancel_agent_run(scope(ctx)?, id).await?)
    }

    /// Records a step (numbered after the run's last); `creditsUsed` is consumed out of the
    /// run's reservation (CONFLICT when it does not cover them). A finished run takes no
    /// steps (CONFLICT).
    async fn add_agent_step(
        &self,
        ctx: &Context<'_>,
        run_id: Uuid,
        input: AddAgentStepInput,
    ) -> async_graphql::Result<AgentStep> {
        viewer_id(ctx)?;
        Ok(add_agent_step(scope(ctx)?, run_id, input).await?)
    }

    /// Moves a step on (a finished step stays finished) and records its output and
    /// credits; once every step of a RUNNING run is completed or skipped, the run completes.
    async fn update_agent_step(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdateAgentStepInput,
    ) -> async_graphql::Result<AgentStep> {
        viewer_id(ctx)?;
        Ok(update_agent_step(scope(ctx)?, id, input).await?)
    }

    /// Adds a message to a run's chat.
    async fn add_agent_message(
        &self,
        ctx: &Context<'_>,
        run_id: Uuid,
        role: AgentMessageRole,
        content: String,
        metadata: Option<Json<serde_json::Value>>,
    ) -> async_graphql::Result<AgentMessage> {
        viewer_id(ctx)?;
        Ok(add_agent_message(scope(ctx)?, run_id, role, content, metadata).await?)
    }

    /// Records a file a run produced.
    async fn add_agent_artifact(
        &self,
        ctx: &Context<'_>,
        run_id: Uuid,
        input: AddAgentArtifactInput,
    ) -> async_graphql::Result<AgentArtifact> {
        viewer_id(ctx)?;
        Ok(add_agent_artifact(scope(ctx)?, run_id, input).await?)
    }

    /// Remembers something about the viewer under `key` (replacing what the key held),
    /// optionally with its embedding for `searchAgentMemory`.
    async fn add_agent_memory(
        &self,
        ctx: &Context<'_>,
        input: AddAgentMemoryInput,
    ) -> async_graphql::Result<AgentMemory> {
        Ok(add_agent_memory(
            scope(ctx)?,
            viewer_id(ctx)?,
            limits(ctx)?.embedding_dimensions,
            input,
        )
        .await?)
    }
}
