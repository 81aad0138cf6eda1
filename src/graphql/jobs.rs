//! Jobs: job types (public), the job queue and job logs (their owner's), the owner's
//! `enqueueJob`, and the worker mutations a service-role token may call. Live progress is
//! the `jobProgress` subscription.

use async_graphql::{Context, Json, Object};
use entity::jobs::{JobStatus, job_logs, job_types, jobs};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{call_row, scope};

crate::table! {
    /// A kind of background job and its retry policy. Public.
    JobType => job_types,
    filter JobTypeFilter {
        name: StringFilter => Name,
        created_at: DateTimeFilter => CreatedAt,
    },
    order JobTypeOrder / JobTypeOrderField { Name => Name, CreatedAt => CreatedAt } default Name,
}

crate::relations! {
    JobType {
        to_one {}
        to_many {
            /// The viewer's jobs of this type.
            jobs: Job = jobs::Column::JobTypeId,
        }
    }
}

crate::table! {
    /// A background job. Visible to its owner.
    Job => jobs,
    filter JobFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        job_type_id: UuidFilter => JobTypeId,
        status: EnumFilter<JobStatus> => Status,
        priority: IntFilter => Priority,
        created_at: DateTimeFilter => CreatedAt,
    },
    order JobOrder / JobOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
        Priority => Priority,
    } default CreatedAt,
}

crate::relations! {
    Job {
        to_one {
            /// Who enqueued it.
            owner: Profile = user_id,
            /// Its kind.
            job_type: JobType = job_type_id,
        }
        to_many {
            /// What its worker logged.
            logs: JobLog = job_logs::Column::JobId,
        }
    }
}

crate::table! {
    /// A line a job's worker logged.
    JobLog => job_logs,
    filter JobLogFilter {
        job_id: UuidFilter => JobId,
        level: EnumFilter<entity::jobs::JobLogLevel> => Level,
        created_at: DateTimeFilter => CreatedAt,
    },
    order JobLogOrder / JobLogOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

crate::relations! {
    JobLog {
        to_one {
            /// The job.
            job: Job = job_id,
        }
        to_many {}
    }
}

crate::root_fields! {
    /// By-id and list fields of the job tables.
    JobsQuery {
        job_type, job_types: JobType;
        job, jobs: Job;
        job_log, job_logs: JobLog;
    }
}

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

/// Enqueues a job of type `kind` for the viewer, with `payload` (a JSON object, `{}` when
/// absent), or returns the same request's job still under way.
pub async fn enqueue_job(
    scope: &RequestScope,
    kind: String,
    payload: Option<serde_json::Value>,
    priority: i32,
    dedup_key: Option<String>,
) -> Result<Job, ApiError> {
    let payload = payload.unwrap_or_else(|| serde_json::json!({}));
    if !payload.is_object() {
        return Err(ApiError::bad_input(
            "payload",
            "the payload must be a JSON object",
        ));
    }
    let row = call_row::<jobs::Entity>(
        scope,
        "SELECT * FROM public.find_or_create_job($1, $2, $3, $4)",
        [
            kind.into(),
            payload.into(),
            priority.into(),
            dedup_key.into(),
        ],
    )
    .await?;
    Job::from_row(row)
}

/// Claims the best queued job of `types` (all when `None`) for the calling worker.
pub async fn claim_job(
    scope: &RequestScope,
    types: Option<Vec<String>>,
) -> Result<Option<Job>, ApiError> {
    let row = call_row::<jobs::Entity>(scope, "SELECT * FROM public.claim_job($1)", [types.into()])
        .await?;
    Ok(row.map(|row| Job { row }))
}

/// Records a running job's progress, a percentage.
pub async fn report_job_progress(
    scope: &RequestScope,
    job: Uuid,
    progress: i32,
    message: Option<String>,
) -> Result<Job, ApiError> {
    let row = call_row::<jobs::Entity>(
        scope,
        "SELECT * FROM public.report_job_progress($1, $2, $3)",
        [job.into(), progress.into(), message.into()],
    )
    .await?;
    Job::running(row)
}

/// Marks a running job succeeded with `result`.
pub async fn complete_job(
    scope: &RequestScope,
    job: Uuid,
    result: Option<serde_json::Value>,
) -> Result<Job, ApiError> {
    let row = call_row::<jobs::Entity>(
        scope,
        "SELECT * FROM public.complete_job($1, $2)",
        [job.into(), result.into()],
    )
    .await?;
    Job::running(row)
}

/// Records a failed attempt of a running job, to be retried after `retry_after_seconds`
/// while it has attempts left.
pub async fn fail_job(
    scope: &RequestScope,
    job: Uuid,
    error: String,
    retry_after_seconds: i32,
) -> Result<Job, ApiError> {
    let row = call_row::<jobs::Entity>(
        scope,
        "SELECT * FROM public.fail_job($1, $2, make_interval(secs => $3))",
        [
            job.into(),
            error.into(),
            f64::from(retry_after_seconds.max(0)).into(),
        ],
    )
    .await?;
    Job::running(row)
}

impl Job {
    fn from_row(row: Option<jobs::Model>) -> Result<Self, ApiError> {
        row.map(|row| Self { row })
            .ok_or_else(|| ApiError::Internal(std::sync::Arc::new(MissingRow)))
    }

    /// A worker call on a job that is not running (or does not exist) changes nothing.
    fn running(row: Option<jobs::Model>) -> Result<Self, ApiError> {
        row.map(|row| Self { row })
            .ok_or_else(|| ApiError::NotFound("no running job has this id".into()))
    }
}

/// `find_or_create_job` always returns a row; not getting one is a bug of ours.
#[derive(Debug, thiserror::Error)]
#[error("find_or_create_job returned no row")]
struct MissingRow;
