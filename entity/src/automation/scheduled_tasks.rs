//! A recurring task (seed 002): a cron expression or an interval, and auto-pause after failures in a row.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ScheduledTaskRunStatus, ScheduledTaskStatus};

/// A recurring task (seed 002): a cron expression or an interval, and auto-pause after failures in a row.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    DeriveEntityModel,
    Serialize,
    Deserialize,
    async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "scheduled_tasks")]
#[graphql(name = "ScheduledTaskRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Its name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Cron schedule (5 or 6 fields, UTC); null for interval tasks.
    pub cron_expression: Option<String>,
    /// Seconds between runs; null for cron tasks.
    pub interval_seconds: Option<i32>,
    /// What the runner does (e.g. `send_digest`).
    pub action: String,
    /// Input of the action (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub payload: Json,
    /// Active or paused.
    pub status: ScheduledTaskStatus,
    /// Why it was paused.
    pub paused_reason: Option<String>,
    /// When it runs next; null while paused.
    pub next_run_at: Option<DateTimeWithTimeZone>,
    /// When the latest run started.
    pub last_run_at: Option<DateTimeWithTimeZone>,
    /// How the latest run ended.
    pub last_run_status: Option<ScheduledTaskRunStatus>,
    /// Runs recorded.
    pub run_count: i32,
    /// Failed runs recorded.
    pub failure_count: i32,
    /// Failed runs in a row (0 after a success).
    pub consecutive_failures: i32,
    /// Failures in a row that pause the task.
    pub max_consecutive_failures: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `scheduled_tasks` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
