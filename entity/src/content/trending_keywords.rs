//! A search keyword gaining popularity.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A search keyword gaining popularity.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    DeriveEntityModel,
    Serialize,
    Deserialize,
    async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "trending_keywords")]
#[graphql(name = "TrendingKeywordRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The keyword.
    pub keyword: String,
    /// Category it trends in.
    pub category_id: Option<Uuid>,
    /// Searches counted.
    pub search_count: i64,
    /// Popularity score.
    pub trend_score: f64,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `trending_keywords` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
