//! The follow graph (seed 004): `follower_id` follows `following_id`; public.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The follow graph: `follower_id` follows `following_id`; public.
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

/// Relations of `follows` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
