//! The HTTP surface: the router and its handlers.
//!
//! `POST /graphql` and `GET /graphql` follow the GraphQL-over-HTTP spec ([`graphql`]), or
//! stream Server-Sent Events ([`sse`](crate::http::sse)) or multipart parts ([`multipart`](crate::http::multipart)) to a client that
//! accepts them; a `GET /graphql`
//! asking for a WebSocket upgrade speaks GraphQL over WebSocket ([`ws`](crate::http::ws));
//! `GET /metrics` exposes the server's Prometheus series ([`switchyard_core::metrics`]); everything else is the GraphiQL playground
//! ([`playground`](crate::http::playground)), embedded in the binary or read from an override folder.

pub mod document;
pub mod fanout;
pub mod graphql;
pub mod listener;
pub mod multipart;
pub mod persisted;
pub mod playground;
pub mod server;
pub mod sse;
pub mod state;
pub mod stream;
pub mod trusted;
pub mod ws;

use std::path::Path;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::trace::TraceLayer;

use crate::http::state::AppState;
use switchyard_core::auth::ClientIp;

/// The whole HTTP application; tests bind it to port 0 and talk to it over real sockets.
/// `playground_dir` overrides the GraphiQL files embedded in the binary.
pub fn build_router(state: AppState, playground_dir: Option<&Path>) -> Router {
    let max_body = state.limits.max_body_bytes;
    let routes = Router::new()
        .route("/graphql", get(get_graphql).post(graphql::post))
        .route("/metrics", get(metrics))
        .route("/healthz", get(|| async { "ok" }));
    playground::serve(routes, playground_dir)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// `GET /graphql`: a WebSocket upgrade ([`ws`](crate::http::ws)) or a GraphQL-over-HTTP query.
async fn get_graphql(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let client = ClientIp::of(&parts.extensions);
    if ws::is_upgrade(&parts) {
        return ws::upgrade(state, client, &mut parts).await;
    }
    let params = Query::try_from_uri(&parts.uri);
    graphql::get(State(state), client, parts.headers, params).await
}

/// `GET /metrics`: this server's series, in the OpenMetrics text format Prometheus scrapes.
async fn metrics(State(state): State<AppState>) -> Response {
    match state.metrics.render() {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(error = %error, "rendering /metrics failed");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
