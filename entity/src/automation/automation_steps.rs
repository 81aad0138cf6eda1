//! One ordered step of an automation: position 0 is its trigger, then conditions and actions.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AutomationStepKind;

/// One ordered step of an automation: position 0 is its trigger, then conditions and actions.
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

/// Relations of `automation_steps` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
