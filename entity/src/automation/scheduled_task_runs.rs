//! One run of a scheduled task, recorded by the service-role runner.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ScheduledTaskRunStatus;

/// One run of a scheduled task, recorded by the service-role runner.
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
#[sea_orm(table_name = "scheduled_task_runs")]
#[graphql(name = "ScheduledTaskRunRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The task.
    pub task_id: Uuid,
    /// How it ended.
    pub status: ScheduledTaskRunStatus,
    /// Why it failed.
    pub error: Option<String>,
    /// When it started.
    pub started_at: DateTimeWithTimeZone,
    /// When it finished.
    pub finished_at: DateTimeWithTimeZone,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
}

/// Relations of `scheduled_task_runs` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
