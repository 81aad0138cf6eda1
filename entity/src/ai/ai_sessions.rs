//! Assistant sessions of a user: conversation state and context.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::SessionStatus;

/// Assistant sessions of a user: conversation state and context.
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
#[sea_orm(table_name = "ai_sessions")]
#[graphql(name = "AiSessionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose session.
    pub user_id: Uuid,
    /// Session title.
    pub title: String,
    /// Whether it is going on.
    pub status: SessionStatus,
    /// Conversation state and context (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub context: Json,
    /// Messages exchanged.
    pub message_count: i32,
    /// When it ended.
    pub ended_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `ai_sessions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
