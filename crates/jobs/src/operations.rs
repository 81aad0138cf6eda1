//! The jobs operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

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
    let row = call_row::<jobs::Model>(
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
    let row = call_row::<jobs::Model>(scope, "SELECT * FROM public.claim_job($1)", [types.into()])
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
    let row = call_row::<jobs::Model>(
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
    let row = call_row::<jobs::Model>(
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
    let row = call_row::<jobs::Model>(
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
pub(super) struct MissingRow;
