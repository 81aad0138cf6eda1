//! Posts (seed 000): text and media shared publicly, with followers, or privately.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::PostVisibility;

/// Posts: text and media shared publicly, with followers, or privately.
#[derive(
    Clone,
    Debug,
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

/// Foreign keys of `posts` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Profile that wrote the post.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::AuthorId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Author,
    /// Comments on the post.
    #[sea_orm(has_many = "super::comments::Entity")]
    Comments,
    /// Likes of the post.
    #[sea_orm(has_many = "super::likes::Entity")]
    Likes,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl Related<super::comments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Comments.def()
    }
}

impl Related<super::likes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Likes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
