//! Notifications addressed to one profile (seed 004 columns); only that profile reads them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::NotificationType;

/// Notifications addressed to one profile; only that profile reads them.
#[derive(
    Clone,
    Debug,
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

/// Foreign keys of `notifications` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Profile the notification is for.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Profile,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Profile.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
