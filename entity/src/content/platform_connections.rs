//! An OAuth connection to a platform; the token lives in a vault, named here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An OAuth connection to a platform; the token lives in a vault, named here.
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
#[sea_orm(table_name = "platform_connections")]
#[graphql(name = "PlatformOAuthConnectionRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns the connection.
    pub user_id: Uuid,
    /// Platform connected to.
    pub platform_id: Uuid,
    /// The account id on the platform.
    pub platform_user_id: String,
    /// Name of the vault secret holding the token (never the token).
    pub vault_secret_name: String,
    /// Granted OAuth scopes.
    pub scopes: Vec<String>,
    /// When the authorization expires.
    pub expires_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `platform_connections` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
