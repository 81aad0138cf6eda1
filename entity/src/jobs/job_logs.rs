//! What a job's worker reported, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::JobLogLevel;

/// What a job's worker reported, in order.
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
#[sea_orm(table_name = "job_logs")]
#[graphql(name = "JobLogRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job.
    pub job_id: Uuid,
    /// Severity.
    pub level: JobLogLevel,
    /// The reported line.
    pub message: String,
    /// When it was logged.
    pub created_at: DateTimeWithTimeZone,
}

/// Foreign keys of `job_logs` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The job.
    #[sea_orm(
        belongs_to = "super::jobs::Entity",
        from = "Column::JobId",
        to = "super::jobs::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Job,
}

impl Related<super::jobs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Job.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
