//! One ordered step of an automation: position 0 is its trigger, then conditions and actions.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AutomationStepKind;

/// One ordered step of an automation: position 0 is its trigger, then conditions and actions.
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
#[sea_orm(table_name = "automation_steps")]
#[graphql(name = "AutomationStepRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The automation.
    pub automation_id: Uuid,
    /// Order within the automation, from 0 (the trigger).
    pub position: i32,
    /// Trigger, condition or action.
    pub kind: AutomationStepKind,
    /// What the step does (e.g. `schedule`, `send_email`, `if_matches`).
    pub operation: String,
    /// Settings of the operation (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub config: Json,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `automation_steps` (`belongs_to`) and the tables that reference it (`has_*`).
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
