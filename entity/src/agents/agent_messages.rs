//! Messages between the user and the agent within a run; the run owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AgentMessageRole;

/// Messages between the user and the agent within a run; the run owner's only.
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

/// Relations of `agent_messages` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
