//! Uploaded media files (seed 000) owned by one profile.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::MediaKind;

/// Uploaded media files owned by one profile.
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
#[sea_orm(table_name = "media_assets")]
#[graphql(name = "MediaAssetRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns the file.
    pub user_id: Uuid,
    /// Kind of file.
    pub kind: MediaKind,
    /// Where the file is stored.
    pub url: String,
    /// MIME type, e.g. `image/png`.
    pub mime_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Extra metadata such as dimensions or duration (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `media_assets` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
