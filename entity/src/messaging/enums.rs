//! Enum-like columns of the messaging tables. Each is `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

text_enum! {
    /// Whether a conversation is between two people or a group.
    ConversationKind {
        /// Exactly two members, one conversation per pair.
        Direct = "direct",
        /// Any number of members, with a title.
        Group = "group",
    }
}

text_enum! {
    /// A member's rights in a conversation.
    ConversationMemberRole {
        /// Created the conversation; may delete it.
        Owner = "owner",
        /// May rename it and add or remove members.
        Admin = "admin",
        /// May read and write messages.
        Member = "member",
    }
}
