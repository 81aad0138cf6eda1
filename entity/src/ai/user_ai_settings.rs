//! A user's AI preferences (seed 003), one row per user.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A user's AI preferences (seed 003), one row per user.
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
#[sea_orm(table_name = "user_ai_settings")]
#[graphql(name = "UserAiSettingsRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose settings.
    #[sea_orm(unique)]
    pub user_id: Uuid,
    /// Model used unless another is asked for.
    pub default_model_id: Option<Uuid>,
    /// Suggest tags for new content.
    pub auto_tagging: bool,
    /// Suggest titles for new content.
    pub auto_titles: bool,
    /// Preferred writing tone.
    pub tone: String,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `user_ai_settings` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
