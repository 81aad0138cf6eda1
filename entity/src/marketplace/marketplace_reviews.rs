//! A buyer's rating (1-5) and comment; public.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A buyer's rating (1-5) and comment; public.
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
#[sea_orm(table_name = "marketplace_reviews")]
#[graphql(name = "MarketplaceReviewRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Item reviewed.
    pub item_id: Uuid,
    /// Profile that reviewed (a buyer).
    pub reviewer_id: Uuid,
    /// 1 to 5 stars.
    pub rating: i32,
    /// The review text.
    pub comment: String,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `marketplace_reviews` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
