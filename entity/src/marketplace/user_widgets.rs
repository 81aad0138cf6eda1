//! A widget on a user's dashboard.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A widget on a user's dashboard.
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
#[sea_orm(table_name = "user_widgets")]
#[graphql(name = "UserWidgetRecord")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Profile whose dashboard it is on.
    pub user_id: Uuid,
    /// Which widget.
    pub widget_type: String,
    /// Position and size (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub layout: Json,
    /// Widget settings (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub config: Json,
    /// Position among the widgets.
    pub sort_order: i32,
    /// When the row was created.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last changed.
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `user_widgets` are declared once, as GraphQL fields (the gateway's `relations!`),
/// read ahead by planned reads or through the dataloader; the entity declares none.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
