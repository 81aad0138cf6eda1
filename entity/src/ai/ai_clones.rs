//! AI clones (seed 001): a configured model that works on tasks.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::CloneStatus;

/// AI clones (seed 001): a configured model that works on tasks.
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
#[sea_orm(table_name = "ai_clones")]
#[graphql(name = "AiCloneRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose clone.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// What the clone is for.
    pub description: Option<String>,
    /// The model behind it, e.g. `gpt-4`.
    pub model_type: String,
    /// Whether it takes tasks.
    pub status: CloneStatus,
    /// Model settings (`model_version`, `temperature`, `max_tokens`, ...).
    #[sea_orm(column_type = "JsonBinary")]
    pub config: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `ai_clones` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
