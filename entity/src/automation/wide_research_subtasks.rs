//! One item of a wide research job, processed by a service-role worker.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ResearchSubtaskStatus;

/// One item of a wide research job, processed by a service-role worker.
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
#[sea_orm(table_name = "wide_research_subtasks")]
#[graphql(name = "WideResearchSubtaskRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job.
    pub job_id: Uuid,
    /// Index of the item in the job, from 0.
    pub position: i32,
    /// What to research (the template filled with the item).
    pub query: String,
    /// Where it stands.
    pub status: ResearchSubtaskStatus,
    /// Attempts used.
    pub attempts: i32,
    /// What the worker found.
    #[sea_orm(column_type = "JsonBinary")]
    pub result: Option<Json>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// When its first attempt started.
    pub started_at: Option<DateTimeWithTimeZone>,
    /// When it completed or failed for good.
    pub finished_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `wide_research_subtasks` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
