//! The automation operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Steps an automation may have (its trigger included).
pub const MAX_AUTOMATION_STEPS: usize = 50;

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

pub(super) fn fixed(time: DateTime<Utc>) -> DateTime<FixedOffset> {
    time.fixed_offset()
}

/// A JSON input that must be an object (default `{}`).
pub(super) fn json_object(
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
pub(super) fn check_steps(steps: &[AutomationStepInput]) -> Result<(), ApiError> {
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
pub(super) async fn insert_steps(
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
    let row = call_row::<automation_runs::Model>(
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
    let task = call_row::<scheduled_tasks::Model>(
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
pub(super) fn next_run_from_now(schedule: &Schedule) -> Result<DateTime<FixedOffset>, ApiError> {
    Ok(fixed(calculate_next_run(schedule, Utc::now())?))
}

/// Swaps an automation's steps for `steps`, in order.
pub(super) async fn replace_steps(
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
pub(super) async fn update_or_find<T, A>(
    scope: &RequestScope,
    id: Uuid,
    row: A,
) -> Result<T, ApiError>
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
