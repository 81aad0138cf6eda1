//! A wide research job: fans out to 50-250 subtasks; counts, progress and status kept from them by trigger.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::ResearchJobStatus;

/// A wide research job: fans out to 50-250 subtasks; counts, progress and status kept from them by trigger.
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
#[sea_orm(table_name = "wide_research_jobs")]
#[graphql(name = "WideResearchJobRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// The template it was made from.
    pub template_id: Option<Uuid>,
    /// Its title.
    pub title: String,
    /// Where it stands (from its subtasks).
    pub status: ResearchJobStatus,
    /// Attempts each subtask gets.
    pub max_attempts: i32,
    /// Subtasks it fans out to.
    pub total_subtasks: i32,
    /// Subtasks completed.
    pub completed_subtasks: i32,
    /// Subtasks that failed their last attempt.
    pub failed_subtasks: i32,
    /// Finished subtasks, in percent.
    pub progress: i32,
    /// When its first subtask started.
    pub started_at: Option<DateTimeWithTimeZone>,
    /// When it reached a terminal status.
    pub finished_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `wide_research_jobs` (`belongs_to`) and the tables that reference it (`has_*`).
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
    /// The template.
    #[sea_orm(
        belongs_to = "super::wide_research_templates::Entity",
        from = "Column::TemplateId",
        to = "super::wide_research_templates::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Template,
    /// Its subtasks.
    #[sea_orm(has_many = "super::wide_research_subtasks::Entity")]
    Subtasks,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl Related<super::wide_research_templates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Template.def()
    }
}

impl Related<super::wide_research_subtasks::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subtasks.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
