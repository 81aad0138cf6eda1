//! The jobs API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// The job owner's writes.
#[derive(Debug, Default)]
pub struct JobsMutation;

#[Object]
impl JobsMutation {
    /// Enqueues a job for the viewer (seed 003 `find_or_create_job`). The same request
    /// (type and `dedupKey`, or type and payload) made within 5 minutes while the first is
    /// still queued or running returns that job instead. At most 10 of the viewer's jobs may
    /// be queued or running (CONFLICT beyond).
    async fn enqueue_job(
        &self,
        ctx: &Context<'_>,
        r#type: String,
        payload: Option<Json<serde_json::Value>>,
        #[graphql(default = 0)] priority: i32,
        dedup_key: Option<String>,
    ) -> async_graphql::Result<Job> {
        let payload = payload.map(|payload| payload.0);
        Ok(enqueue_job(scope(ctx)?, r#type, payload, priority, dedup_key).await?)
    }
}

/// Worker writes: service-role tokens only (FORBIDDEN otherwise).
#[derive(Debug, Default)]
pub struct WorkerMutation;

#[Object]
impl WorkerMutation {
    /// Claims the best queued job of these types (all types when omitted) and marks it
    /// running; null when none is waiting. Concurrent workers never claim the same job.
    async fn claim_job(
        &self,
        ctx: &Context<'_>,
        types: Option<Vec<String>>,
    ) -> async_graphql::Result<Option<Job>> {
        Ok(claim_job(scope(ctx)?, types).await?)
    }

    /// Reports a running job's progress (0 to 100) and, optionally, what it is doing.
    async fn report_job_progress(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
        progress: i32,
        message: Option<String>,
    ) -> async_graphql::Result<Job> {
        Ok(report_job_progress(scope(ctx)?, job_id, progress, message).await?)
    }

    /// Marks a running job succeeded with its result.
    async fn complete_job(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
        result: Option<Json<serde_json::Value>>,
    ) -> async_graphql::Result<Job> {
        Ok(complete_job(scope(ctx)?, job_id, result.map(|result| result.0)).await?)
    }

    /// Records a failed attempt: the job is queued again (after `retryAfterSeconds`) until
    /// it has used its `maxAttempts`, then it is failed.
    async fn fail_job(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
        error: String,
        #[graphql(default = 0)] retry_after_seconds: i32,
    ) -> async_graphql::Result<Job> {
        Ok(fail_job(scope(ctx)?, job_id, error, retry_after_seconds).await?)
    }
}
