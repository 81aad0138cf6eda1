//! A user's link to a connector. The encrypted tokens are not part of this row type: no API role may read them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A user's link to a connector. The encrypted tokens are not part of this row type: no API role may read them.
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
#[sea_orm(table_name = "connector_credentials")]
#[graphql(name = "ConnectorCredentialRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns it.
    pub user_id: Uuid,
    /// The connector.
    pub connector_id: Uuid,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// When the access token expires.
    pub expires_at: Option<DateTimeWithTimeZone>,
    /// When it was last used.
    pub last_used_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `connector_credentials` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
