//! What a job's worker reported, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::JobLogLevel;

/// What a job's worker reported, in order.
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

/// Relations of `job_logs` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
