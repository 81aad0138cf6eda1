//! One run of a scheduled task, recorded by the service-role runner.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ScheduledTaskRunStatus;

/// One run of a scheduled task, recorded by the service-role runner.
#[derive(
    Clone,
    Debug,
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

/// Foreign keys of `scheduled_task_runs` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The task.
    #[sea_orm(
        belongs_to = "super::scheduled_tasks::Entity",
        from = "Column::TaskId",
        to = "super::scheduled_tasks::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Task,
}

impl Related<super::scheduled_tasks::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Task.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
