//! The research API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// A new research template.
#[derive(Debug, Clone, InputObject)]
pub struct CreateWideResearchTemplateInput {
    /// 1 to 200 characters.
    pub name: String,
    /// At most 2000 characters.
    pub description: Option<String>,
    /// The prompt, with `{item}` where each item goes; at most 4000 characters.
    pub prompt_template: String,
    /// Attempts each subtask gets, 1 to 10 (default 3).
    pub max_attempts: Option<i32>,
}

/// A new research job: a template and its items, or the queries themselves.
#[derive(Debug, Clone, InputObject)]
pub struct CreateWideResearchJobInput {
    /// 1 to 200 characters.
    pub title: String,
    /// A template of the viewer's; each of `items` fills its `{item}`.
    pub template_id: Option<Uuid>,
    /// With `templateId`: 50 to 250 items, one subtask each.
    pub items: Option<Vec<String>>,
    /// Without a template: 50 to 250 queries, one subtask each.
    pub queries: Option<Vec<String>>,
}

/// Owners' writes of wide research.
#[derive(Debug, Default)]
pub struct ResearchMutation;

#[Object]
impl ResearchMutation {
    /// Saves a research template for the viewer.
    async fn create_wide_research_template(
        &self,
        ctx: &Context<'_>,
        input: CreateWideResearchTemplateInput,
    ) -> async_graphql::Result<WideResearchTemplate> {
        let (scope, user) = (scope(ctx)?, viewer_id(ctx)?);
        Ok(create_wide_research_template(scope, user, input).await?)
    }

    /// Deletes a template (jobs made from it keep their subtasks); returns its id.
    async fn delete_wide_research_template(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        Ok(write::delete::<WideResearchTemplate>(scope(ctx)?, id).await?)
    }

    /// Creates a research job with one subtask per item (or query), 50 to 250, all at once.
    async fn create_wide_research_job(
        &self,
        ctx: &Context<'_>,
        input: CreateWideResearchJobInput,
    ) -> async_graphql::Result<WideResearchJob> {
        viewer_id(ctx)?;
        Ok(create_wide_research_job(scope(ctx)?, input).await?)
    }

    /// Cancels a job: its unfinished subtasks are canceled and the job stays canceled.
    async fn cancel_wide_research_job(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
    ) -> async_graphql::Result<WideResearchJob> {
        Ok(cancel_wide_research_job(scope(ctx)?, job_id).await?)
    }
}

/// Research workers' writes: service-role tokens only (FORBIDDEN otherwise).
#[derive(Debug, Default)]
pub struct ResearchWorkerMutation;

#[Object]
impl ResearchWorkerMutation {
    /// Completes a pending or running subtask with its result; the job's progress follows.
    async fn complete_wide_research_subtask(
        &self,
        ctx: &Context<'_>,
        subtask_id: Uuid,
        result: Json<serde_json::Value>,
    ) -> async_graphql::Result<WideResearchSubtask> {
        Ok(complete_wide_research_subtask(scope(ctx)?, subtask_id, result.0).await?)
    }

    /// Records a failed attempt: the subtask goes back to pending until it has used its
    /// job's `maxAttempts`, then it is failed.
    async fn fail_wide_research_subtask(
        &self,
        ctx: &Context<'_>,
        subtask_id: Uuid,
        error: String,
    ) -> async_graphql::Result<WideResearchSubtask> {
        Ok(fail_wide_research_subtask(scope(ctx)?, subtask_id, error).await?)
    }
}
