//! Enum-like columns of the notifications table: `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

text_enum! {
    /// What a notification is about: a social event, or a system notice with its severity.
    NotificationType {
        /// Someone liked your creation.
        CreationLiked = "creation_liked",
        /// Someone commented on your creation.
        CreationCommented = "creation_commented",
        /// Someone followed you.
        NewFollower = "new_follower",
        /// Someone replied to your comment.
        CommentReply = "comment_reply",
        /// You were mentioned in a comment.
        Mention = "mention",
        /// A message from the platform.
        SystemAnnouncement = "system_announcement",
        /// Someone sent a message in one of your conversations.
        NewMessage = "new_message",
        /// Informational system notice.
        Info = "info",
        /// Something you started completed.
        Success = "success",
        /// Something needs attention soon.
        Warning = "warning",
        /// Something failed.
        Error = "error",
    }
}
