//! Direct and group conversations; visible to their members only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ConversationKind;

/// Direct and group conversations; visible to their members only.
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

/// Foreign keys of `conversations` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Profile that started the conversation.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::CreatedBy",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Creator,
    /// Members of the conversation.
    #[sea_orm(has_many = "super::conversation_members::Entity")]
    Members,
    /// Messages of the conversation.
    #[sea_orm(has_many = "super::messages::Entity")]
    Messages,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Creator.def()
    }
}

impl Related<super::conversation_members::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Members.def()
    }
}

impl Related<super::messages::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Messages.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
