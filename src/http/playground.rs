//! GraphiQL at `/`: `playground/index.html` and `playground/vendor/*`, compiled into the
//! binary so a server started from any folder serves them, with no CDN.
//!
//! The files enter at build time (rust-embed reads them from the checkout; `build.rs`
//! rebuilds when they change) and leave as plain `GET` responses for any path the router
//! does not route elsewhere. `SWITCHYARD_PLAYGROUND_DIR` replaces them with a folder read at
//! run time, for working on the page without rebuilding.

use std::path::Path;

use axum::Router;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;
use tower_http::services::ServeDir;

use crate::http::state::AppState;

/// The playground files as they were when the binary was built. A checkout without
/// `playground/vendor` (provision not run yet) still builds: the page then says what to run.
#[derive(Embed)]
#[folder = "playground/"]
#[include = "index.html"]
#[include = "vendor/*"]
#[exclude = "vendor/.stamp"]
struct Embedded;

/// Serves the playground as the router's fallback: from `folder` when given, else the
/// embedded files.
pub fn serve(router: Router<AppState>, folder: Option<&Path>) -> Router<AppState> {
    match folder {
        Some(folder) => {
            if !folder.join("vendor").is_dir() {
                tracing::warn!(
                    folder = %folder.display(),
                    "GraphiQL assets are missing from the playground folder: run scripts/provision.sh"
                );
            }
            router.fallback_service(ServeDir::new(folder))
        }
        None => {
            if !Embedded::iter().any(|name| name.starts_with("vendor/")) {
                tracing::warn!(
                    "this binary was built without the GraphiQL assets: run scripts/provision.sh, then rebuild"
                );
            }
            router.fallback(embedded)
        }
    }
}

async fn embedded(uri: Uri) -> Response {
    let path = match uri.path().trim_start_matches('/') {
        "" => "index.html",
        path => path,
    };
    match Embedded::get(path) {
        Some(file) => (
            [(header::CONTENT_TYPE, file.metadata.mimetype().to_owned())],
            file.data,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
