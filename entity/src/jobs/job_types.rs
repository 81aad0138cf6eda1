//! Kinds of background job with their retry and timeout policy; public.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Kinds of background job with their retry and timeout policy; public.
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

/// Relations of `job_types` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
