//! Personal API keys: only a hash is stored; the plaintext is shown once when the key is created.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Personal API keys: only a hash is stored; the plaintext is shown once when the key is
/// created.
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
// The `key_hash` column has no field: the API roles may not select it (column grants).
// A key is created by an insert that names it and looked up by `auth.api_key_owner`, a
// SECURITY DEFINER function.
#[sea_orm(table_name = "api_keys")]
#[graphql(name = "ApiKeyRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner of the key.
    pub user_id: Uuid,
    /// Label chosen by the owner.
    pub name: String,
    /// First characters of the key, to recognise it in lists.
    pub key_prefix: String,
    /// Scopes the key grants.
    pub scopes: Vec<String>,
    /// When the key was last used.
    pub last_used_at: Option<DateTimeWithTimeZone>,
    /// When the key stops working, if ever.
    pub expires_at: Option<DateTimeWithTimeZone>,
    /// When the owner revoked the key.
    pub revoked_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed; uses (`last_used_at`) do not count as changes.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `api_keys` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
