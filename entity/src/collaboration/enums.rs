//! Enum-like columns of the collaboration tables: `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a participant may do in a collaboration session.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "ParticipantRole")]
pub enum ParticipantRole {
    /// Owns the session.
    #[sea_orm(string_value = "owner")]
    Owner,
    /// May edit the document.
    #[sea_orm(string_value = "editor")]
    Editor,
    /// May follow along.
    #[sea_orm(string_value = "viewer")]
    Viewer,
}

/// Whether a participant is present.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
#[graphql(name = "PresenceStatus")]
pub enum PresenceStatus {
    /// Connected and active.
    #[sea_orm(string_value = "online")]
    Online,
    /// Connected, not active.
    #[sea_orm(string_value = "idle")]
    Idle,
    /// Gone, or silent for 2 minutes.
    #[sea_orm(string_value = "offline")]
    Offline,
}
