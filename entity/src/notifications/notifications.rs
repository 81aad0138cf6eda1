//! Notifications addressed to one profile (seed 004 columns); only that profile reads them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::NotificationType;

/// Notifications addressed to one profile; only that profile reads them.
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
#[sea_orm(table_name = "notifications")]
#[graphql(name = "NotificationRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile the notification is for.
    pub user_id: Uuid,
    /// What the notification is about.
    pub r#type: NotificationType,
    /// Short title.
    pub title: String,
    /// Body text.
    pub message: String,
    /// Where to go when the notification is opened.
    pub action_url: Option<String>,
    /// Extra data, e.g. ids of the liked creation or the new follower (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Json,
    /// Whether it has been read.
    pub is_read: bool,
    /// Whether it has been archived.
    pub is_archived: bool,
    /// When it was read; follows `is_read` automatically.
    pub read_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `notifications` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
