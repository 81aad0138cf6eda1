//! Enum-like columns of the messaging tables. Each is `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether a conversation is between two people or a group.
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
#[graphql(name = "ConversationKind")]
pub enum ConversationKind {
    /// Exactly two members, one conversation per pair.
    #[sea_orm(string_value = "direct")]
    Direct,
    /// Any number of members, with a title.
    #[sea_orm(string_value = "group")]
    Group,
}

/// A member's rights in a conversation.
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
#[graphql(name = "ConversationMemberRole")]
pub enum ConversationMemberRole {
    /// Created the conversation; may delete it.
    #[sea_orm(string_value = "owner")]
    Owner,
    /// May rename it and add or remove members.
    #[sea_orm(string_value = "admin")]
    Admin,
    /// May read and write messages.
    #[sea_orm(string_value = "member")]
    Member,
}
