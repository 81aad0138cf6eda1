//! Direct and group conversations; visible to their members only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ConversationKind;

/// Direct and group conversations; visible to their members only.
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
#[sea_orm(table_name = "conversations")]
#[graphql(name = "ConversationRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Direct (two people) or group.
    pub kind: ConversationKind,
    /// Title of a group conversation.
    pub title: Option<String>,
    /// Profile that started it; it becomes the owner member. NULL once that account is
    /// gone.
    pub created_by: Option<Uuid>,
    /// When the latest message was sent, kept by a trigger.
    pub last_message_at: Option<DateTimeWithTimeZone>,
    /// For direct conversations, `direct_conversation_key(a, b)`: one conversation per
    /// pair.
    #[sea_orm(unique)]
    pub direct_key: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed; new messages (`last_message_at`) do not count as
    /// changes.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `conversations` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
