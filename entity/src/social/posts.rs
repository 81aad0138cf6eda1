//! Posts (seed 000): text and media shared publicly, with followers, or privately.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::PostVisibility;

/// Posts: text and media shared publicly, with followers, or privately.
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
#[sea_orm(table_name = "posts")]
#[graphql(name = "PostRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that wrote the post.
    pub author_id: Uuid,
    /// Text of the post (may be empty when media is attached).
    pub body: String,
    /// URLs of attached images or videos.
    pub media_urls: Vec<String>,
    /// Who may read the post.
    pub visibility: PostVisibility,
    /// Number of likes, kept by a trigger.
    pub likes_count: i32,
    /// Number of comments including replies, kept by a trigger.
    pub comments_count: i32,
    /// Number of shares.
    pub shares_count: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed; counter updates do not count as changes.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `posts` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
