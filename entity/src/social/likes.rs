//! Likes: one profile liking exactly one post, creation or comment, at most once.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Likes: one profile liking exactly one post, creation or comment, at most once.
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
#[sea_orm(table_name = "likes")]
#[graphql(name = "LikeRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that liked.
    pub user_id: Uuid,
    /// The liked post, when the target is a post.
    pub post_id: Option<Uuid>,
    /// The liked creation, when the target is a creation.
    pub creation_id: Option<Uuid>,
    /// The liked comment, when the target is a comment.
    pub comment_id: Option<Uuid>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
}

/// Foreign keys of `likes` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Profile that liked.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Profile,
    /// The liked post.
    #[sea_orm(
        belongs_to = "super::posts::Entity",
        from = "Column::PostId",
        to = "super::posts::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Post,
    /// The liked creation.
    #[sea_orm(
        belongs_to = "super::creations::Entity",
        from = "Column::CreationId",
        to = "super::creations::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Creation,
    /// The liked comment.
    #[sea_orm(
        belongs_to = "super::comments::Entity",
        from = "Column::CommentId",
        to = "super::comments::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Comment,
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

impl Related<super::comments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Comment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
