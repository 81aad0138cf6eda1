//! Wide research (seed 002): reusable templates, jobs that fan out to 50-250 subtasks, and
//! the service-role worker calls that complete or fail a subtask.
//!
//! A job and its subtasks are created in one SQL function call; from then on the job's
//! counts, progress and status are kept by a trigger on the subtasks, so a worker writing
//! with plain SQL moves the job just the same. Each change of the job is published on the
//! realtime topic `research:<job id>` (the `wideResearchProgress` subscription).

use async_graphql::{Context, InputObject, Json, Object};
use entity::automation::{
    ResearchJobStatus, ResearchSubtaskStatus, wide_research_jobs, wide_research_subtasks,
    wide_research_templates,
};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{call_row, scope, viewer_id};
use crate::graphql::table::OrderDirection;
use crate::graphql::write;

/// Fewest subtasks a job fans out to.
pub const MIN_SUBTASKS: usize = 50;
/// Most subtasks a job fans out to.
pub const MAX_SUBTASKS: usize = 250;

crate::table! {
    /// A reusable research prompt; each item of a job fills its `{item}`. Visible to its owner.
    WideResearchTemplate => wide_research_templates,
    filter WideResearchTemplateFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        created_at: DateTimeFilter => CreatedAt,
    },
    order WideResearchTemplateOrder / WideResearchTemplateOrderField {
        Name => Name,
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    WideResearchTemplate {
        to_one {
            /// Owner.
            owner: Profile = user_id,
        }
        to_many {
            /// Jobs made from it.
            jobs: WideResearchJob = wide_research_jobs::Column::TemplateId,
        }
    }
}

crate::table! {
    /// A wide research job: 50 to 250 subtasks; counts, progress and status follow them.
    /// Visible to its owner.
    WideResearchJob => wide_research_jobs,
    filter WideResearchJobFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        template_id: UuidFilter => TemplateId,
        title: StringFilter => Title,
        status: EnumFilter<ResearchJobStatus> => Status,
        progress: IntFilter => Progress,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order WideResearchJobOrder / WideResearchJobOrderField {
        Progress => Progress,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    WideResearchJob {
        to_one {
            /// Owner.
            owner: Profile = user_id,
            /// The template it was made from.
            template: WideResearchTemplate = template_id,
        }
        to_many {
            /// Its subtasks, in item order (by position, ascending, unless `orderBy` says
            /// otherwise).
            subtasks: WideResearchSubtask = wide_research_subtasks::Column::JobId => WideResearchSubtaskOrder {
                field: WideResearchSubtaskOrderField::Position,
                direction: OrderDirection::Asc,
            },
        }
    }
}

crate::table! {
    /// One item of a wide research job.
    WideResearchSubtask => wide_research_subtasks,
    filter WideResearchSubtaskFilter {
        id: UuidFilter => Id,
        job_id: UuidFilter => JobId,
        position: IntFilter => Position,
        status: EnumFilter<ResearchSubtaskStatus> => Status,
        attempts: IntFilter => Attempts,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order WideResearchSubtaskOrder / WideResearchSubtaskOrderField {
        Position => Position,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default Position,
}

crate::relations! {
    WideResearchSubtask {
        to_one {
            /// The job.
            job: WideResearchJob = job_id,
        }
        to_many {}
    }
}

crate::root_fields! {
    /// By-id and list fields of the wide research tables.
    ResearchQuery {
        wide_research_template, wide_research_templates: WideResearchTemplate;
        wide_research_job, wide_research_jobs: WideResearchJob;
        wide_research_subtask, wide_research_subtasks: WideResearchSubtask;
    }
}

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
    let row = call_row::<wide_research_jobs::Entity>(
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
    let row = call_row::<wide_research_subtasks::Entity>(
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
    let row = call_row::<wide_research_subtasks::Entity>(
        scope,
        "SELECT * FROM public.fail_wide_research_subtask($1, $2)",
        [subtask_id.into(), error.into()],
    )
    .await?;
    unfinished(row)
}

/// A worker call on a subtask that is finished (or does not exist) changes nothing.
fn unfinished(row: Option<wide_research_subtasks::Model>) -> Result<WideResearchSubtask, ApiError> {
    row.map(|row| WideResearchSubtask { row })
        .ok_or_else(|| ApiError::NotFound("no unfinished subtask has this id".into()))
}
