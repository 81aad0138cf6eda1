//! Threaded comments on exactly one post or one creation (seeds 000 and 004).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Threaded comments on exactly one post or one creation.
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
#[sea_orm(table_name = "comments")]
#[graphql(name = "CommentRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that wrote the comment.
    pub user_id: Uuid,
    /// The post commented on, when the target is a post.
    pub post_id: Option<Uuid>,
    /// The creation commented on, when the target is a creation.
    pub creation_id: Option<Uuid>,
    /// The comment this one replies to; it has the same target.
    pub parent_comment_id: Option<Uuid>,
    /// Text of the comment.
    pub content: String,
    /// Whether the content changed after posting; set automatically.
    pub is_edited: bool,
    /// Flagged for moderation.
    pub is_flagged: bool,
    /// Number of likes, kept by a trigger.
    pub likes_count: i32,
    /// Number of direct replies, kept by a trigger.
    pub replies_count: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed; counter updates do not count as changes.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `comments` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
