//! The HTTP surface: the router and its handlers.
//!
//! `POST /graphql` and `GET /graphql` follow the GraphQL-over-HTTP spec ([`graphql`]); a
//! `GET /graphql` asking for a WebSocket upgrade speaks GraphQL over WebSocket ([`ws`]);
//! `GET /metrics` exposes Prometheus counters; everything else is the GraphiQL playground
//! served from the `playground/` folder.

pub mod graphql;
pub mod ws;

use std::path::Path;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
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
        .route("/graphql", get(get_graphql).post(graphql::post))
        .route("/metrics", get(metrics))
        .route("/healthz", get(|| async { "ok" }))
        .fallback_service(ServeDir::new(playground_dir))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// `GET /graphql`: a WebSocket upgrade ([`ws`]) or a GraphQL-over-HTTP query.
async fn get_graphql(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    if ws::is_upgrade(&parts) {
        return ws::upgrade(state, &mut parts).await;
    }
    let params = Query::try_from_uri(&parts.uri);
    graphql::get(State(state), parts.headers, params).await
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        format!(
            "{}# HELP switchyard_realtime_subscriptions Open subscriptions following a topic.\n\
             # TYPE switchyard_realtime_subscriptions gauge\n\
             switchyard_realtime_subscriptions {}\n",
            state.metrics.render(),
            state.realtime.hub.subscriptions()
        ),
    )
}
