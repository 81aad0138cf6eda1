//! A creator's account on one platform; cannot be deleted while it has content.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A creator's account on one platform; cannot be deleted while it has content.
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
#[sea_orm(table_name = "social_accounts")]
#[graphql(name = "SocialAccountRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile that owns the account.
    pub user_id: Uuid,
    /// Platform of the account.
    pub platform_id: Uuid,
    /// Connection used to sync it.
    pub connection_id: Option<Uuid>,
    /// Current state.
    pub status_id: Uuid,
    /// Handle on the platform.
    pub handle: String,
    /// Name shown on the platform.
    pub display_name: Option<String>,
    /// Public URL of the account.
    pub profile_url: Option<String>,
    /// Followers on the platform.
    pub followers_count: i64,
    /// When content was last synced.
    pub last_synced_at: Option<DateTimeWithTimeZone>,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `social_accounts` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
