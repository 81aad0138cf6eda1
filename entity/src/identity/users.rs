//! Accounts: one row per person who can sign in; the JWT `sub` is `users.id`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AccountRole;

/// Accounts: one row per person who can sign in; the JWT `sub` is `users.id`.
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
// The `password_hash` column has no field: the API roles may not select it (column
// grants), so a model that named it could not be read as them. Sign-up and sign-in
// write and read it as the service role, in SQL.
#[sea_orm(table_name = "users")]
#[graphql(name = "UserRecord")]
pub struct Model {
    /// Primary key; the `sub` claim of this user's tokens.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Sign-in email address, unique and lowercase.
    #[sea_orm(unique)]
    pub email: String,
    /// Account-level role.
    pub role: AccountRole,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed; sign-ins (`last_login_at`) do not count as changes.
    pub updated_at: DateTimeWithTimeZone,
    /// When the user last signed in, if ever.
    pub last_login_at: Option<DateTimeWithTimeZone>,
}

/// Foreign keys of `users` (`belongs_to`) and the tables that reference it (`has_*`).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The public profile of this account (same id).
    #[sea_orm(has_one = "super::profiles::Entity")]
    Profile,
    /// The private settings of this account.
    #[sea_orm(has_one = "super::user_settings::Entity")]
    Settings,
    /// Application roles held by this account.
    #[sea_orm(has_many = "super::user_roles::Entity")]
    Roles,
    /// Application roles this account granted to others.
    #[sea_orm(
        has_many = "super::user_roles::Entity",
        via_rel = "Relation::GrantedBy"
    )]
    GrantedRoles,
    /// API keys of this account.
    #[sea_orm(has_many = "super::api_keys::Entity")]
    ApiKeys,
}

impl Related<super::profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Profile.def()
    }
}

impl Related<super::user_settings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Settings.def()
    }
}

impl Related<super::user_roles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Roles.def()
    }
}

impl Related<super::api_keys::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiKeys.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
