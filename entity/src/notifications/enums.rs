//! Enum-like columns of the notifications table: `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a notification is about: a social event, or a system notice with its severity.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "NotificationType")]
pub enum NotificationType {
    /// Someone liked your creation.
    #[sea_orm(string_value = "creation_liked")]
    CreationLiked,
    /// Someone commented on your creation.
    #[sea_orm(string_value = "creation_commented")]
    CreationCommented,
    /// Someone followed you.
    #[sea_orm(string_value = "new_follower")]
    NewFollower,
    /// Someone replied to your comment.
    #[sea_orm(string_value = "comment_reply")]
    CommentReply,
    /// You were mentioned in a comment.
    #[sea_orm(string_value = "mention")]
    Mention,
    /// A message from the platform.
    #[sea_orm(string_value = "system_announcement")]
    SystemAnnouncement,
    /// Someone sent a message in one of your conversations.
    #[sea_orm(string_value = "new_message")]
    NewMessage,
    /// Informational system notice.
    #[sea_orm(string_value = "info")]
    Info,
    /// Something you started completed.
    #[sea_orm(string_value = "success")]
    Success,
    /// Something needs attention soon.
    #[sea_orm(string_value = "warning")]
    Warning,
    /// Something failed.
    #[sea_orm(string_value = "error")]
    Error,
}
