//! Automation: seed 000's automations (a trigger, then ordered conditions and actions, and a
//! run history) and seed 002's scheduled tasks (a cron expression or an interval, runs
//! recorded by a service-role runner, auto-pause after failures in a row).
//!
//! Owners write definitions through the mutations here, inside the request's RLS
//! transaction, so a refused step or a bad schedule leaves nothing written. Cron
//! expressions are parsed and their next occurrence computed here ([`calculate_next_run`],
//! with `croner`); the run counters and the auto-pause rule live in the migration's
//! trigger, so runs recorded by any client of the database apply them too.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

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

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{call_row, scope, viewer_id};
use switchyard_core::graphql::table::{Model, OrderDirection, Table};
use switchyard_core::graphql::write;

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    AutomationStep {
        to_one {
            /// The automation.
            automation: Automation = automation_id,
        }
        to_many {}
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    AutomationRun {
        to_one {
            /// The automation.
            automation: Automation = automation_id,
        }
        to_many {}
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    ScheduledTaskRun {
        to_one {
            /// The task.
            task: ScheduledTask = task_id,
        }
        to_many {}
    }
}

switchyard_core::change_feeds! {
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

switchyard_core::root_fields! {
    /// By-id and list fields of the automation and scheduled task tables.
    AutomationQuery {
        automation, automations: Automation;
        automation_step, automation_steps: AutomationStep;
        automation_run, automation_runs: AutomationRun;
        scheduled_task, scheduled_tasks: ScheduledTask;
        scheduled_task_run, scheduled_task_runs: ScheduledTaskRun;
    }
}
