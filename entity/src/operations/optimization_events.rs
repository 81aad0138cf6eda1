//! A self-optimization decision; admins only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A self-optimization decision; admins only.
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
#[sea_orm(table_name = "optimization_events")]
#[graphql(name = "OptimizationEventRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The engine.
    pub engine: String,
    /// What was decided.
    pub decision: String,
    /// Why.
    pub reason: String,
    /// More context (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub details: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `optimization_events` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
