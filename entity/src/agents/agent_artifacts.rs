//! Files an agent run produced: name, storage path, content hash and size; the run owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Files an agent run produced: name, storage path, content hash and size; the run owner's only.
#[derive(
    Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize, async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "agent_artifacts")]
#[graphql(name = "AgentArtifactRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The run that produced it.
    pub run_id: Uuid,
    /// The run's owner.
    pub user_id: Uuid,
    /// The step that produced it, if known.
    pub step_id: Option<Uuid>,
    /// File name shown to the user.
    pub name: String,
    /// Where the bytes are, in the storage bucket.
    pub storage_path: String,
    /// SHA-256 of the content (64 lowercase hex digits).
    pub content_hash: String,
    /// Size of the content in bytes.
    pub size_bytes: i64,
    /// Media type, e.g. `text/markdown`.
    pub mime_type: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `agent_artifacts` (`belongs_to`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The run that produced it.
    #[sea_orm(
        belongs_to = "super::agent_runs::Entity",
        from = "Column::RunId",
        to = "super::agent_runs::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Run,
    /// The run's owner.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
    /// The step that produced it.
    #[sea_orm(
        belongs_to = "super::agent_steps::Entity",
        from = "Column::StepId",
        to = "super::agent_steps::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    Step,
}

impl Related<super::agent_runs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Run.def()
    }
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::agent_steps::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Step.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
