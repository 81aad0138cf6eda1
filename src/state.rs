//! The application state handed to the router and, through it, to every request.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::JwtKeys;
use crate::config::{AuthConfig, Limits};
use crate::graphql::{AppSchema, build_schema};
use crate::metrics::Metrics;

/// Everything a request needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The request pool (requests run as their viewer's role inside it).
    pub pool: DatabaseConnection,
    /// Token keys, shared by HTTP and WebSocket authentication.
    pub keys: Arc<JwtKeys>,
    /// The GraphQL schema.
    pub schema: AppSchema,
    /// Process-wide counters.
    pub metrics: Arc<Metrics>,
    /// Per-request limits.
    pub limits: Limits,
}

impl AppState {
    /// State over `pool`, whose statements are counted into `metrics`.
    pub fn new(
        pool: DatabaseConnection,
        auth: &AuthConfig,
        limits: Limits,
        metrics: Arc<Metrics>,
    ) -> Self {
        Self {
            pool,
            keys: Arc::new(JwtKeys::new(auth)),
            schema: build_schema(limits),
            metrics,
            limits,
        }
    }
}
