//! Shared document sessions; visible to their owner and participants, joinable with the share token.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Shared document sessions; visible to their owner and participants, joinable with the share token.
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
#[sea_orm(table_name = "collaboration_sessions")]
#[graphql(name = "CollaborationSessionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns the session.
    pub owner_id: Uuid,
    /// Title shown to participants.
    pub title: String,
    /// The document being edited (an id or path of the client's choosing).
    pub document_ref: Option<String>,
    /// Secret that lets a signed-in person join as a viewer; share it with care.
    pub share_token: String,
    /// Whether the session can still be joined with its share token.
    pub is_active: bool,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Foreign keys of `collaboration_sessions` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Profile that owns the session.
    #[sea_orm(
        belongs_to = "crate::identity::profiles::Entity",
        from = "Column::OwnerId",
        to = "crate::identity::profiles::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    Owner,
    /// Participants of the session.
    #[sea_orm(has_many = "super::collaboration_participants::Entity")]
    Participants,
    /// Invitations to the session.
    #[sea_orm(has_many = "super::collaboration_invites::Entity")]
    Invites,
    /// Edit history of the session.
    #[sea_orm(has_many = "super::collaboration_edits::Entity")]
    Edits,
}

impl Related<crate::identity::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl Related<super::collaboration_participants::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Participants.def()
    }
}

impl Related<super::collaboration_invites::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Invites.def()
    }
}

impl Related<super::collaboration_edits::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Edits.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
