//! A latency, load or usage sample of an engine; admins only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A latency, load or usage sample of an engine; admins only.
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
#[sea_orm(table_name = "engine_metrics")]
#[graphql(name = "EngineMetricRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The engine.
    pub engine: String,
    /// What was measured.
    pub metric: String,
    /// The measurement.
    pub value: f64,
    /// When it was measured.
    pub recorded_at: DateTimeWithTimeZone,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `engine_metrics` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
