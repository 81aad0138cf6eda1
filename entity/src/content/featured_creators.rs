//! A creator promoted on the discovery pages.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A creator promoted on the discovery pages.
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
#[sea_orm(table_name = "featured_creators")]
#[graphql(name = "FeaturedCreatorRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The creator's profile.
    pub user_id: Uuid,
    /// Why they are featured.
    pub headline: String,
    /// Position in the list.
    pub sort_order: i32,
    /// When the feature ends.
    pub featured_until: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `featured_creators` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
