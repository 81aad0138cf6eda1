//! One run of an automation.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AutomationRunStatus;

/// One run of an automation.
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
#[sea_orm(table_name = "automation_runs")]
#[graphql(name = "AutomationRunRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The automation.
    pub automation_id: Uuid,
    /// Where the run stands.
    pub status: AutomationRunStatus,
    /// Steps that completed.
    pub steps_completed: i32,
    /// What triggered it (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub trigger_payload: Json,
    /// What it produced.
    #[sea_orm(column_type = "JsonBinary")]
    pub output: Option<Json>,
    /// Why it failed.
    pub error: Option<String>,
    /// When it started.
    pub started_at: DateTimeWithTimeZone,
    /// When it finished.
    pub finished_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
}

/// Relations of `automation_runs` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
