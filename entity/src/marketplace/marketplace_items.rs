//! An item for sale; public when published.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::MarketplaceItemKind;

/// An item for sale; public when published.
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
#[sea_orm(table_name = "marketplace_items")]
#[graphql(name = "MarketplaceItemRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile selling it.
    pub seller_id: Uuid,
    /// What it is.
    pub kind: MarketplaceItemKind,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Price (exact decimal).
    pub price: Decimal,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Search tags.
    pub tags: Vec<String>,
    /// Listed for sale.
    pub is_published: bool,
    /// Average review rating, kept by a trigger.
    pub rating_average: Option<Decimal>,
    /// Number of reviews, kept by a trigger.
    pub rating_count: i32,
    /// Number of purchases, kept by a trigger.
    pub purchases_count: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `marketplace_items` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
