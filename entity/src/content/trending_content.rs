//! Public content ranked by `calculate_trend_score` (seed 003).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Public content ranked by `calculate_trend_score` (seed 003).
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
#[sea_orm(table_name = "trending_content")]
#[graphql(name = "TrendingContentRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The content.
    pub content_item_id: Uuid,
    /// Its category.
    pub category_id: Option<Uuid>,
    /// Engagement decaying with age.
    pub trend_score: f64,
    /// When the score was computed.
    pub computed_at: DateTimeWithTimeZone,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `trending_content` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
