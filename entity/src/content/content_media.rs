//! A media file (rendition, thumbnail) of a content item.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::social::MediaKind;

/// A media file (rendition, thumbnail) of a content item.
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
#[sea_orm(table_name = "content_media")]
#[graphql(name = "ContentMediaRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The content item.
    pub content_item_id: Uuid,
    /// Kind of file.
    pub kind: MediaKind,
    /// Where the file is.
    pub url: String,
    /// Width in pixels.
    pub width: Option<i32>,
    /// Height in pixels.
    pub height: Option<i32>,
    /// Length of audio or video.
    pub duration_seconds: Option<i32>,
    /// Position among the item's media.
    pub sort_order: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `content_media` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
