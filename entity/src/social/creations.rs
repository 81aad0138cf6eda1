//! Creations (seed 004): images, music, video and text made by users; public when published and `is_public`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::{CreationStatus, CreationType};

/// Creations: images, music, video and text made by users; public when published and
/// `is_public`.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    DeriveEntityModel,
    Serialize,
    Deserialize,
    async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "creations")]
#[graphql(name = "CreationRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns the creation.
    pub user_id: Uuid,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Medium of the creation.
    pub r#type: CreationType,
    /// URL of the main file.
    pub file_url: Option<String>,
    /// URL of the thumbnail.
    pub thumbnail_url: Option<String>,
    /// Size of the main file in bytes.
    pub file_size: Option<i64>,
    /// File format, e.g. `png` or `mp4`.
    pub file_format: Option<String>,
    /// Tool used to make it, e.g. `midjourney` or `suno`.
    pub ai_tool: Option<String>,
    /// Generation prompt.
    pub prompt: Option<String>,
    /// AI model used.
    pub model: Option<String>,
    /// Generation parameters (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub generation_params: Json,
    /// Generation seed.
    pub seed: Option<i64>,
    /// Technical metadata (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Json,
    /// Life-cycle stage.
    pub status: CreationStatus,
    /// Whether a published creation is visible to everyone.
    pub is_public: bool,
    /// Featured by the platform.
    pub is_featured: bool,
    /// Marked as not safe for work.
    pub is_nsfw: bool,
    /// Content licence.
    pub license: Option<String>,
    /// Whether others may remix it.
    pub allow_remix: bool,
    /// Whether commercial use is allowed.
    pub allow_commercial: bool,
    /// Search tags.
    pub tags: Vec<String>,
    /// Categories.
    pub categories: Vec<String>,
    /// Number of views.
    pub views_count: i32,
    /// Number of likes, kept by a trigger.
    pub likes_count: i32,
    /// Number of comments including replies, kept by a trigger.
    pub comments_count: i32,
    /// Number of remixes.
    pub remixes_count: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed; counter updates do not count as changes.
    pub updated_at: DateTimeWithTimeZone,
    /// When it was first published; set automatically.
    pub published_at: Option<DateTimeWithTimeZone>,
}

/// Relations of `creations` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
