//! Agent runs (seed 002): a task, its status and progress, its credit budget and step statistics; its owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AgentMode, AgentRunStatus};

/// Agent runs (seed 002): a task, its status and progress, its credit budget and step statistics; its owner's only.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    DeriveEntityModel,
    Serialize,
    Deserialize,
    async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "agent_runs")]
#[graphql(name = "AgentRunRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose run (its owner).
    pub user_id: Uuid,
    /// Optional tenant (workspace or organisation) the run belongs to.
    pub tenant_id: Option<Uuid>,
    /// Short name of the task.
    pub title: String,
    /// The task as the user asked it.
    pub prompt: String,
    /// How the agent works on it.
    pub mode: AgentMode,
    /// Where the run is in its life cycle.
    pub status: AgentRunStatus,
    /// Percent done, 0 to 100 (kept from the steps once there are any).
    pub progress: i32,
    /// What the agent is doing now.
    pub progress_message: Option<String>,
    /// Settings of the run (model, limits, ...), a JSON object.
    #[sea_orm(column_type = "JsonBinary")]
    pub config: Json,
    /// What the run produced.
    #[sea_orm(column_type = "JsonBinary")]
    pub result: Option<Json>,
    /// Why the run failed.
    pub error: Option<String>,
    /// Credits reserved for the run when it was created.
    pub credit_budget: i64,
    /// Credits its steps consumed (kept by trigger).
    pub credits_used: i64,
    /// Steps recorded (kept by trigger).
    pub total_steps: i32,
    /// Steps completed or skipped (kept by trigger).
    pub completed_steps: i32,
    /// Steps failed (kept by trigger).
    pub failed_steps: i32,
    /// When it first became active.
    pub started_at: Option<DateTimeWithTimeZone>,
    /// When it reached a terminal status.
    pub completed_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `agent_runs` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
