//! Sessions of a user with a bot.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::SessionStatus;

/// Sessions of a user with a bot.
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

/// Relations of `bot_sessions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
