//! Long-term AI memories of a user, searchable by embedding distance.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::MemoryKind;

/// Long-term AI memories of a user, searchable by embedding distance.
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

/// Relations of `ai_memories` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
