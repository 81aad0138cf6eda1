//! One run of an automation.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AutomationRunStatus;

/// One run of an automation.
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

/// Foreign keys of `automation_runs` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The automation.
    #[sea_orm(
        belongs_to = "super::automations::Entity",
        from = "Column::AutomationId",
        to = "super::automations::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Automation,
}

impl Related<super::automations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Automation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
