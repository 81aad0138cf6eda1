//! A user's workflow (seed 000): ordered steps and run history.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AutomationRunStatus;

/// A user's workflow (seed 000): ordered steps and run history.
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

/// Relations of `automations` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
