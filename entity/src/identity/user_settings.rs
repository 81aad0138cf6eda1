//! Private per-user preferences: interface mode, language and notification choices (1:1 with users).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::UiMode;

/// Private per-user preferences: interface mode, language and notification choices (1:1
/// with users).
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
#[sea_orm(table_name = "user_settings")]
#[graphql(name = "UserSettingsRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user these settings belong to (unique).
    #[sea_orm(unique)]
    pub user_id: Uuid,
    /// Preferred colour scheme.
    pub ui_mode: UiMode,
    /// Preferred language as a BCP 47 tag, e.g. `en` or `pt-BR`.
    pub language: String,
    /// Notification channels switched on or off, e.g. `{"email": true, "push": false}`.
    #[sea_orm(column_type = "JsonBinary")]
    pub notification_preferences: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `user_settings` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
