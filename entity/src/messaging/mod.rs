//! Messaging: direct and group conversations, their members and messages.
//!
//! Row-level security shows a conversation, its members and its messages to members only.

pub mod conversation_members;
pub mod conversations;
pub mod enums;
pub mod messages;

pub use enums::{ConversationKind, ConversationMemberRole};
