//! Messaging: conversations, their members and messages, visible to members only.

use entity::messaging::{conversation_members, conversations, messages};

use crate::graphql::filter::{DateTimeFilter, EnumFilter, StringFilter, UuidFilter};
use crate::graphql::identity::Profile;

crate::table! {
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

crate::relations! {
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
    }
}

crate::table! {
    /// A person's membership of a conversation.
    ConversationMember => conversation_members,
    filter ConversationMemberFilter {
        conversation_id: UuidFilter => ConversationId,
        user_id: UuidFilter => UserId,
        role: EnumFilter<entity::messaging::ConversationMemberRole> => Role,
    },
    order ConversationMemberOrder / ConversationMemberOrderField { JoinedAt => JoinedAt } default JoinedAt,
}

crate::relations! {
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

crate::table! {
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

crate::relations! {
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

crate::root_fields! {
    /// By-id and list fields of the messaging tables.
    MessagingQuery {
        conversation, conversations: Conversation;
        conversation_member, conversation_members: ConversationMember;
        message, messages: Message;
    }
}
