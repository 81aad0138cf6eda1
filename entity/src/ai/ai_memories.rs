//! Long-term AI memories of a user, searchable by embedding distance.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::MemoryKind;

/// Long-term AI memories of a user, searchable by embedding distance.
#[derive(
    Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize, async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "ai_memories")]
#[graphql(name = "AiMemoryRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose memory.
    pub user_id: Uuid,
    /// What is remembered.
    pub content: String,
    /// What sort of memory it is.
    pub kind: MemoryKind,
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

/// Foreign keys of `ai_memories` (`belongs_to`).
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
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
