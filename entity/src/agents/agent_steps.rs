//! Steps of an agent run: a tool call with its input, output and credits; the run owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AgentStepStatus, ToolType};

/// Steps of an agent run: a tool call with its input, output and credits; the run owner's only.
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
#[sea_orm(table_name = "agent_steps")]
#[graphql(name = "AgentStepRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The run.
    pub run_id: Uuid,
    /// The run's owner.
    pub user_id: Uuid,
    /// Position in the run, from 1 (assigned on insert).
    pub step_number: i32,
    /// What the step does.
    pub name: String,
    /// The tool it uses.
    pub tool_type: ToolType,
    /// Where the step is in its life cycle.
    pub status: AgentStepStatus,
    /// The tool's input.
    #[sea_orm(column_type = "JsonBinary")]
    pub input: Json,
    /// The tool's output.
    #[sea_orm(column_type = "JsonBinary")]
    pub output: Option<Json>,
    /// Why the step failed.
    pub error: Option<String>,
    /// Credits the step consumed out of the run's reservation.
    pub credits_used: i64,
    /// When it started running.
    pub started_at: Option<DateTimeWithTimeZone>,
    /// When it finished.
    pub completed_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `agent_steps` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
