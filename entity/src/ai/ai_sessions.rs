//! Assistant sessions of a user: conversation state and context.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::SessionStatus;

/// Assistant sessions of a user: conversation state and context.
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
#[sea_orm(table_name = "ai_sessions")]
#[graphql(name = "AiSessionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose session.
    pub user_id: Uuid,
    /// Session title.
    pub title: String,
    /// Whether it is going on.
    pub status: SessionStatus,
    /// Conversation state and context (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub context: Json,
    /// Messages exchanged.
    pub message_count: i32,
    /// When it ended.
    pub ended_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `ai_sessions` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Whose session.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
