//! The agents API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

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
    ) -> async_graphql::Result<Vec<AgentMemoryMatch>> {
        Ok(nearest(
            scope(ctx)?,
            loader(ctx)?,
            limits(ctx)?,
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
