//! Apollo's multipart HTTP subscriptions: a POST on `/graphql` that accepts
//! `multipart/mixed;boundary="graphql";subscriptionSpec=1.0` (what Apollo Client sends for a
//! subscription over `HttpLink`) gets its results ([`super::stream`]) as parts of one
//! `multipart/mixed` response, each `{"payload": <GraphQL response>}`, with a `{}` heartbeat
//! part while the stream is idle, and the closing boundary when it ends. The request passes
//! the same checks as any other ([`super::graphql`]); a refusal there is an ordinary JSON
//! answer.

use std::convert::Infallible;

use async_graphql::Response;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response as HttpResponse;
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;

use crate::http::stream::{KEEPALIVE, json};

/// Whether `Accept` asks for multipart subscription responses.
pub fn accepts(accept: &str) -> bool {
    async_graphql::http::is_accept_multipart_mixed(accept)
}

/// The response streaming `results` as parts.
pub fn respond(results: BoxStream<'static, Response>) -> HttpResponse {
    let parts = async_stream::stream! {
        let mut results = results;
        let mut heartbeat = tokio::time::interval_at(
            tokio::time::Instant::now() + KEEPALIVE,
            KEEPALIVE,
        );
        loop {
            tokio::select! {
                result = results.next() => match result {
                    Some(result) => {
                        yield part(&json(&serde_json::json!({ "payload": result })));
                    }
                    None => break,
                },
                _ = heartbeat.tick() => yield part("{}"),
            }
        }
        yield Bytes::from_static(b"--graphql--\r\n");
    };
    let mut response = HttpResponse::new(Body::from_stream(parts.map(Ok::<_, Infallible>)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("multipart/mixed; boundary=\"graphql\"; subscriptionSpec=\"1.0\""),
    );
    response
}

/// One part: the boundary, its header and `body`.
fn part(body: &str) -> Bytes {
    Bytes::from(format!(
        "--graphql\r\ncontent-type: application/json\r\n\r\n{body}\r\n"
    ))
}
