//! Automation (seeds 000 and 002): automations with ordered steps and run history,
//! scheduled tasks with their runs, and wide research templates, jobs and subtasks.
//!
//! Row-level security shows every row to its owner (children through their parent's owner);
//! runners and research workers use the service role.

pub mod automation_runs;
pub mod automation_steps;
pub mod automations;
pub mod enums;
pub mod scheduled_task_runs;
pub mod scheduled_tasks;
pub mod wide_research_jobs;
pub mod wide_research_subtasks;
pub mod wide_research_templates;

pub use enums::{
    AutomationRunStatus, AutomationStepKind, ResearchJobStatus, ResearchSubtaskStatus,
    ScheduledTaskRunStatus, ScheduledTaskStatus,
};
