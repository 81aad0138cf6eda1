//! Sessions of a user with a bot.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::SessionStatus;

/// Sessions of a user with a bot.
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
#[sea_orm(table_name = "bot_sessions")]
#[graphql(name = "BotSessionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who talks to the bot.
    pub user_id: Uuid,
    /// The bot.
    pub bot_id: Uuid,
    /// Whether it is going on.
    pub status: SessionStatus,
    /// Conversation state (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub state: Json,
    /// When it started.
    pub started_at: DateTimeWithTimeZone,
    /// When it ended.
    pub ended_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `bot_sessions` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Who talks to the bot.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
    /// The bot.
    #[sea_orm(
        belongs_to = "crate::ai::bots::Entity",
        from = "Column::BotId",
        to = "crate::ai::bots::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Bot,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<crate::ai::bots::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Bot.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
