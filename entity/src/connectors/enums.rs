//! Enum-like columns of the connectors tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How a connector authenticates.
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
#[graphql(name = "ConnectorAuthType")]
pub enum ConnectorAuthType {
    /// OAuth 2.
    #[sea_orm(string_value = "oauth2")]
    Oauth2,
    /// An API key.
    #[sea_orm(string_value = "api_key")]
    ApiKey,
}
