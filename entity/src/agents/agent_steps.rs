//! Steps of an agent run: a tool call with its input, output and credits; the run owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AgentStepStatus, ToolType};

/// Steps of an agent run: a tool call with its input, output and credits; the run owner's only.
#[derive(
    Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize, async_graphql::SimpleObject,
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

/// Foreign keys of `agent_steps` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The run.
    #[sea_orm(
        belongs_to = "super::agent_runs::Entity",
        from = "Column::RunId",
        to = "super::agent_runs::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Run,
    /// The run's owner.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
    /// Files it produced.
    #[sea_orm(has_many = "super::agent_artifacts::Entity")]
    Artifacts,
}

impl Related<super::agent_runs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Run.def()
    }
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::agent_artifacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Artifacts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
