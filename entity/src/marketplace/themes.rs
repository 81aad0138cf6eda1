//! A color scheme; public ones are readable by everyone.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A color scheme; public ones are readable by everyone.
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
#[sea_orm(table_name = "themes")]
#[graphql(name = "ThemeRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that made it.
    pub user_id: Uuid,
    /// Name.
    pub name: String,
    /// Colors by role (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub colors: Json,
    /// Shared with everyone.
    pub is_public: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `themes` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
