//! A URL submitted to a search engine and the outcome.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::SeoSubmissionStatus;

/// A URL submitted to a search engine and the outcome.
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
#[sea_orm(table_name = "seo_submissions")]
#[graphql(name = "SeoSubmissionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that submitted.
    pub user_id: Uuid,
    /// Connection used.
    pub connection_id: Uuid,
    /// Content the URL shows.
    pub content_item_id: Option<Uuid>,
    /// The URL.
    pub submitted_url: String,
    /// Where the submission stands.
    pub status: SeoSubmissionStatus,
    /// The engine's answer (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub response: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `seo_submissions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
