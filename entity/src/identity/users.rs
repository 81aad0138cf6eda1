//! Accounts: one row per person who can sign in; the JWT `sub` is `users.id`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::AccountRole;

/// Accounts: one row per person who can sign in; the JWT `sub` is `users.id`.
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

/// Relations of `users` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
