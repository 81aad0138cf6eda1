//! GraphQL over WebSocket on `/graphql`: `graphql-transport-ws` and the legacy `graphql-ws`
//! (subscriptions-transport-ws), chosen by subprotocol.
//!
//! The JWT travels in `connection_init`'s payload (`{"Authorization": "Bearer <jwt>"}` or
//! `{"authToken": "<jwt>"}`) and is checked with the same keys as HTTP. A refused token
//! closes the socket with 4403 and the reason (after a `connection_error` on the legacy
//! protocol); when an accepted token expires, the socket closes with 4401 "token expired".
//! Queries and mutations sent over the socket run in their own RLS transaction exactly like
//! HTTP requests, and any operation may name its document by persisted-query hash as over
//! HTTP; subscriptions run as the socket's viewer, and fields of their events that read the
//! database (a message's sender, a participant's profile) run in a short RLS transaction per
//! event, once for all of the viewer's identical live feeds ([`super::fanout`]). The server sends a keep-alive (`ping` / `ka`) every 15 seconds. Buffers are sized
//! for tens of thousands of sockets, and the frames waiting for a socket are written together
//! (up to 64 a flush), so a socket that fell behind catches up in a few writes.
//!
//! Clients that break the protocol get its close codes: 4400 for an unreadable message,
//! 4401 for a subscribe before `connection_ack`, 4408 for no `connection_init` in time,
//! 4409 for a `subscribe` whose id is still in use, and RFC 6455's 1009 for a message over
//! 64 KiB.

use std::any::TypeId;
use std::collections::HashSet;
use std::str::FromStr as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::http::{
    ALL_WEBSOCKET_PROTOCOLS, WebSocket as GraphqlSocket, WebSocketProtocols, WsMessage,
};
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response};
use axum::extract::FromRequestParts as _;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::request::Parts;
use axum::response::{IntoResponse as _, Response as HttpResponse};
use futures_util::stream::BoxStream;
use futures_util::{FutureExt as _, SinkExt as _, StreamExt as _};

use crate::http::graphql::{admit_persisted, refused_subscription, run, subscribe};
use crate::http::state::AppState;
use switchyard_core::auth::ClientIp;
use switchyard_core::auth::Viewer;
use switchyard_core::graphql::error::ApiError;

/// How often the server sends a keep-alive message.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// Largest message a client may send.
const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// Read buffer per socket (tungstenite's default is 128 KiB). Client messages are a few
/// hundred bytes; a larger one grows the buffer for as long as it takes to read it.
const READ_BUFFER_BYTES: usize = 512;
/// Write buffer per socket before a flush (tungstenite's default is 128 KiB).
const WRITE_BUFFER_BYTES: usize = 4 * 1024;
/// Close code of `graphql-transport-ws` for an unauthorized socket (expired token).
const UNAUTHORIZED: u16 = 4401;
/// Close code of `graphql-transport-ws` for a refused `connection_init`.
const FORBIDDEN: u16 = 4403;
/// Close code of `graphql-transport-ws` for a socket that sent no `connection_init` in time.
const INIT_TIMEOUT: u16 = 4408;
/// How long a new socket may wait before sending `connection_init`: an idle socket holds a
/// file descriptor and memory, so sockets that never speak are closed.
const INIT_WAIT: Duration = Duration::from_secs(10);
/// Longest close reason RFC 6455 allows (a control frame's 125 bytes less the code).
const MAX_CLOSE_REASON_BYTES: usize = 123;
/// Close code of `graphql-transport-ws` for a `subscribe` whose id is in use.
const DUPLICATE_ID: u16 = 4409;
/// Close code of RFC 6455 for a message larger than the server takes.
const MESSAGE_TOO_BIG: u16 = 1009;
/// Most frames written with one flush: a socket that has fallen behind catches up in
/// batches this large, each a few kernel writes of [`WRITE_BUFFER_BYTES`].
const FRAMES_PER_FLUSH: usize = 64;
/// Close code of a server that is stopping (RFC 6455's registry: "Service Restart"), which
/// graphql-ws clients retry.
const SERVICE_RESTART: u16 = 1012;

/// Whether a GET request asks to upgrade to a WebSocket.
pub fn is_upgrade(parts: &Parts) -> bool {
    parts
        .headers
        .get(axum::http::header::UPGRADE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("websocket"))
}

/// Accepts the upgrade and serves the socket.
pub async fn upgrade(state: AppState, client: ClientIp, parts: &mut Parts) -> HttpResponse {
    // Parsed here rather than with async-graphql-axum's extractor, whose value is opaque:
    // the socket loop needs the protocol for close codes and keep-alives.
    let protocol = parts
        .headers
        .get(axum::http::header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|value| value.to_str().ok())
        .and_then(|offered| {
            offered
                .split(',')
                .find_map(|name| WebSocketProtocols::from_str(name.trim()).ok())
        });
    let Some(protocol) = protocol else {
        return (
            axum::http::StatusCode::BAD_REQUEST,
            "offer the `graphql-transport-ws` or `graphql-ws` WebSocket subprotocol",
        )
            .into_response();
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| {
            let stopping = state.stopping.clone();
            stopping.track(serve(state, client, protocol, socket))
        })
}

/// What `connection_init` decided, read by the socket loop.
#[derive(Debug, Clone, Default)]
enum Handshake {
    #[default]
    Pending,
    Accepted(Option<u64>),
    Refused(String),
}

/// Why the server ends a socket whose input it stopped reading.
#[derive(Debug, Clone)]
enum Ending {
    /// A `subscribe` reused the id of an operation still running.
    DuplicateId(String),
    /// A message was larger than [`MAX_MESSAGE_BYTES`].
    TooBig,
}

/// What the socket loop learns from the client's messages before async-graphql reads them.
#[derive(Debug, Default)]
struct Watch {
    /// Ids of the operations running (`graphql-transport-ws` only): from `subscribe` to the
    /// server's `complete` or the client's. async-graphql would let a second `subscribe`
    /// replace the first; the protocol closes the socket with 4409.
    running: HashSet<String>,
    /// Set when the input ended because the socket must close.
    ending: Option<Ending>,
}

/// The fields of a `graphql-transport-ws` message that the watch reads.
#[derive(serde::Deserialize)]
struct Envelope {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
}

impl Watch {
    /// Notes one client message; false when the socket must close instead of reading it.
    fn incoming(&mut self, protocol: WebSocketProtocols, bytes: &[u8]) -> bool {
        if protocol != WebSocketProtocols::GraphQLWS {
            return true;
        }
        // An unreadable message is async-graphql's to refuse (4400).
        let Ok(Envelope { kind, id: Some(id) }) = serde_json::from_slice(bytes) else {
            return true;
        };
        match kind.as_str() {
            "subscribe" if self.running.contains(&id) => {
                self.ending = Some(Ending::DuplicateId(id));
                false
            }
            "subscribe" => {
                self.running.insert(id);
                true
            }
            "complete" => {
                self.running.remove(&id);
                true
            }
            _ => true,
        }
    }

    /// Notes one server message: a `complete` frees its id.
    fn outgoing(&mut self, text: &str) {
        // async-graphql writes the type first; only `complete` needs parsing.
        if text.starts_with(r#"{"type":"complete""#)
            && let Ok(Envelope { id: Some(id), .. }) = serde_json::from_str(text)
        {
            self.running.remove(&id);
        }
    }
}

/// The client's message as bytes for async-graphql: `Some(None)` skips a control frame,
/// `None` ends the input (the socket failed, or must close for a reason noted in `watch`).
fn incoming(
    protocol: WebSocketProtocols,
    watch: &Mutex<Watch>,
    message: Result<Message, axum::Error>,
) -> Option<Option<Vec<u8>>> {
    let bytes = match message {
        Ok(Message::Text(text)) => text.as_bytes().to_vec(),
        Ok(Message::Binary(bytes)) => bytes.to_vec(),
        Ok(_) => return Some(None),
        Err(error) => {
            if is_too_big(error) {
                lock(watch).ending = Some(Ending::TooBig);
            }
            return None;
        }
    };
    lock(watch)
        .incoming(protocol, &bytes)
        .then_some(Some(bytes))
}

/// Whether reading failed on a message or frame over the size limit.
fn is_too_big(error: axum::Error) -> bool {
    error
        .into_inner()
        .downcast::<tungstenite::Error>()
        .is_ok_and(|error| matches!(*error, tungstenite::Error::Capacity(_)))
}

async fn serve(state: AppState, client: ClientIp, protocol: WebSocketProtocols, socket: WebSocket) {
    let stopping = state.stopping.clone();
    let (mut sink, stream) = socket.split();
    let watch = Arc::new(Mutex::new(Watch::default()));
    let input = {
        let watch = Arc::clone(&watch);
        stream
            .scan((), move |(), message| {
                futures_util::future::ready(incoming(protocol, &watch, message))
            })
            .filter_map(futures_util::future::ready)
    };
    let handshake = Arc::new(Mutex::new(Handshake::Pending));
    let on_init = {
        let state = state.clone();
        let handshake = Arc::clone(&handshake);
        move |payload: serde_json::Value| async move {
            let result = authenticate(&state, &payload).await;
            let decided = match &result {
                Ok(viewer) => Handshake::Accepted(viewer.exp),
                Err(reason) => {
                    state.security.refused_token(client.0, reason).await;
                    Handshake::Refused(reason.clone())
                }
            };
            *lock(&handshake) = decided;
            let viewer = result.map_err(async_graphql::Error::new)?;
            let mut data = Data::default();
            data.insert(viewer);
            data.insert(state.live());
            Ok(data)
        }
    };
    let executor = SocketExecutor {
        state,
        client,
        subscriptions: Arc::default(),
    };
    let mut graphql = GraphqlSocket::new(executor, input, protocol).on_connection_init(on_init);
    let mut keepalive =
        tokio::time::interval_at(tokio::time::Instant::now() + KEEPALIVE, KEEPALIVE);
    let expiry = tokio::time::sleep(Duration::from_secs(u64::from(u32::MAX)));
    tokio::pin!(expiry);
    let init_deadline = tokio::time::sleep(INIT_WAIT);
    tokio::pin!(init_deadline);
    'socket: loop {
        let mut step = tokio::select! {
            message = graphql.next() => answer(protocol, message, &handshake, &watch, expiry.as_mut()),
            _ = keepalive.tick() => Step::Write(Message::Text(keepalive_message(protocol).into())),
            () = &mut init_deadline, if matches!(*lock(&handshake), Handshake::Pending) => {
                Step::Write(close(INIT_TIMEOUT, "Connection initialisation timeout"))
            }
            () = stopping.begun() => Step::Write(close(
                SERVICE_RESTART,
                "the server is stopping: reconnect and resubscribe with `after`",
            )),
            () = &mut expiry => Step::Refuse(
                WsMessage::Close(UNAUTHORIZED, String::new()),
                UNAUTHORIZED,
                "token expired".to_owned(),
            ),
        };
        // Frames already waiting go out with this one, in as few writes as the buffer
        // allows: a socket behind a busy feed catches up instead of paying the kernel's
        // TCP send once per frame (perf: 59% of the server's CPU per delivery with 10,000
        // subscribers of one conversation).
        let mut fed = 0;
        loop {
            match step {
                Step::Write(frame) => {
                    let closing = matches!(frame, Message::Close(_));
                    if sink.feed(frame).await.is_err() {
                        break 'socket;
                    }
                    if closing {
                        // The socket closes whatever happens; a failed flush changes nothing.
                        let _ = sink.flush().await;
                        break 'socket;
                    }
                }
                Step::Refuse(pending, code, reason) => {
                    // Boxed: a socket's task is sized for its largest state, and refusing
                    // happens once at most.
                    Box::pin(refuse(&mut sink, protocol, pending, code, &reason)).await;
                    break 'socket;
                }
                Step::End => {
                    let _ = sink.flush().await;
                    break 'socket;
                }
            }
            fed += 1;
            if fed == FRAMES_PER_FLUSH {
                break;
            }
            match graphql.next().now_or_never() {
                Some(message) => {
                    step = answer(protocol, message, &handshake, &watch, expiry.as_mut())
                }
                None => break,
            }
        }
        if sink.flush().await.is_err() {
            break;
        }
    }
}

/// What the socket loop does next.
enum Step {
    /// Writes a frame.
    Write(Message),
    /// Refuses the viewer with a close code and reason, after `pending` on the legacy
    /// protocol ([`refuse`]).
    Refuse(WsMessage, u16, String),
    /// Ends the socket: the client left.
    End,
}

/// The step for async-graphql's next message (`None`: its input ended, because the client
/// left or the socket must close for a reason the watch noted).
fn answer(
    protocol: WebSocketProtocols,
    message: Option<WsMessage>,
    handshake: &Mutex<Handshake>,
    watch: &Mutex<Watch>,
    expiry: std::pin::Pin<&mut tokio::time::Sleep>,
) -> Step {
    let Some(message) = message else {
        return match lock(watch).ending.take() {
            None => Step::End,
            Some(Ending::DuplicateId(id)) => Step::Write(close(
                DUPLICATE_ID,
                &format!("Subscriber for {id} already exists"),
            )),
            Some(Ending::TooBig) => Step::Write(close(
                MESSAGE_TOO_BIG,
                &format!("Message too big: the limit is {MAX_MESSAGE_BYTES} bytes"),
            )),
        };
    };
    let decided = lock(handshake).clone();
    match (decided, message) {
        (Handshake::Refused(reason), message) => Step::Refuse(message, FORBIDDEN, reason),
        (Handshake::Accepted(exp), WsMessage::Text(text)) => {
            if let Some(exp) = exp {
                expiry.reset(deadline(exp));
                *lock(handshake) = Handshake::Accepted(None);
            }
            lock(watch).outgoing(&text);
            Step::Write(Message::Text(text.into()))
        }
        (_, WsMessage::Text(text)) => {
            lock(watch).outgoing(&text);
            Step::Write(Message::Text(text.into()))
        }
        (_, WsMessage::Close(code, reason)) => {
            Step::Write(close(spec_close_code(protocol, code), &reason))
        }
    }
}

/// Ends a socket whose viewer is not (or no longer) allowed: the legacy protocol first gets
/// a `connection_error` with the reason, then both get the close code and reason.
async fn refuse(
    sink: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    protocol: WebSocketProtocols,
    pending: WsMessage,
    code: u16,
    reason: &str,
) {
    if protocol == WebSocketProtocols::SubscriptionsTransportWS {
        let error = match pending {
            WsMessage::Text(text) => text,
            WsMessage::Close(..) => {
                serde_json::json!({ "type": "connection_error", "payload": { "message": reason } })
                    .to_string()
            }
        };
        // The socket is closed next whatever happens; a failed send changes nothing.
        let _ = sink.send(Message::Text(error.into())).await;
    }
    let title = if code == UNAUTHORIZED {
        "Unauthorized"
    } else {
        "Forbidden"
    };
    let _ = sink.send(close(code, &format!("{title}: {reason}"))).await;
}

/// A close frame; the reason is cut to what RFC 6455 allows, at a character boundary.
fn close(code: u16, reason: &str) -> Message {
    let mut end = reason.len().min(MAX_CLOSE_REASON_BYTES);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    Message::Close(Some(CloseFrame {
        code,
        reason: reason[..end].into(),
    }))
}

/// The `graphql-transport-ws` close code for one async-graphql closes with: an invalid
/// message is 4400 (not 1002), a subscribe before `connection_ack` 4401 (not 1011).
fn spec_close_code(protocol: WebSocketProtocols, code: u16) -> u16 {
    match (protocol, code) {
        (WebSocketProtocols::GraphQLWS, 1002) => 4400,
        (WebSocketProtocols::GraphQLWS, 1011) => UNAUTHORIZED,
        _ => code,
    }
}

fn keepalive_message(protocol: WebSocketProtocols) -> &'static str {
    match protocol {
        WebSocketProtocols::SubscriptionsTransportWS => r#"{"type":"ka"}"#,
        WebSocketProtocols::GraphQLWS => r#"{"type":"ping"}"#,
    }
}

fn deadline(exp: u64) -> tokio::time::Instant {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    tokio::time::Instant::now() + Duration::from_secs(exp.saturating_sub(now))
}

fn lock<T>(shared: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The viewer of a `connection_init` payload; no token means anonymous.
async fn authenticate(state: &AppState, payload: &serde_json::Value) -> Result<Viewer, String> {
    let field = |name: &str| payload.get(name).and_then(serde_json::Value::as_str);
    let authorization = field("Authorization")
        .or_else(|| field("authorization"))
        .map(str::to_owned)
        .or_else(|| field("authToken").map(|token| format!("Bearer {token}")));
    match authorization {
        None => Ok(Viewer::anonymous()),
        Some(value) => state
            .keys
            .viewer_from_authorization(&value)
            .await
            .map_err(|error| error.to_string()),
    }
}

/// Runs the socket's operations: queries and mutations through [`run`] (one RLS transaction
/// each, as over HTTP), subscriptions through [`subscribe`], all as the socket's viewer.
#[derive(Clone)]
struct SocketExecutor {
    state: AppState,
    client: ClientIp,
    /// Subscriptions open on this socket, held to `max_subscriptions_per_socket`.
    subscriptions: Arc<AtomicUsize>,
}

/// One open subscription of a socket; dropping it (the stream ended or was stopped)
/// frees its place.
struct OpenSubscription(Arc<AtomicUsize>);

impl OpenSubscription {
    /// Takes a place among `open` if fewer than `max` are taken.
    fn take(open: &Arc<AtomicUsize>, max: usize) -> Option<Self> {
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |taken| {
            (taken < max).then_some(taken + 1)
        })
        .ok()
        .map(|_| Self(Arc::clone(open)))
    }
}

impl Drop for OpenSubscription {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[async_graphql::async_trait::async_trait]
impl Executor for SocketExecutor {
    async fn execute(&self, mut request: Request) -> Response {
        match admit_persisted(&self.state, &mut request) {
            Ok(operation) => {
                run(
                    &self.state,
                    Viewer::anonymous(),
                    self.client,
                    request,
                    operation,
                )
                .await
            }
            Err(refusal) => *refusal,
        }
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let session = session.unwrap_or_default();
        let viewer = session
            .get(&TypeId::of::<Viewer>())
            .and_then(|viewer| viewer.downcast_ref::<Viewer>())
            .cloned()
            .unwrap_or_else(Viewer::anonymous);
        let operation = match admit_persisted(&self.state, &mut request) {
            Ok(operation) => operation,
            Err(refusal) => return futures_util::stream::once(async { *refusal }).boxed(),
        };
        if operation == Some(OperationType::Subscription) {
            let max = self.state.limits.max_subscriptions_per_socket;
            let Some(place) = OpenSubscription::take(&self.subscriptions, max) else {
                let refusal = ApiError::bad_input(
                    "id",
                    format!(
                        "a socket may hold {max} subscriptions at once: stop one, or open another socket"
                    ),
                );
                return refused_subscription(refusal);
            };
            return subscribe(&self.state, viewer, self.client, request, session)
                .map(move |response| {
                    let _held = &place;
                    response
                })
                .boxed();
        }
        let state = self.state.clone();
        let client = self.client;
        futures_util::stream::once(
            async move { run(&state, viewer, client, request, operation).await },
        )
        .boxed()
    }
}
