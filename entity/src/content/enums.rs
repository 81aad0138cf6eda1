//! Enum-like columns of the content tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Who may see a content item.
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
#[graphql(name = "ContentVisibility")]
pub enum ContentVisibility {
    /// Everyone.
    #[sea_orm(string_value = "public")]
    Public,
    /// Anyone with the link; left out of lists for others.
    #[sea_orm(string_value = "unlisted")]
    Unlisted,
    /// Only the owner.
    #[sea_orm(string_value = "private")]
    Private,
}

/// Where a search engine submission stands.
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
#[graphql(name = "SeoSubmissionStatus")]
pub enum SeoSubmissionStatus {
    /// Not sent yet.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Sent to the engine.
    #[sea_orm(string_value = "submitted")]
    Submitted,
    /// The engine indexed the URL.
    #[sea_orm(string_value = "indexed")]
    Indexed,
    /// The engine refused it.
    #[sea_orm(string_value = "failed")]
    Failed,
}
