//! Membership of a profile in a conversation, with its role and read position.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ConversationMemberRole;

/// Membership of a profile in a conversation, with its role and read position.
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
#[sea_orm(table_name = "conversation_members")]
#[graphql(name = "ConversationMemberRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The conversation.
    pub conversation_id: Uuid,
    /// The member profile.
    pub user_id: Uuid,
    /// Rights of the member.
    pub role: ConversationMemberRole,
    /// When the member joined.
    pub joined_at: DateTimeWithTimeZone,
    /// Up to when the member has read; later messages are unread.
    pub last_read_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `conversation_members` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
