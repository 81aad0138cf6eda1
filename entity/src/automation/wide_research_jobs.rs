//! A wide research job: fans out to 50-250 subtasks; counts, progress and status kept from them by trigger.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ResearchJobStatus;

/// A wide research job: fans out to 50-250 subtasks; counts, progress and status kept from them by trigger.
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
#[sea_orm(table_name = "wide_research_jobs")]
#[graphql(name = "WideResearchJobRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// The template it was made from.
    pub template_id: Option<Uuid>,
    /// Its title.
    pub title: String,
    /// Where it stands (from its subtasks).
    pub status: ResearchJobStatus,
    /// Attempts each subtask gets.
    pub max_attempts: i32,
    /// Subtasks it fans out to.
    pub total_subtasks: i32,
    /// Subtasks completed.
    pub completed_subtasks: i32,
    /// Subtasks that failed their last attempt.
    pub failed_subtasks: i32,
    /// Finished subtasks, in percent.
    pub progress: i32,
    /// When its first subtask started.
    pub started_at: Option<DateTimeWithTimeZone>,
    /// When it reached a terminal status.
    pub finished_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `wide_research_jobs` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
