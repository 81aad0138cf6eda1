//! SEO submissions of a user in one billing period.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// SEO submissions of a user in one billing period.
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
#[sea_orm(table_name = "seo_usage")]
#[graphql(name = "SeoUsageRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The profile.
    pub user_id: Uuid,
    /// Start of the period.
    pub period_start: DateTimeWithTimeZone,
    /// Submissions made.
    pub submissions_count: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `seo_usage` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
