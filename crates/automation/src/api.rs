//! The automation API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

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
