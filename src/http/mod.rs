//! The HTTP surface: the router and its handlers.
//!
//! `POST /graphql` and `GET /graphql` follow the GraphQL-over-HTTP spec ([`graphql`]);
//! `GET /metrics` exposes Prometheus counters; everything else is the GraphiQL playground
//! served from the `playground/` folder.

pub mod graphql;

use std::path::Path;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// The whole HTTP application; tests bind it to port 0 and talk to it over real sockets.
pub fn build_router(state: AppState, playground_dir: &Path) -> Router {
    if !playground_dir.join("vendor").is_dir() {
        tracing::warn!(
            folder = %playground_dir.display(),
            "GraphiQL assets are missing: run scripts/provision.sh"
        );
    }
    let max_body = state.limits.max_body_bytes;
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/metrics", get(metrics))
        .route("/healthz", get(|| async { "ok" }))
        .fallback_service(ServeDir::new(playground_dir))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
