//! Bots: a personality on an engine; public when listed, otherwise their builder's.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::BotEngine;

/// Bots: a personality on an engine; public when listed, otherwise their builder's.
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
#[sea_orm(table_name = "bots")]
#[graphql(name = "BotRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who built it.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// How it talks.
    pub personality: String,
    /// The engine behind it.
    pub engine: BotEngine,
    /// Engine settings (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub config: Json,
    /// Whether everyone may see it.
    pub is_public: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `bots` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
