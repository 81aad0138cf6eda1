//! Files an agent run produced: name, storage path, content hash and size; the run owner's only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Files an agent run produced: name, storage path, content hash and size; the run owner's only.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    DeriveEntityModel,
    Serialize,
    Deserialize,
    async_graphql::SimpleObject,
)]
#[sea_orm(table_name = "agent_artifacts")]
#[graphql(name = "AgentArtifactRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The run that produced it.
    pub run_id: Uuid,
    /// The run's owner.
    pub user_id: Uuid,
    /// The step that produced it, if known.
    pub step_id: Option<Uuid>,
    /// File name shown to the user.
    pub name: String,
    /// Where the bytes are, in the storage bucket.
    pub storage_path: String,
    /// SHA-256 of the content (64 lowercase hex digits).
    pub content_hash: String,
    /// Size of the content in bytes.
    pub size_bytes: i64,
    /// Media type, e.g. `text/markdown`.
    pub mime_type: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `agent_artifacts` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
