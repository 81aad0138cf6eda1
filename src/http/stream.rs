//! The results of an admitted request as a stream, for the transports that send them over
//! one HTTP response ([`super::sse`], [`super::multipart`]): one result for a query or
//! mutation, one per event for a subscription, which runs as over WebSocket (same feeds,
//! checks and delivery contract). A stream whose token expires ends with an
//! `UNAUTHENTICATED` result, as a WebSocket closes with 4401; a subscription's stream ends
//! with a `SHUTTING_DOWN` result when the server stops, as a WebSocket closes with 1012.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::parser::types::OperationType;
use async_graphql::{Data, ErrorExtensionValues, Request, Response, ServerError};
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;

use crate::http::graphql::{run, subscribe};
use crate::http::state::AppState;
use switchyard_core::auth::ClientIp;
use switchyard_core::auth::{AuthError, Viewer};

/// How often an idle stream gets a keep-alive, like a WebSocket's.
pub const KEEPALIVE: Duration = Duration::from_secs(15);

/// The results of `request` run as `viewer`, ending when its token expires.
pub fn results(
    state: AppState,
    viewer: Viewer,
    client: ClientIp,
    request: Request,
    operation: Option<OperationType>,
) -> BoxStream<'static, Response> {
    let expires_in = viewer.expires_in();
    // A subscription never ends by itself, so it ends when the server stops; a query or a
    // mutation in flight finishes.
    let is_subscription = operation == Some(OperationType::Subscription);
    let stopping = state.stopping.clone();
    let results: BoxStream<'static, Response> = if is_subscription {
        // The session data a WebSocket's `connection_init` would have set.
        let mut session = Data::default();
        session.insert(viewer.clone());
        session.insert(state.live());
        subscribe(&state, viewer, client, request, Arc::new(session))
    } else {
        futures_util::stream::once(
            async move { run(&state, viewer, client, request, operation).await },
        )
        .boxed()
    };
    async_stream::stream! {
        let mut results = results;
        let expiry = tokio::time::sleep(expires_in.unwrap_or(Duration::MAX));
        tokio::pin!(expiry);
        loop {
            tokio::select! {
                result = results.next() => match result {
                    Some(result) => yield result,
                    None => break,
                },
                () = &mut expiry, if expires_in.is_some() => {
                    yield expired();
                    break;
                }
                () = stopping.begun(), if is_subscription => {
                    yield ending(STOPPING, SHUTTING_DOWN);
                    break;
                }
            }
        }
    }
    .boxed()
}

/// The last result of a subscription stream cut short because the server is stopping.
const STOPPING: &str = "the server is stopping: reconnect and resubscribe with `after` set to \
     the last cursor you received to resume without loss";

/// The code of [`STOPPING`].
const SHUTTING_DOWN: &str = "SHUTTING_DOWN";

/// The last result of a stream whose token expired.
fn expired() -> Response {
    ending(&AuthError::Expired.to_string(), "UNAUTHENTICATED")
}

/// The last result of a stream that the server ends: one error, `message` with `code`.
fn ending(message: &str, code: &str) -> Response {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    Response::from_errors(vec![error])
}

/// `value` as JSON; a value that cannot be written (never expected) becomes an INTERNAL
/// error result, logged.
pub fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|error| {
        tracing::error!(error = %error, "serializing a streamed result failed");
        r#"{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}"#.into()
    })
}
