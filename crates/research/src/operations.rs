//! The research operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Fewest subtasks a job fans out to.
pub const MIN_SUBTASKS: usize = 50;

/// Most subtasks a job fans out to.
pub const MAX_SUBTASKS: usize = 250;

impl CreateWideResearchJobInput {
    /// The subtask inputs, trimmed, checked for count and length.
    fn subtasks(&self) -> Result<Vec<String>, ApiError> {
        let (field, values) = match (&self.template_id, &self.items, &self.queries) {
            (Some(_), Some(items), None) => ("items", items),
            (None, None, Some(queries)) => ("queries", queries),
            _ => {
                return Err(ApiError::bad_input(
                    "queries",
                    "give either `templateId` with `items`, or `queries`",
                ));
            }
        };
        if !(MIN_SUBTASKS..=MAX_SUBTASKS).contains(&values.len()) {
            return Err(ApiError::bad_input(
                field,
                format!(
                    "a wide research job has {MIN_SUBTASKS} to {MAX_SUBTASKS} {field}; got {}",
                    values.len()
                ),
            ));
        }
        values
            .iter()
            .map(|value| {
                let value = value.trim();
                write::check_length(field, value, 1, 2000)?;
                Ok(value.to_owned())
            })
            .collect()
    }
}

/// Creates a research template of `user`'s; its prompt must say where each item goes.
pub async fn create_wide_research_template(
    scope: &RequestScope,
    user: Uuid,
    input: CreateWideResearchTemplateInput,
) -> Result<WideResearchTemplate, ApiError> {
    if !input.prompt_template.contains("{item}") {
        return Err(ApiError::bad_input(
            "promptTemplate",
            "the prompt must contain `{item}`, where each item goes",
        ));
    }
    let row = wide_research_templates::ActiveModel {
        user_id: Set(user),
        name: Set(input.name.trim().to_owned()),
        description: Set(input.description.unwrap_or_default()),
        prompt_template: Set(input.prompt_template),
        max_attempts: Set(input.max_attempts.unwrap_or(3)),
        ..Default::default()
    };
    write::insert::<WideResearchTemplate, _>(scope, row).await
}

/// Creates a research job and its subtasks, all at once.
pub async fn create_wide_research_job(
    scope: &RequestScope,
    input: CreateWideResearchJobInput,
) -> Result<WideResearchJob, ApiError> {
    let values = input.subtasks()?;
    let row = call_row::<wide_research_jobs::Model>(
        scope,
        "SELECT * FROM public.create_wide_research_job($1, $2, $3)",
        [
            input.title.trim().into(),
            input.template_id.into(),
            values.into(),
        ],
    )
    .await?;
    row.map(|row| WideResearchJob { row })
        .ok_or_else(write::not_found::<WideResearchJob>)
}

/// Cancels a job and its unfinished subtasks.
pub async fn cancel_wide_research_job(
    scope: &RequestScope,
    job_id: Uuid,
) -> Result<WideResearchJob, ApiError> {
    let job = wide_research_jobs::ActiveModel {
        id: Set(job_id),
        status: Set(ResearchJobStatus::Canceled),
        finished_at: Set(Some(chrono::Utc::now().fixed_offset())),
        ..Default::default()
    };
    write::update::<WideResearchJob, _>(scope, job).await?;
    wide_research_subtasks::Entity::update_many()
        .col_expr(
            wide_research_subtasks::Column::Status,
            sea_orm::sea_query::Expr::value(ResearchSubtaskStatus::Canceled),
        )
        .filter(wide_research_subtasks::Column::JobId.eq(job_id))
        .filter(wide_research_subtasks::Column::Status.is_in([
            ResearchSubtaskStatus::Pending,
            ResearchSubtaskStatus::Running,
        ]))
        .exec(&*scope.conn().await?)
        .await?;
    Ok(WideResearchJob {
        row: write::find::<WideResearchJob>(scope, job_id).await?,
    })
}

/// Completes an unfinished subtask with `result`.
pub async fn complete_wide_research_subtask(
    scope: &RequestScope,
    subtask_id: Uuid,
    result: serde_json::Value,
) -> Result<WideResearchSubtask, ApiError> {
    let row = call_row::<wide_research_subtasks::Model>(
        scope,
        "SELECT * FROM public.complete_wide_research_subtask($1, $2)",
        [subtask_id.into(), result.into()],
    )
    .await?;
    unfinished(row)
}

/// Records a failed attempt of an unfinished subtask.
pub async fn fail_wide_research_subtask(
    scope: &RequestScope,
    subtask_id: Uuid,
    error: String,
) -> Result<WideResearchSubtask, ApiError> {
    let row = call_row::<wide_research_subtasks::Model>(
        scope,
        "SELECT * FROM public.fail_wide_research_subtask($1, $2)",
        [subtask_id.into(), error.into()],
    )
    .await?;
    unfinished(row)
}

/// A worker call on a subtask that is finished (or does not exist) changes nothing.
pub(super) fn unfinished(
    row: Option<wide_research_subtasks::Model>,
) -> Result<WideResearchSubtask, ApiError> {
    row.map(|row| WideResearchSubtask { row })
        .ok_or_else(|| ApiError::NotFound("no unfinished subtask has this id".into()))
}
