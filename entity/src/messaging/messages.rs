//! Messages in a conversation; soft-deleted with `deleted_at`, edits stamp `edited_at`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Messages in a conversation; soft-deleted with `deleted_at`, edits stamp `edited_at`.
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
#[sea_orm(table_name = "messages")]
#[graphql(name = "MessageRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The conversation the message belongs to.
    pub conversation_id: Uuid,
    /// Profile that sent it.
    pub sender_id: Uuid,
    /// Text of the message (may be empty when attachments are present).
    pub body: String,
    /// Attachments as a JSON array, e.g. `[{"url": "...", "mime_type": "image/png"}]`.
    #[sea_orm(column_type = "JsonBinary")]
    pub attachments: Json,
    /// When the text or attachments were last edited; set automatically.
    pub edited_at: Option<DateTimeWithTimeZone>,
    /// When the sender deleted it.
    pub deleted_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `messages` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
