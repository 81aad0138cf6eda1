//! A user's workflow (seed 000): ordered steps and run history.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AutomationRunStatus;

/// A user's workflow (seed 000): ordered steps and run history.
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
#[sea_orm(table_name = "automations")]
#[graphql(name = "AutomationRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Its name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Whether it may run (disabled automations refuse runs).
    pub is_enabled: bool,
    /// Runs recorded so far (kept by trigger).
    pub run_count: i32,
    /// When the latest run started.
    pub last_run_at: Option<DateTimeWithTimeZone>,
    /// How the latest run stands.
    pub last_run_status: Option<AutomationRunStatus>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the definition was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `automations` (`belongs_to`) and the tables that reference it (`has_*`).
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
    /// Its ordered steps.
    #[sea_orm(has_many = "super::automation_steps::Entity")]
    Steps,
    /// Its run history.
    #[sea_orm(has_many = "super::automation_runs::Entity")]
    Runs,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl Related<super::automation_steps::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Steps.def()
    }
}

impl Related<super::automation_runs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Runs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
