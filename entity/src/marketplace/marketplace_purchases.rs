//! A purchase; visible to its buyer and the item's seller.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A purchase; visible to its buyer and the item's seller.
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
#[sea_orm(table_name = "marketplace_purchases")]
#[graphql(name = "MarketplacePurchaseRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that bought.
    pub buyer_id: Uuid,
    /// Item bought.
    pub item_id: Uuid,
    /// Price at purchase time.
    pub price_paid: Decimal,
    /// Currency of the price.
    pub currency: String,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `marketplace_purchases` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
