//! Automation: seed 000's automations (a trigger, then ordered conditions and actions, and a
//! run history) and seed 002's scheduled tasks (a cron expression or an interval, runs
//! recorded by a service-role runner, auto-pause after failures in a row).
//!
//! Owners write definitions through the mutations here, inside the request's RLS
//! transaction, so a refused step or a bad schedule leaves nothing written. Cron
//! expressions are parsed and their next occurrence computed here ([`calculate_next_run`],
//! with `croner`); the run counters and the auto-pause rule live in the migration's
//! trigger, so runs recorded by any client of the database apply them too.

use async_graphql::{Context, InputObject, Json, Object};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use entity::automation::{
    AutomationRunStatus, AutomationStepKind, ScheduledTaskStatus, automation_runs,
    automation_steps, automations, scheduled_task_runs, scheduled_tasks,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, EntityTrait, IdenStatic as _,
    IntoActiveModel, Iterable as _, QueryFilter,
};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{call_row, scope, viewer_id};
use crate::graphql::table::{Model, OrderDirection, Table};
use crate::graphql::write;

/// Steps an automation may have (its trigger included).
pub const MAX_AUTOMATION_STEPS: usize = 50;

crate::table! {
    /// A user's workflow: a trigger, then ordered conditions and actions. Visible to its owner.
    Automation => automations,
    filter AutomationFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        is_enabled: BoolFilter => IsEnabled,
        run_count: IntFilter => RunCount,
        last_run_at: DateTimeFilter => LastRunAt,
        last_run_status: EnumFilter<AutomationRunStatus> => LastRunStatus,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AutomationOrder / AutomationOrderField {
        Name => Name,
        RunCount => RunCount,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    Automation {
        to_one {
            /// Owner.
            owner: Profile = user_id,
        }
        to_many {
            /// Its steps, in order (by position, ascending, unless `orderBy` says otherwise).
            steps: AutomationStep = automation_steps::Column::AutomationId => AutomationStepOrder {
                field: AutomationStepOrderField::Position,
                direction: OrderDirection::Asc,
            },
            /// Its runs.
            runs: AutomationRun = automation_runs::Column::AutomationId,
        }
    }
}

crate::table! {
    /// One step of an automation; position 0 is its trigger.
    AutomationStep => automation_steps,
    filter AutomationStepFilter {
        id: UuidFilter => Id,
        automation_id: UuidFilter => AutomationId,
        position: IntFilter => Position,
        kind: EnumFilter<AutomationStepKind> => Kind,
        operation: StringFilter => Operation,
        created_at: DateTimeFilter => CreatedAt,
    },
    order AutomationStepOrder / AutomationStepOrderField {
        Position => Position,
        CreatedAt => CreatedAt,
    } default Position,
}

crate::relations! {
    AutomationStep {
        to_one {
            /// The automation.
            automation: Automation = automation_id,
        }
        to_many {}
    }
}

crate::table! {
    /// One run of an automation.
    AutomationRun => automation_runs,
    filter AutomationRunFilter {
        id: UuidFilter => Id,
        automation_id: UuidFilter => AutomationId,
        status: EnumFilter<AutomationRunStatus> => Status,
        started_at: DateTimeFilter => StartedAt,
        finished_at: DateTimeFilter => FinishedAt,
        created_at: DateTimeFilter => CreatedAt,
    },
    order AutomationRunOrder / AutomationRunOrderField {
        StartedAt => StartedAt,
        CreatedAt => CreatedAt,
    } default StartedAt,
}

crate::relations! {
    AutomationRun {
        to_one {
            /// The automation.
            automation: Automation = automation_id,
        }
        to_many {}
    }
}

crate::table! {
    /// A recurring task: a cron expression or an interval; paused after too many failures
    /// in a row. Visible to its owner.
    ScheduledTask => scheduled_tasks,
    filter ScheduledTaskFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        action: StringFilter => Action,
        status: EnumFilter<ScheduledTaskStatus> => Status,
        next_run_at: DateTimeFilter => NextRunAt,
        last_run_at: DateTimeFilter => LastRunAt,
        consecutive_failures: IntFilter => ConsecutiveFailures,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ScheduledTaskOrder / ScheduledTaskOrderField {
        Name => Name,
        RunCount => RunCount,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    ScheduledTask {
        to_one {
            /// Owner.
            owner: Profile = user_id,
        }
        to_many {
            /// Its runs.
            runs: ScheduledTaskRun = scheduled_task_runs::Column::TaskId,
        }
    }
}

crate::table! {
    /// One run of a scheduled task.
    ScheduledTaskRun => scheduled_task_runs,
    filter ScheduledTaskRunFilter {
        id: UuidFilter => Id,
        task_id: UuidFilter => TaskId,
        status: EnumFilter<entity::automation::ScheduledTaskRunStatus> => Status,
        started_at: DateTimeFilter => StartedAt,
        created_at: DateTimeFilter => CreatedAt,
    },
    order ScheduledTaskRunOrder / ScheduledTaskRunOrderField {
        StartedAt => StartedAt,
        CreatedAt => CreatedAt,
    } default StartedAt,
}

crate::relations! {
    ScheduledTaskRun {
        to_one {
            /// The task.
            task: ScheduledTask = task_id,
        }
        to_many {}
    }
}

crate::change_feeds! {
    /// Live changes of the viewer's automations and scheduled tasks, as the scheduler runs
    /// them.
    AutomationChanges owned {
        /// The viewer's automations as they are enabled, disabled and run (run count, last
        /// run and its status). With `after`, every change since that cursor comes first.
        automation_changes: Automation => AutomationChange;
        /// The viewer's scheduled tasks as they run, fail, pause and get their next run.
        /// With `after`, every change since that cursor comes first.
        scheduled_task_changes: ScheduledTask => ScheduledTaskChange;
    }
}

crate::root_fields! {
    /// By-id and list fields of the automation and scheduled task tables.
    AutomationQuery {
        automation, automations: Automation;
        automation_step, automation_steps: AutomationStep;
        automation_run, automation_runs: AutomationRun;
        scheduled_task, scheduled_tasks: ScheduledTask;
        scheduled_task_run, scheduled_task_runs: ScheduledTaskRun;
    }
}

/// One step of an automation, as its owner writes it.
#[derive(Debug, Clone, InputObject)]
pub struct AutomationStepInput {
    /// TRIGGER for the first step, CONDITION or ACTION for the others.
    pub kind: AutomationStepKind,
    /// What the step does (e.g. `schedule`, `if_matches`, `send_email`), 1 to 100 characters.
    pub operation: String,
    /// Settings of the operation: a JSON object (default `{}`).
    pub config: Option<Json<serde_json::Value>>,
}

/// A new automation.
#[derive(Debug, Clone, InputObject)]
pub struct CreateAutomationInput {
    /// 1 to 200 characters.
    pub name: String,
    /// At most 2000 characters.
    pub description: Option<String>,
    /// Whether it may run (default true).
    pub is_enabled: Option<bool>,
    /// Its steps in order: first the trigger, then conditions and actions (at most 50).
    pub steps: Vec<AutomationStepInput>,
}

/// Changes to an automation; omitted fields stay as they are.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateAutomationInput {
    /// 1 to 200 characters.
    pub name: Option<String>,
    /// At most 2000 characters.
    pub description: Option<String>,
    /// Replaces every step when given.
    pub steps: Option<Vec<AutomationStepInput>>,
}

/// The schedule of a scheduled task: exactly one of the two.
#[derive(Debug, Clone, InputObject)]
pub struct ScheduleInput {
    /// A cron expression in UTC: 5 fields (minute hour day-of-month month day-of-week), or 6
    /// with seconds first.
    pub cron_expression: Option<String>,
    /// Seconds between runs, 60 to 31,536,000 (a year).
    pub interval_seconds: Option<i32>,
}

/// A new scheduled task.
#[derive(Debug, Clone, InputObject)]
pub struct CreateScheduledTaskInput {
    /// 1 to 200 characters.
    pub name: String,
    /// At most 2000 characters.
    pub description: Option<String>,
    /// When it runs.
    pub schedule: ScheduleInput,
    /// What the runner does (e.g. `send_digest`), 1 to 100 characters.
    pub action: String,
    /// Input of the action: a JSON object (default `{}`).
    pub payload: Option<Json<serde_json::Value>>,
    /// Failures in a row that pause the task, 1 to 100 (default 3).
    pub max_consecutive_failures: Option<i32>,
}

/// Changes to a scheduled task; omitted fields stay as they are.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateScheduledTaskInput {
    /// 1 to 200 characters.
    pub name: Option<String>,
    /// At most 2000 characters.
    pub description: Option<String>,
    /// A new schedule (the next run is recomputed).
    pub schedule: Option<ScheduleInput>,
    /// 1 to 100 characters.
    pub action: Option<String>,
    /// A JSON object.
    pub payload: Option<Json<serde_json::Value>>,
    /// 1 to 100.
    pub max_consecutive_failures: Option<i32>,
}

/// When a scheduled task runs: parsed and validated, ready for [`calculate_next_run`].
#[derive(Debug, Clone)]
pub enum Schedule {
    /// A cron pattern (UTC), with the expression as the owner wrote it.
    Cron(String, Box<croner::Cron>),
    /// A fixed number of seconds between runs.
    Interval(i32),
}

impl Schedule {
    /// Parses the schedule input: exactly one of a cron expression or an interval.
    pub fn parse(input: &ScheduleInput) -> Result<Self, ApiError> {
        match (&input.cron_expression, input.interval_seconds) {
            (Some(expression), None) => Self::cron(expression),
            (None, Some(seconds)) if (60..=31_536_000).contains(&seconds) => {
                Ok(Self::Interval(seconds))
            }
            (None, Some(_)) => Err(ApiError::bad_input(
                "intervalSeconds",
                "the interval is 60 to 31536000 seconds (a minute to a year)",
            )),
            _ => Err(ApiError::bad_input(
                "schedule",
                "give exactly one of `cronExpression` and `intervalSeconds`",
            )),
        }
    }

    /// The schedule a stored task follows.
    fn of(task: &scheduled_tasks::Model) -> Result<Self, ApiError> {
        Self::parse(&ScheduleInput {
            cron_expression: task.cron_expression.clone(),
            interval_seconds: task.interval_seconds,
        })
    }

    fn cron(expression: &str) -> Result<Self, ApiError> {
        let invalid = |reason: String| {
            ApiError::bad_input(
                "cronExpression",
                format!("`{expression}` is not a valid cron expression: {reason}"),
            )
        };
        let expression = expression.trim();
        write::check_length("cronExpression", expression, 1, 100)?;
        let cron: croner::Cron = expression
            .parse()
            .map_err(|error: croner::errors::CronError| invalid(error.to_string()))?;
        // A pattern that parses but never fires (30 February) is refused as well.
        cron.find_next_occurrence(&Utc::now(), false)
            .map_err(|error| invalid(error.to_string()))?;
        Ok(Self::Cron(expression.to_owned(), Box::new(cron)))
    }

    /// The stored form: (cron expression, interval seconds).
    fn columns(&self) -> (Option<String>, Option<i32>) {
        match self {
            Self::Cron(expression, _) => (Some(expression.clone()), None),
            Self::Interval(seconds) => (None, Some(*seconds)),
        }
    }
}

/// Seed 002's `calculate_next_run`: the first time the schedule fires strictly after
/// `after`.
pub fn calculate_next_run(
    schedule: &Schedule,
    after: DateTime<Utc>,
) -> Result<DateTime<Utc>, ApiError> {
    match schedule {
        Schedule::Cron(_, cron) => cron.find_next_occurrence(&after, false).map_err(|error| {
            ApiError::bad_input(
                "cronExpression",
                format!("this cron expression has no next run: {error}"),
            )
        }),
        Schedule::Interval(seconds) => Ok(after + Duration::seconds(i64::from(*seconds))),
    }
}

fn fixed(time: DateTime<Utc>) -> DateTime<FixedOffset> {
    time.fixed_offset()
}

/// A JSON input that must be an object (default `{}`).
fn json_object(
    field: &str,
    value: Option<Json<serde_json::Value>>,
) -> Result<serde_json::Value, ApiError> {
    let value = value.map_or_else(|| serde_json::json!({}), |value| value.0);
    if value.is_object() {
        Ok(value)
    } else {
        Err(ApiError::bad_input(
            field,
            format!("`{field}` must be a JSON object"),
        ))
    }
}

/// Checks the shape of an automation's steps: at most [`MAX_AUTOMATION_STEPS`], a trigger
/// first and only first, configs that are objects. The database checks the rest.
fn check_steps(steps: &[AutomationStepInput]) -> Result<(), ApiError> {
    if steps.is_empty() {
        return Err(ApiError::bad_input(
            "steps",
            "an automation needs at least its trigger step",
        ));
    }
    write::check_count("steps", steps, MAX_AUTOMATION_STEPS)?;
    for (position, step) in steps.iter().enumerate() {
        let is_trigger = step.kind == AutomationStepKind::Trigger;
        if is_trigger != (position == 0) {
            return Err(ApiError::bad_input(
                "steps",
                format!("step {position}: the first step, and only the first, is the TRIGGER"),
            ));
        }
        if step
            .config
            .as_ref()
            .is_some_and(|config| !config.0.is_object())
        {
            return Err(ApiError::bad_input(
                "steps",
                format!("step {position}: `config` must be a JSON object"),
            ));
        }
    }
    Ok(())
}

/// Writes an automation's steps in order (after its old steps were removed).
async fn insert_steps(
    scope: &RequestScope,
    automation: Uuid,
    steps: Vec<AutomationStepInput>,
) -> Result<(), ApiError> {
    let rows = steps
        .into_iter()
        .zip(0..)
        .map(|(step, position)| automation_steps::ActiveModel {
            id: NotSet,
            automation_id: Set(automation),
            position: Set(position),
            kind: Set(step.kind),
            operation: Set(step.operation.trim().to_owned()),
            config: Set(step
                .config
                .map_or_else(|| serde_json::json!({}), |config| config.0)),
            created_at: NotSet,
            updated_at: NotSet,
        });
    automation_steps::Entity::insert_many(rows)
        .exec(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(())
}

/// Owners' writes of automations and scheduled tasks.
#[derive(Debug, Default)]
pub struct AutomationMutation;

#[Object]
impl AutomationMutation {
    /// Creates an automation with its steps, all or nothing: a refused step leaves no
    /// automation behind.
    async fn create_automation(
        &self,
        ctx: &Context<'_>,
        input: CreateAutomationInput,
    ) -> async_graphql::Result<Automation> {
        Ok(create_automation(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Renames or redescribes an automation, and replaces its steps when `steps` is given.
    async fn update_automation(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdateAutomationInput,
    ) -> async_graphql::Result<Automation> {
        Ok(update_automation(scope(ctx)?, id, input).await?)
    }

    /// Deletes an automation with its steps and runs; returns its id.
    async fn delete_automation(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Uuid> {
        Ok(write::delete::<Automation>(scope(ctx)?, id).await?)
    }

    /// Enables or disables an automation; a disabled one refuses new runs.
    async fn set_automation_enabled(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        enabled: bool,
    ) -> async_graphql::Result<Automation> {
        Ok(set_automation_enabled(scope(ctx)?, id, enabled).await?)
    }

    /// Records a run of an enabled automation (by its owner or the service role). A RUNNING
    /// run has no finish time; SUCCEEDED and FAILED runs finish now. CONFLICT when the
    /// automation is disabled.
    async fn record_automation_run(
        &self,
        ctx: &Context<'_>,
        automation_id: Uuid,
        status: AutomationRunStatus,
        #[graphql(default = 0)] steps_completed: i32,
        trigger_payload: Option<Json<serde_json::Value>>,
        output: Option<Json<serde_json::Value>>,
        error: Option<String>,
    ) -> async_graphql::Result<AutomationRun> {
        Ok(record_automation_run(
            scope(ctx)?,
            automation_id,
            status,
            steps_completed,
            trigger_payload,
            output,
            error,
        )
        .await?)
    }

    /// Creates a scheduled task; its first run is the schedule's next time after now.
    async fn create_scheduled_task(
        &self,
        ctx: &Context<'_>,
        input: CreateScheduledTaskInput,
    ) -> async_graphql::Result<ScheduledTask> {
        Ok(create_scheduled_task(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Changes a scheduled task; a new schedule recomputes the next run of an active task.
    async fn update_scheduled_task(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: UpdateScheduledTaskInput,
    ) -> async_graphql::Result<ScheduledTask> {
        Ok(update_scheduled_task(scope(ctx)?, id, input).await?)
    }

    /// Deletes a scheduled task with its runs; returns its id.
    async fn delete_scheduled_task(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        Ok(write::delete::<ScheduledTask>(scope(ctx)?, id).await?)
    }

    /// Pauses a scheduled task: it has no next run until resumed.
    async fn pause_scheduled_task(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<ScheduledTask> {
        Ok(pause_scheduled_task(scope(ctx)?, id).await?)
    }

    /// Resumes a paused task: the failure streak starts over and the next run is the
    /// schedule's next time after now.
    async fn resume_scheduled_task(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<ScheduledTask> {
        Ok(resume_scheduled_task(scope(ctx)?, id).await?)
    }
}

/// The scheduled task runner's writes: service-role tokens only (FORBIDDEN otherwise).
#[derive(Debug, Default)]
pub struct SchedulerMutation;

#[Object]
impl SchedulerMutation {
    /// Records a run of a scheduled task. A success resets the failure streak; the
    /// `maxConsecutiveFailures`-th failure in a row pauses the task. An active task's next
    /// run becomes the schedule's first time after both now and the run that was due, so it
    /// always moves forward.
    async fn record_scheduled_task_run(
        &self,
        ctx: &Context<'_>,
        task_id: Uuid,
        succeeded: bool,
        error: Option<String>,
    ) -> async_graphql::Result<ScheduledTask> {
        Ok(record_scheduled_task_run(scope(ctx)?, task_id, succeeded, error).await?)
    }
}

/// Stores `user`'s automation with its steps in one transaction, so a refused step keeps
/// the automation out too.
pub async fn create_automation(
    scope: &RequestScope,
    user: Uuid,
    input: CreateAutomationInput,
) -> Result<Automation, ApiError> {
    check_steps(&input.steps)?;
    let automation = write::insert::<Automation, _>(
        scope,
        automations::ActiveModel {
            user_id: Set(user),
            name: Set(input.name.trim().to_owned()),
            description: Set(input.description.unwrap_or_default()),
            is_enabled: Set(input.is_enabled.unwrap_or(true)),
            ..Default::default()
        },
    )
    .await?;
    insert_steps(scope, automation.row.id, input.steps).await?;
    Ok(automation)
}

/// Applies changes to an automation the viewer may see, its steps replaced when given.
pub async fn update_automation(
    scope: &RequestScope,
    id: Uuid,
    input: UpdateAutomationInput,
) -> Result<Automation, ApiError> {
    if let Some(steps) = &input.steps {
        check_steps(steps)?;
    }
    let mut row = automations::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    if let Some(name) = input.name {
        row.name = Set(name.trim().to_owned());
    }
    if let Some(description) = input.description {
        row.description = Set(description);
    }
    // Either way the row is read as the viewer first, so a hidden automation is
    // NOT_FOUND before any of its steps is touched.
    let automation = update_or_find::<Automation, _>(scope, id, row).await?;
    if let Some(steps) = input.steps {
        replace_steps(scope, id, steps).await?;
    }
    Ok(automation)
}

/// Turns an automation on or off; a disabled one refuses new runs.
pub async fn set_automation_enabled(
    scope: &RequestScope,
    id: Uuid,
    enabled: bool,
) -> Result<Automation, ApiError> {
    let row = automations::ActiveModel {
        id: Set(id),
        is_enabled: Set(enabled),
        ..Default::default()
    };
    write::update::<Automation, _>(scope, row).await
}

/// Records a run of an automation through the database, which refuses disabled ones.
pub async fn record_automation_run(
    scope: &RequestScope,
    automation_id: Uuid,
    status: AutomationRunStatus,
    steps_completed: i32,
    trigger_payload: Option<Json<serde_json::Value>>,
    output: Option<Json<serde_json::Value>>,
    error: Option<String>,
) -> Result<AutomationRun, ApiError> {
    let trigger_payload = json_object("triggerPayload", trigger_payload)?;
    let row = call_row::<automation_runs::Entity>(
        scope,
        "SELECT * FROM public.record_automation_run($1, $2, $3, $4, $5, $6)",
        [
            automation_id.into(),
            sea_orm::Value::from(status),
            steps_completed.into(),
            trigger_payload.into(),
            output.map(|output| output.0).into(),
            error.into(),
        ],
    )
    .await?;
    row.map(|row| AutomationRun { row })
        .ok_or_else(write::not_found::<Automation>)
}

/// Stores `user`'s scheduled task, due at the schedule's next time after now.
pub async fn create_scheduled_task(
    scope: &RequestScope,
    user: Uuid,
    input: CreateScheduledTaskInput,
) -> Result<ScheduledTask, ApiError> {
    let schedule = Schedule::parse(&input.schedule)?;
    let next = next_run_from_now(&schedule)?;
    let (cron_expression, interval_seconds) = schedule.columns();
    let row = scheduled_tasks::ActiveModel {
        user_id: Set(user),
        name: Set(input.name.trim().to_owned()),
        description: Set(input.description.unwrap_or_default()),
        cron_expression: Set(cron_expression),
        interval_seconds: Set(interval_seconds),
        action: Set(input.action.trim().to_owned()),
        payload: Set(json_object("payload", input.payload)?),
        max_consecutive_failures: Set(input.max_consecutive_failures.unwrap_or(3)),
        next_run_at: Set(Some(next)),
        ..Default::default()
    };
    write::insert::<ScheduledTask, _>(scope, row).await
}

/// Applies changes to a scheduled task; a new schedule moves an active task's next run.
pub async fn update_scheduled_task(
    scope: &RequestScope,
    id: Uuid,
    input: UpdateScheduledTaskInput,
) -> Result<ScheduledTask, ApiError> {
    let mut row = scheduled_tasks::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    if let Some(schedule) = &input.schedule {
        let schedule = Schedule::parse(schedule)?;
        let current = write::find::<ScheduledTask>(scope, id).await?;
        if current.status == ScheduledTaskStatus::Active {
            row.next_run_at = Set(Some(next_run_from_now(&schedule)?));
        }
        let (cron_expression, interval_seconds) = schedule.columns();
        row.cron_expression = Set(cron_expression);
        row.interval_seconds = Set(interval_seconds);
    }
    if let Some(name) = input.name {
        row.name = Set(name.trim().to_owned());
    }
    if let Some(description) = input.description {
        row.description = Set(description);
    }
    if let Some(action) = input.action {
        row.action = Set(action.trim().to_owned());
    }
    if input.payload.is_some() {
        row.payload = Set(json_object("payload", input.payload)?);
    }
    if let Some(max) = input.max_consecutive_failures {
        row.max_consecutive_failures = Set(max);
    }
    update_or_find::<ScheduledTask, _>(scope, id, row).await
}

/// Stops a scheduled task from running until its owner resumes it.
pub async fn pause_scheduled_task(
    scope: &RequestScope,
    id: Uuid,
) -> Result<ScheduledTask, ApiError> {
    let row = scheduled_tasks::ActiveModel {
        id: Set(id),
        status: Set(ScheduledTaskStatus::Paused),
        paused_reason: Set(Some("paused by its owner".into())),
        next_run_at: Set(None),
        ..Default::default()
    };
    write::update::<ScheduledTask, _>(scope, row).await
}

/// Makes a paused task due again with a clean failure streak, so an auto-paused task gets
/// its full allowance of failures back.
pub async fn resume_scheduled_task(
    scope: &RequestScope,
    id: Uuid,
) -> Result<ScheduledTask, ApiError> {
    let task = write::find::<ScheduledTask>(scope, id).await?;
    let next = next_run_from_now(&Schedule::of(&task)?)?;
    let row = scheduled_tasks::ActiveModel {
        id: Set(id),
        status: Set(ScheduledTaskStatus::Active),
        paused_reason: Set(None),
        consecutive_failures: Set(0),
        next_run_at: Set(Some(next)),
        ..Default::default()
    };
    write::update::<ScheduledTask, _>(scope, row).await
}

/// Records a run of a scheduled task (the database keeps the failure streak and pauses),
/// then moves a still-active task's next run forward past both now and the run that was due.
pub async fn record_scheduled_task_run(
    scope: &RequestScope,
    task_id: Uuid,
    succeeded: bool,
    error: Option<String>,
) -> Result<ScheduledTask, ApiError> {
    let task = call_row::<scheduled_tasks::Entity>(
        scope,
        "SELECT * FROM public.record_scheduled_task_run($1, $2, $3)",
        [task_id.into(), succeeded.into(), error.into()],
    )
    .await?
    .ok_or_else(write::not_found::<ScheduledTask>)?;
    if task.status != ScheduledTaskStatus::Active {
        return Ok(ScheduledTask { row: task });
    }
    let due = task
        .next_run_at
        .map_or_else(Utc::now, |due| due.with_timezone(&Utc));
    let next = calculate_next_run(&Schedule::of(&task)?, due.max(Utc::now()))?;
    let row = scheduled_tasks::ActiveModel {
        id: Set(task_id),
        next_run_at: Set(Some(fixed(next))),
        ..Default::default()
    };
    write::update::<ScheduledTask, _>(scope, row).await
}

/// When a task on `schedule` is next due, counted from now, as stored.
fn next_run_from_now(schedule: &Schedule) -> Result<DateTime<FixedOffset>, ApiError> {
    Ok(fixed(calculate_next_run(schedule, Utc::now())?))
}

/// Swaps an automation's steps for `steps`, in order.
async fn replace_steps(
    scope: &RequestScope,
    automation: Uuid,
    steps: Vec<AutomationStepInput>,
) -> Result<(), ApiError> {
    automation_steps::Entity::delete_many()
        .filter(automation_steps::Column::AutomationId.eq(automation))
        .exec(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    insert_steps(scope, automation, steps).await
}

/// Updates the set columns of row `id`, or, when only the id is set (nothing to change),
/// reads it; `NOT_FOUND` either way when the viewer may not see it.
async fn update_or_find<T, A>(scope: &RequestScope, id: Uuid, row: A) -> Result<T, ApiError>
where
    T: Table,
    A: ActiveModelTrait<Entity = T::Entity> + ActiveModelBehavior + Send,
    Model<T>: IntoActiveModel<A>,
{
    let id_column = T::id_column();
    let changes = <T::Entity as EntityTrait>::Column::iter()
        .filter(|column| column.as_str() != id_column.as_str() && row.get(*column).is_set())
        .count();
    if changes == 0 {
        Ok(T::from_model(write::find::<T>(scope, id).await?))
    } else {
        write::update::<T, A>(scope, row).await
    }
}
