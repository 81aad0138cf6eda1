//! Application roles granted to users; backs `has_role()` and admin checks in policies.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppRole;

/// Application roles granted to users; backs `has_role()` and admin checks in policies.
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

/// Relations of `user_roles` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
