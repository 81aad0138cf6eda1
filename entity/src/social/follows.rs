//! The follow graph (seed 004): `follower_id` follows `following_id`; public.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The follow graph: `follower_id` follows `following_id`; public.
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
#[sea_orm(table_name = "follows")]
#[graphql(name = "FollowRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that follows.
    pub follower_id: Uuid,
    /// Profile being followed.
    pub following_id: Uuid,
    /// Whether the follower is notified of new creations.
    pub notify_creations: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `follows` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Profile that follows.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::FollowerId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Follower,
    /// Profile being followed.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::FollowingId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Following,
}

impl ActiveModelBehavior for ActiveModel {}
