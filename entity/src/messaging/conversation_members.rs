//! Membership of a profile in a conversation, with its role and read position.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ConversationMemberRole;

/// Membership of a profile in a conversation, with its role and read position.
#[derive(
    Clone,
    Debug,
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

/// Foreign keys of `conversation_members` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The conversation.
    #[sea_orm(
        belongs_to = "super::conversations::Entity",
        from = "Column::ConversationId",
        to = "super::conversations::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Conversation,
    /// The member profile.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Profile,
}

impl Related<super::conversations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conversation.def()
    }
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Profile.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
