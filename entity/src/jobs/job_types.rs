//! Kinds of background job with their retry and timeout policy; public.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Kinds of background job with their retry and timeout policy; public.
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
#[sea_orm(table_name = "job_types")]
#[graphql(name = "JobTypeRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique name workers claim by (e.g. `sync_youtube`).
    pub name: String,
    /// What the job does.
    pub description: String,
    /// How many attempts a job of this type gets before it fails.
    pub max_attempts: i32,
    /// How long one attempt may run.
    pub timeout_seconds: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
}

/// Foreign keys of `job_types` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Jobs of this type.
    #[sea_orm(has_many = "super::jobs::Entity")]
    Jobs,
}

impl Related<super::jobs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
