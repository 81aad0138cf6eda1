//! A connector users can link.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ConnectorAuthType;

/// A connector users can link.
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
#[sea_orm(table_name = "connector_definitions")]
#[graphql(name = "ConnectorDefinitionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stable machine name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Company behind it.
    pub provider: String,
    /// How it authenticates.
    pub auth_type: ConnectorAuthType,
    /// Scopes requested.
    pub scopes: Vec<String>,
    /// Calls a user may make per hour.
    pub rate_limit_per_hour: i32,
    /// Available for new links.
    pub is_active: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `connector_definitions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
