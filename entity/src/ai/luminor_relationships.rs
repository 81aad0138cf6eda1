//! Bond between a user and a Luminor: level, XP and key memories.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Bond between a user and a Luminor: level, XP and key memories.
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
#[sea_orm(table_name = "luminor_relationships")]
#[graphql(name = "LuminorRelationshipRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user.
    pub user_id: Uuid,
    /// The Luminor.
    pub luminor_id: Uuid,
    /// Current bond level (1 to 10).
    pub bond_level: i32,
    /// Experience towards the next level; level n needs floor(100 * n^1.5).
    pub bond_xp: i32,
    /// Total interaction count.
    pub total_interactions: i32,
    /// Personality compatibility data.
    #[sea_orm(column_type = "JsonBinary")]
    pub personality_match: Json,
    /// Learned user preferences.
    #[sea_orm(column_type = "JsonBinary")]
    pub user_preferences: Json,
    /// Important memories (a JSON array).
    #[sea_orm(column_type = "JsonBinary")]
    pub key_memories: Json,
    /// Relationship start.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
    /// Last interaction.
    pub last_interaction_at: Option<DateTimeWithTimeZone>,
}

/// Relations of `luminor_relationships` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
