//! An earlier version of a content item's text, kept by trigger on every edit.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An earlier version of a content item's text, kept by trigger on every edit.
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
#[sea_orm(table_name = "content_revisions")]
#[graphql(name = "ContentRevisionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The content item.
    pub content_item_id: Uuid,
    /// 1 for the first edit, then counting up.
    pub revision_number: i32,
    /// Title before the edit.
    pub title: String,
    /// Description before the edit.
    pub description: String,
    /// Tags before the edit.
    pub tags: Vec<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `content_revisions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
