//! Marketplace and customization (seed 000): items for sale, purchases (one per buyer and
//! item), buyers' reviews with rating aggregates, themes and dashboard widgets.

pub mod enums;
pub mod marketplace_items;
pub mod marketplace_purchases;
pub mod marketplace_reviews;
pub mod themes;
pub mod user_widgets;

pub use enums::MarketplaceItemKind;
