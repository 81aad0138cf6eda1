//! Chat sessions between a user and a Luminor.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Chat sessions between a user and a Luminor.
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
#[sea_orm(table_name = "luminor_conversations")]
#[graphql(name = "LuminorConversationRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose conversation.
    pub user_id: Uuid,
    /// The Luminor talked to.
    pub luminor_id: Uuid,
    /// Conversation title.
    pub title: String,
    /// Client session identifier.
    pub session_id: Option<String>,
    /// Current context (project, module, ...).
    #[sea_orm(column_type = "JsonBinary")]
    pub context: Json,
    /// Active conversation flag.
    pub is_active: bool,
    /// Archived status.
    pub is_archived: bool,
    /// Total messages.
    pub message_count: i32,
    /// Session start time.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
    /// Last message timestamp.
    pub last_message_at: Option<DateTimeWithTimeZone>,
}

/// Relations of `luminor_conversations` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
