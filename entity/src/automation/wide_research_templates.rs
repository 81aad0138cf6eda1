//! A reusable wide research prompt: each item of a job fills `{item}`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A reusable wide research prompt: each item of a job fills `{item}`.
#[derive(
    Clone,
    Debug,
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

/// Foreign keys of `wide_research_templates` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Owner.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Owner,
    /// Jobs made from it.
    #[sea_orm(has_many = "super::wide_research_jobs::Entity")]
    Jobs,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl Related<super::wide_research_jobs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
