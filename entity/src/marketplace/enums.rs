//! Enum-like columns of the marketplace tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a marketplace item is.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "MarketplaceItemKind")]
pub enum MarketplaceItemKind {
    /// A bot.
    #[sea_orm(string_value = "bot")]
    Bot,
    /// A theme.
    #[sea_orm(string_value = "theme")]
    Theme,
    /// A dashboard widget.
    #[sea_orm(string_value = "widget")]
    Widget,
    /// An automation.
    #[sea_orm(string_value = "automation")]
    Automation,
}
