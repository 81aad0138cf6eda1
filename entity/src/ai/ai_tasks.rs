//! Tasks of an AI clone (seed 001); its owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{TaskPriority, TaskStatus};

/// Tasks of an AI clone (seed 001); its owner's only.
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
#[sea_orm(table_name = "ai_tasks")]
#[graphql(name = "AiTaskRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The clone doing the task.
    pub clone_id: Uuid,
    /// What the task is.
    pub task_name: String,
    /// Input (dataset, analysis type, date range, ...).
    #[sea_orm(column_type = "JsonBinary")]
    pub task_input: Json,
    /// Result (result, data, execution time, ...).
    #[sea_orm(column_type = "JsonBinary")]
    pub task_output: Json,
    /// Lifecycle state: pending, in_progress, then completed, failed or cancelled.
    pub status: TaskStatus,
    /// How urgent it is.
    pub priority: TaskPriority,
    /// Why it failed.
    pub error_message: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
    /// When it reached completed, failed or cancelled.
    pub completed_at: Option<DateTimeWithTimeZone>,
}

/// Relations of `ai_tasks` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
