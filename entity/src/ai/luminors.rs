//! Luminors (seed 004): AI companions guiding creators. Public read, admin write.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Luminors (seed 004): AI companions guiding creators. Public read, admin write.
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
#[sea_orm(table_name = "luminors")]
#[graphql(name = "LuminorRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Luminor name, e.g. `Lumina`.
    pub name: String,
    /// URL-friendly slug.
    #[sea_orm(unique)]
    pub slug: String,
    /// Descriptive title, e.g. `The Vision Crafter`.
    pub title: String,
    /// Area of expertise.
    pub specialty: String,
    /// Brand color (hex).
    pub color: String,
    /// Profile picture URL.
    pub avatar_url: Option<String>,
    /// Icon identifier.
    pub icon: Option<String>,
    /// Personality traits and style.
    #[sea_orm(column_type = "JsonBinary")]
    pub personality: Json,
    /// Base AI system prompt.
    pub system_prompt: String,
    /// Initial greeting for users.
    pub greeting_message: String,
    /// Expertise areas.
    pub expertise: Vec<String>,
    /// AI tools this Luminor uses.
    pub ai_tools: Vec<String>,
    /// Active status.
    pub is_active: bool,
    /// Public visibility.
    pub is_public: bool,
    /// Total interactions.
    pub interaction_count: i32,
    /// Unique users.
    pub user_count: i32,
    /// Average user rating (0 to 5).
    pub average_rating: f64,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `luminors` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
