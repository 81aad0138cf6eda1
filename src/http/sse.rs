//! GraphQL over Server-Sent Events: the `graphql-sse` protocol's distinct-connections mode,
//! for clients whose network breaks WebSockets (mobile networks, corporate proxies,
//! serverless edges).
//!
//! A POST or GET on `/graphql` that accepts `text/event-stream` goes through the same
//! authentication, persisted-document resolution, document gate and GET-mutation rule as
//! any other request ([`super::graphql`]); a refusal there is an ordinary JSON answer. Once
//! admitted, each result is an `event: next` whose data is the GraphQL response, and the
//! stream ends with `event: complete`: one `next` for a query or mutation, one per event
//! for a subscription, which runs exactly as over WebSocket (the same feeds, checks and
//! delivery contract). Comments keep an idle stream open through proxies. A stream whose
//! token expires ends with an `UNAUTHENTICATED` result, as a WebSocket closes with 4401.
//!
//! Resuming: a subscription event's `id:` is its `cursor`. A client that reconnects with
//! `Last-Event-ID` (as `EventSource` does on its own) gets that cursor as the variable
//! `$after`, so a subscription written `notificationEvents(after: $after)` resumes right
//! after the last event it received, without loss or duplicate.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::parser::types::OperationType;
use async_graphql::{Data, ErrorExtensionValues, Name, Request, Response, ServerError, Value};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse as _, Response as HttpResponse};
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;

use crate::auth::{AuthError, Viewer};
use crate::http::ClientIp;
use crate::http::graphql::{run, subscribe};
use crate::state::AppState;

/// The media type a client accepts to get this transport.
pub const EVENT_STREAM: &str = "text/event-stream";
/// How often an idle stream gets a comment, like the WebSocket's keep-alive.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// The variable a reconnecting client's `Last-Event-ID` fills.
const RESUME_VARIABLE: &str = "after";

/// Streams the results of an admitted `request` as `viewer`.
pub fn respond(
    state: AppState,
    viewer: Viewer,
    client: ClientIp,
    mut request: Request,
    operation: Option<OperationType>,
    headers: &HeaderMap,
) -> HttpResponse {
    if let Some(cursor) = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
    {
        request
            .variables
            .insert(Name::new(RESUME_VARIABLE), Value::from(cursor));
    }
    let expires_in = viewer.expires_in();
    let results: BoxStream<'static, Response> = if operation == Some(OperationType::Subscription) {
        // The session data a WebSocket's `connection_init` would have set.
        let mut session = Data::default();
        session.insert(viewer.clone());
        session.insert(state.clone());
        subscribe(&state, viewer, client, request, Arc::new(session))
    } else {
        futures_util::stream::once(
            async move { run(&state, viewer, client, request, operation).await },
        )
        .boxed()
    };
    let events = async_stream::stream! {
        let mut results = results;
        let expiry = tokio::time::sleep(expires_in.unwrap_or(Duration::MAX));
        tokio::pin!(expiry);
        loop {
            tokio::select! {
                result = results.next() => match result {
                    Some(result) => yield Ok::<_, Infallible>(next(&result)),
                    None => break,
                },
                () = &mut expiry, if expires_in.is_some() => {
                    yield Ok(next(&expired()));
                    break;
                }
            }
        }
        yield Ok(Event::default().event("complete").data(""));
    };
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEPALIVE))
        .into_response()
}

/// The `next` event of one result, its `id:` the result's cursor when it has one.
fn next(result: &Response) -> Event {
    let event = Event::default().event("next");
    let event = match cursor(result) {
        Some(cursor) => event.id(cursor),
        None => event,
    };
    match serde_json::to_string(result) {
        Ok(json) => event.data(json),
        Err(error) => {
            tracing::error!(error = %error, "serializing a streamed result failed");
            event.data(
                r#"{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}"#,
            )
        }
    }
}

/// The `cursor` of a subscription event: the one field of the root field's object. Only a
/// value that fits an SSE line is used.
fn cursor(result: &Response) -> Option<&str> {
    let Value::Object(root) = &result.data else {
        return None;
    };
    let Some(Value::Object(fields)) = root.values().next() else {
        return None;
    };
    match fields.get("cursor") {
        Some(Value::String(cursor)) if !cursor.contains(['\n', '\r', '\0']) => Some(cursor),
        _ => None,
    }
}

/// The last result of a stream whose token expired.
fn expired() -> Response {
    let mut error = ServerError::new(AuthError::Expired.to_string(), None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", "UNAUTHENTICATED");
    error.extensions = Some(extensions);
    Response::from_errors(vec![error])
}
