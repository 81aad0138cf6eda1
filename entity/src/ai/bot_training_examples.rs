//! Training examples of a bot, searchable by embedding distance; its owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Training examples of a bot, searchable by embedding distance; its owner's only.
#[derive(
    Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize, async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "bot_training_examples")]
#[graphql(name = "BotTrainingExampleRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The bot it trains.
    pub bot_id: Uuid,
    /// The bot's owner.
    pub user_id: Uuid,
    /// What the user says.
    pub input: String,
    /// What the bot should answer.
    pub output: String,
    /// The input's embedding (384 dimensions), for semantic search.
    #[sea_orm(column_type = "Vector(Some(384))")]
    #[graphql(skip)]
    pub embedding: Option<PgVector>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `bot_training_examples` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The bot it trains.
    #[sea_orm(
        belongs_to = "crate::ai::bots::Entity",
        from = "Column::BotId",
        to = "crate::ai::bots::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Bot,
    /// The bot's owner.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<crate::ai::bots::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Bot.def()
    }
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
