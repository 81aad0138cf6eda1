//! Append-only edit history of a collaboration session, for audit and undo.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Append-only edit history of a collaboration session, for audit and undo.
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
#[sea_orm(table_name = "collaboration_edits")]
#[graphql(name = "CollaborationEditRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The session.
    pub session_id: Uuid,
    /// Profile that made the edit.
    pub user_id: Uuid,
    /// The edit as JSON (an operation or an encoded Yjs update).
    #[sea_orm(column_type = "JsonBinary")]
    pub operation: Json,
    /// When the edit was made.
    pub created_at: DateTimeWithTimeZone,
}

/// Foreign keys of `collaboration_edits` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The session.
    #[sea_orm(
        belongs_to = "super::collaboration_sessions::Entity",
        from = "Column::SessionId",
        to = "super::collaboration_sessions::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Session,
    /// Profile that made the edit.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::UserId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Profile,
}

impl Related<super::collaboration_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Profile.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
