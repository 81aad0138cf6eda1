//! Messages of a Luminor conversation; its owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::LuminorMessageRole;

/// Messages of a Luminor conversation; its owner's only.
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
#[sea_orm(table_name = "luminor_messages")]
#[graphql(name = "LuminorMessageRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The conversation.
    pub conversation_id: Uuid,
    /// The conversation's owner.
    pub user_id: Uuid,
    /// Who speaks.
    pub role: LuminorMessageRole,
    /// Message content.
    pub content: String,
    /// AI model used (assistant messages).
    pub model: Option<String>,
    /// Token usage.
    pub tokens: i32,
    /// Cost in USD.
    pub cost: f64,
    /// User rating (1 to 5).
    pub user_rating: Option<i32>,
    /// Helpful flag.
    pub was_helpful: Option<bool>,
    /// Message timestamp.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `luminor_messages` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
