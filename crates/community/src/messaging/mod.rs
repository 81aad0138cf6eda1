//! Messaging: conversations, their members and messages, visible to members only.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object};
use entity::identity::profiles;
use entity::messaging::{ConversationKind, conversation_members, conversations, messages};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Statement,
};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

use crate::identity::Profile;
use switchyard_core::db::{DbError, RequestScope};
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{DateTimeFilter, EnumFilter, StringFilter, UuidFilter};
use switchyard_core::graphql::loaders::RowLoader;
use switchyard_core::graphql::resolve::{loader, scope, viewer_id};
use switchyard_core::graphql::table::Table;
use switchyard_core::graphql::write;

switchyard_core::table! {
    /// A direct or group conversation. Visible to its members.
    Conversation => conversations,
    filter ConversationFilter {
        id: UuidFilter => Id,
        kind: EnumFilter<entity::messaging::ConversationKind> => Kind,
        title: StringFilter => Title,
        created_by: UuidFilter => CreatedBy,
        last_message_at: DateTimeFilter => LastMessageAt,
    },
    order ConversationOrder / ConversationOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default UpdatedAt,
}

switchyard_core::relations! {
    Conversation {
        to_one {
            /// Who started it.
            creator: Profile = created_by,
        }
        to_many {
            /// The people in it.
            members: ConversationMember = conversation_members::Column::ConversationId,
            /// Its messages (newest first by default).
            messages: Message = messages::Column::ConversationId,
        }
        fields {
            /// Messages from others the viewer has not read yet (batched across conversations).
            async fn unread_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
                let counts = loader(ctx)?
                    .load_one(UnreadMessages(self.row.id))
                    .await
                    .map_err(|error| ApiError::Internal(error))?;
                Ok(counts.unwrap_or(0))
            }
        }
    }
}

switchyard_core::table! {
    /// A person's membership of a conversation.
    ConversationMember => conversation_members,
    filter ConversationMemberFilter {
        conversation_id: UuidFilter => ConversationId,
        user_id: UuidFilter => UserId,
        role: EnumFilter<entity::messaging::ConversationMemberRole> => Role,
    },
    order ConversationMemberOrder / ConversationMemberOrderField { JoinedAt => JoinedAt } default JoinedAt,
}

switchyard_core::relations! {
    ConversationMember {
        to_one {
            /// The conversation.
            conversation: Conversation = conversation_id,
            /// The member.
            user: Profile = user_id,
        }
        to_many {}
    }
}

switchyard_core::table! {
    /// A message in a conversation.
    Message => messages,
    filter MessageFilter {
        conversation_id: UuidFilter => ConversationId,
        sender_id: UuidFilter => SenderId,
        body: StringFilter => Body,
        deleted_at: DateTimeFilter => DeletedAt,
        created_at: DateTimeFilter => CreatedAt,
    },
    order MessageOrder / MessageOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

switchyard_core::relations! {
    Message {
        to_one {
            /// The conversation it belongs to.
            conversation: Conversation = conversation_id,
            /// Who sent it.
            sender: Profile = sender_id,
        }
        to_many {}
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the messaging tables.
    MessagingQuery {
        conversation, conversations: Conversation;
        conversation_member, conversation_members: ConversationMember;
        message, messages: Message;
    }
}
