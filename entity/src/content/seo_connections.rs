//! A site verified with a search engine; credentials by vault reference only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A site verified with a search engine; credentials by vault reference only.
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
#[sea_orm(table_name = "seo_connections")]
#[graphql(name = "SeoConnectionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns the connection.
    pub user_id: Uuid,
    /// The search engine.
    pub search_engine_id: Uuid,
    /// The verified site.
    pub site_url: String,
    /// Vault secret with the engine credentials (never the credentials).
    pub vault_secret_name: Option<String>,
    /// When the site was verified.
    pub verified_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `seo_connections` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
