//! GraphQL over Server-Sent Events: the `graphql-sse` protocol's distinct-connections mode,
//! for clients whose network breaks WebSockets (mobile networks, corporate proxies,
//! serverless edges).
//!
//! A POST or GET on `/graphql` that accepts `text/event-stream` goes through the same
//! authentication, persisted-document resolution, document gate and GET-mutation rule as
//! any other request ([`super::graphql`]); a refusal there is an ordinary JSON answer. Once
//! admitted, each result ([`super::stream`]) is an `event: next` whose data is the GraphQL
//! response, and the stream ends with `event: complete`. Comments keep an idle stream open
//! through proxies.
//!
//! Resuming: a subscription event's `id:` is its `cursor`. A client that reconnects with
//! `Last-Event-ID` (as `EventSource` does on its own) gets that cursor as the variable
//! `$after`, so a subscription written `notificationEvents(after: $after)` resumes right
//! after the last event it received, without loss or duplicate.

use std::convert::Infallible;

use async_graphql::parser::types::OperationType;
use async_graphql::{Name, Request, Response, Value};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse as _, Response as HttpResponse};
use futures_util::StreamExt as _;

use crate::http::state::AppState;
use crate::http::stream::{KEEPALIVE, json, results};
use switchyard_core::auth::ClientIp;
use switchyard_core::auth::Viewer;

/// The media type a client accepts to get this transport.
pub const EVENT_STREAM: &str = "text/event-stream";
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
    let events = results(state, viewer, client, request, operation)
        .map(|result| Ok::<_, Infallible>(next(&result)))
        .chain(futures_util::stream::once(async {
            Ok(Event::default().event("complete").data(""))
        }));
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
    event.data(json(result))
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
