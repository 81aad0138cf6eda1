//! Enum-like columns of the operations tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What happened.
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
#[graphql(name = "SecurityEventKind")]
pub enum SecurityEventKind {
    /// A sign-in with a wrong e-mail or password.
    #[sea_orm(string_value = "failed_login")]
    FailedLogin,
    /// A sign-in refused because of too many failures.
    #[sea_orm(string_value = "brute_force_blocked")]
    BruteForceBlocked,
    /// A request with a refused token.
    #[sea_orm(string_value = "invalid_token")]
    InvalidToken,
    /// Input that looked like an injection.
    #[sea_orm(string_value = "injection_attempt")]
    InjectionAttempt,
    /// Anything else worth a look.
    #[sea_orm(string_value = "suspicious_activity")]
    SuspiciousActivity,
}

/// Severity of an audit entry.
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
#[graphql(name = "AuditLevel")]
pub enum AuditLevel {
    /// Debug.
    #[sea_orm(string_value = "debug")]
    Debug,
    /// Information.
    #[sea_orm(string_value = "info")]
    Info,
    /// Warning.
    #[sea_orm(string_value = "warning")]
    Warning,
    /// Error.
    #[sea_orm(string_value = "error")]
    Error,
}
