//! Messages between the user and the agent within a run; the run owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AgentMessageRole;

/// Messages between the user and the agent within a run; the run owner's only.
#[derive(
    Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize, async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "agent_messages")]
#[graphql(name = "AgentMessageRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The run.
    pub run_id: Uuid,
    /// The run's owner.
    pub user_id: Uuid,
    /// Who speaks.
    pub role: AgentMessageRole,
    /// What is said.
    pub content: String,
    /// Extra data (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `agent_messages` (`belongs_to`).
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

impl ActiveModelBehavior for ActiveModel {}
