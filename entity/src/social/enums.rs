//! Enum-like columns of the social tables. Each is `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Who may read a post.
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
#[graphql(name = "PostVisibility")]
pub enum PostVisibility {
    /// Everyone, including anonymous visitors.
    #[sea_orm(string_value = "public")]
    Public,
    /// The author and the profiles following the author.
    #[sea_orm(string_value = "followers")]
    Followers,
    /// Only the author.
    #[sea_orm(string_value = "private")]
    Private,
}

/// Medium of a creation.
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
#[graphql(name = "CreationType")]
pub enum CreationType {
    /// A still image.
    #[sea_orm(string_value = "image")]
    Image,
    /// Music or other audio.
    #[sea_orm(string_value = "music")]
    Music,
    /// A video or animation.
    #[sea_orm(string_value = "video")]
    Video,
    /// Written work.
    #[sea_orm(string_value = "text")]
    Text,
    /// A mix of media.
    #[sea_orm(string_value = "multimodal")]
    Multimodal,
}

/// Life-cycle stage of a creation; only `PUBLISHED` ones can be public.
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
#[graphql(name = "CreationStatus")]
pub enum CreationStatus {
    /// Being worked on; owner only.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Upload or generation in progress.
    #[sea_orm(string_value = "processing")]
    Processing,
    /// Published; public when `is_public`.
    #[sea_orm(string_value = "published")]
    Published,
    /// Withdrawn from view; kept for the owner.
    #[sea_orm(string_value = "archived")]
    Archived,
}

/// Kind of an uploaded media file.
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
#[graphql(name = "MediaKind")]
pub enum MediaKind {
    /// A video file.
    #[sea_orm(string_value = "video")]
    Video,
    /// An audio file.
    #[sea_orm(string_value = "audio")]
    Audio,
    /// An image file.
    #[sea_orm(string_value = "image")]
    Image,
    /// A document such as a PDF.
    #[sea_orm(string_value = "document")]
    Document,
}
