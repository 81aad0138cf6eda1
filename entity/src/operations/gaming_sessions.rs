//! A cloud gaming session.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A cloud gaming session.
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
#[sea_orm(table_name = "gaming_sessions")]
#[graphql(name = "GamingSessionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that played.
    pub user_id: Uuid,
    /// The game.
    pub game: String,
    /// When play started.
    pub started_at: DateTimeWithTimeZone,
    /// When play ended.
    pub ended_at: Option<DateTimeWithTimeZone>,
    /// Seconds played, computed by the database once ended.
    pub duration_seconds: Option<i32>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `gaming_sessions` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
