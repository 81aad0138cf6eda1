//! A service-only cache entry; expired entries read as absent.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A service-only cache entry; expired entries read as absent.
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
#[sea_orm(table_name = "cache_entries")]
#[graphql(name = "CacheEntryRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The cache key.
    pub key: String,
    /// The cached JSON value.
    #[sea_orm(column_type = "JsonBinary")]
    pub value: Json,
    /// When it expires.
    pub expires_at: DateTimeWithTimeZone,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `cache_entries` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
