//! One click on a content item (anonymous allowed); readable by the content's owner.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One click on a content item (anonymous allowed); readable by the content's owner.
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
#[sea_orm(table_name = "content_clicks")]
#[graphql(name = "ContentClickRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The content clicked.
    pub content_item_id: Uuid,
    /// Who clicked, when signed in.
    pub user_id: Option<Uuid>,
    /// Hash of the client's address (never the address).
    pub client_key: String,
    /// Where the click came from.
    pub referrer: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `content_clicks` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
