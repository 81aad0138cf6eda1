//! Threaded comments on exactly one post or one creation (seeds 000 and 004).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Threaded comments on exactly one post or one creation.
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

/// Foreign keys of `comments` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Profile that wrote the comment.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Profile,
    /// The post commented on.
    #[sea_orm(
        belongs_to = "super::posts::Entity",
        from = "Column::PostId",
        to = "super::posts::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Post,
    /// The creation commented on.
    #[sea_orm(
        belongs_to = "super::creations::Entity",
        from = "Column::CreationId",
        to = "super::creations::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Creation,
    /// The comment this one replies to.
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentCommentId",
        to = "Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Parent,
    /// Direct replies to this comment.
    #[sea_orm(has_many = "Entity", via_rel = "Relation::Parent")]
    Replies,
    /// Likes of the comment.
    #[sea_orm(has_many = "super::likes::Entity")]
    Likes,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Profile.def()
    }
}

impl Related<super::posts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Post.def()
    }
}

impl Related<super::creations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Creation.def()
    }
}

impl Related<super::likes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Likes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
