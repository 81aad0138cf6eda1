//! A reusable wide research prompt: each item of a job fills `{item}`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A reusable wide research prompt: each item of a job fills `{item}`.
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
#[sea_orm(table_name = "wide_research_templates")]
#[graphql(name = "WideResearchTemplateRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Its name.
    pub name: String,
    /// What it researches.
    pub description: String,
    /// The prompt, with `{item}` where each item goes.
    pub prompt_template: String,
    /// Attempts each subtask gets.
    pub max_attempts: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `wide_research_templates` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
