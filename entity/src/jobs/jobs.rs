//! Background jobs: queued by their owner, claimed and reported by service-role workers.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::JobStatus;

/// Background jobs: queued by their owner, claimed and reported by service-role workers.
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
#[sea_orm(table_name = "jobs")]
#[graphql(name = "JobRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that enqueued the job (its owner).
    pub user_id: Uuid,
    /// The kind of job.
    pub job_type_id: Uuid,
    /// Input of the job (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub payload: Json,
    /// Where the job is in its life cycle.
    pub status: JobStatus,
    /// Higher runs first (-100 to 100).
    pub priority: i32,
    /// Percent done, 0 to 100.
    pub progress: i32,
    /// What the worker is doing now.
    pub progress_message: Option<String>,
    /// Attempts started so far.
    pub attempts: i32,
    /// Attempts allowed before the job fails.
    pub max_attempts: i32,
    /// Identical requests within 5 minutes share one job.
    pub dedup_key: Option<String>,
    /// Not claimed before this time (retries may be delayed).
    pub run_after: DateTimeWithTimeZone,
    /// When the current or last attempt started.
    pub started_at: Option<DateTimeWithTimeZone>,
    /// When the job reached a terminal status.
    pub finished_at: Option<DateTimeWithTimeZone>,
    /// What a succeeded job produced.
    #[sea_orm(column_type = "JsonBinary")]
    pub result: Option<Json>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `jobs` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
