//! Likes: one profile liking exactly one post, creation or comment, at most once.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Likes: one profile liking exactly one post, creation or comment, at most once.
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

/// Relations of `likes` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
