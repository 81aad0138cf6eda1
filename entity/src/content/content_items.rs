//! Synced content; public when its visibility is public, owner-only otherwise.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ContentVisibility;

/// Synced content; public when its visibility is public, owner-only otherwise.
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
#[sea_orm(table_name = "content_items")]
#[graphql(name = "ContentItemRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns the content.
    pub user_id: Uuid,
    /// Account it was synced from.
    pub social_account_id: Uuid,
    /// Kind of content.
    pub content_type_id: Uuid,
    /// Category, if assigned.
    pub category_id: Option<Uuid>,
    /// Id on the platform (unique per account: the dedup key).
    pub platform_content_id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Where to watch or read it.
    pub url: String,
    /// Preview image.
    pub thumbnail_url: Option<String>,
    /// Tags from the platform.
    pub tags: Vec<String>,
    /// Who may see it.
    pub visibility: ContentVisibility,
    /// Views on the platform.
    pub views_count: i64,
    /// Likes on the platform.
    pub likes_count: i64,
    /// Clicks tracked here, kept by a trigger.
    pub total_clicks: i64,
    /// When it was published on the platform.
    pub published_at: DateTimeWithTimeZone,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `content_items` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
