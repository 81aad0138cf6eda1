//! The agent's long-term memory of a user, one entry per key, searchable by embedding distance.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The agent's long-term memory of a user, one entry per key, searchable by embedding distance.
#[derive(
    Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize, async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "agent_memory")]
#[graphql(name = "AgentMemoryRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose memory.
    pub user_id: Uuid,
    /// The run it was learnt in, if any.
    pub run_id: Option<Uuid>,
    /// Stable name of the memory; writing a key again replaces it.
    pub key: String,
    /// What is remembered.
    pub content: String,
    /// 1 (trivia) to 10 (essential).
    pub importance: i32,
    /// Extra data (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Json,
    /// The content's embedding (384 dimensions), for semantic search.
    #[sea_orm(column_type = "Vector(Some(384))")]
    #[graphql(skip)]
    pub embedding: Option<PgVector>,
    /// When it was last recalled.
    pub last_accessed_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `agent_memory` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Whose memory.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
    /// The run it was learnt in.
    #[sea_orm(
        belongs_to = "super::agent_runs::Entity",
        from = "Column::RunId",
        to = "super::agent_runs::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Run,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::agent_runs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Run.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
