//! Application roles granted to users; backs `has_role()` and admin checks in policies.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppRole;

/// Application roles granted to users; backs `has_role()` and admin checks in policies.
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
#[sea_orm(table_name = "user_roles")]
#[graphql(name = "UserRoleRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user holding the role.
    pub user_id: Uuid,
    /// The role held; unique per user.
    pub role: AppRole,
    /// The admin who granted it, if known.
    pub granted_by: Option<Uuid>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
}

/// Foreign keys of `user_roles` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The user holding the role.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "Cascade"
    )]
    User,
    /// The admin who granted the role.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::GrantedBy",
        to = "super::users::Column::Id",
        on_update = "NoAction",
        on_delete = "SetNull"
    )]
    GrantedBy,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
