//! Training examples of a bot, searchable by embedding distance; its owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Training examples of a bot, searchable by embedding distance; its owner's only.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    DeriveEntityModel,
    Serialize,
    Deserialize,
    async_graphql::SimpleObject,
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

/// Relations of `bot_training_examples` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
