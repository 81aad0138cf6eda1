//! GraphQL over HTTP, per the GraphQL-over-HTTP specification: JSON bodies on POST, query
//! parameters on GET (queries only), `application/graphql-response+json` or
//! `application/json` answers chosen by `Accept`, and status codes that tell a broken request
//! (400, 401, 405, 406, 413, 415) from a response with field errors (200); a request error
//! answers without a `data` entry, as nothing ran. A request may name its document by hash
//! instead of text ([`persisted`](crate::http::persisted)), and one that accepts
//! `text/event-stream` gets its results as Server-Sent Events ([`sse`]), one that accepts
//! Apollo's `multipart/mixed` subscription responses as parts ([`multipart`]).
//!
//! Each request gets its viewer from the `Authorization` header, one [`RequestScope`] (its
//! RLS transaction) and one dataloader; the transaction commits when the response has no
//! errors and rolls back otherwise, so a failed mutation leaves nothing behind.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Request, Response, ServerError, Variables};
use axum::body::Bytes;
use axum::extract::{FromRequest as _, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response as HttpResponse};
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;
use serde::Deserialize;
use tracing::Instrument as _;

use crate::graphql::subscriptions::SharedAcrossViewers;
use crate::http::document::{self, DocumentError};
use crate::http::fanout::{Run, Shareable};
use crate::http::persisted::{Document, PersistedQueryError};
use crate::http::state::AppState;
use crate::http::{multipart, sse, stream};
use switchyard_core::auth::Client;
use switchyard_core::auth::ClientIp;
use switchyard_core::auth::{AuthError, Viewer, credentials};
use switchyard_core::db::constraints::ConstraintMessages;
use switchyard_core::db::{Purpose, RequestScope};
use switchyard_core::graphql::error::{ApiError, annotate, explain};
use switchyard_core::graphql::live::{AdmissionOnly, SharedRun, StartOnly};
use switchyard_core::graphql::loaders::RowLoader;
use switchyard_core::graphql::resolve::RequestContext;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";
/// The code of a request refused for its form (and of errors without one of their own).
const BAD_USER_INPUT: &str = "BAD_USER_INPUT";

/// The answer format the client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    GraphqlResponseJson,
    Json,
    /// A stream of results as Server-Sent Events ([`sse`]); a request refused before it
    /// runs is answered as `application/graphql-response+json`.
    EventStream,
    /// A stream of results as multipart parts ([`multipart`]), refusals likewise.
    Multipart,
}

impl MediaType {
    /// Picks the format from `Accept`; a missing header means `application/json`.
    fn negotiate(headers: &HeaderMap) -> Option<Self> {
        let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
            return Some(Self::Json);
        };
        if multipart::accepts(accept) {
            return Some(Self::Multipart);
        }
        let types: Vec<&str> = accept
            .split(',')
            .map(|part| part.split(';').next().unwrap_or("").trim())
            .collect();
        if types.contains(&sse::EVENT_STREAM) {
            Some(Self::EventStream)
        } else if types.contains(&GRAPHQL_RESPONSE_JSON) {
            Some(Self::GraphqlResponseJson)
        } else if types
            .iter()
            .any(|t| *t == JSON || *t == "application/*" || *t == "*/*")
        {
            Some(Self::Json)
        } else {
            None
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponseJson | Self::EventStream | Self::Multipart => {
                "application/graphql-response+json; charset=utf-8"
            }
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// A GraphQL request as sent in a POST body or GET parameters.
#[derive(Debug)]
struct RawRequest {
    query: Option<serde_json::Value>,
    document_id: Option<String>,
    operation_name: Option<String>,
    variables: Option<serde_json::Value>,
    extensions: Option<serde_json::Value>,
}

impl RawRequest {
    /// The request a POST body holds: a JSON object (an array or a bare value is not one
    /// request, and batches are not served).
    fn from_body(body: &[u8]) -> Result<Self, String> {
        let fields = match serde_json::from_slice(body) {
            Ok(serde_json::Value::Object(fields)) => fields,
            Ok(_) => {
                return Err(
                    "the body must be one JSON object: {\"query\": \"...\", \"variables\": {...}}"
                        .into(),
                );
            }
            Err(error) => return Err(format!("the body is not valid JSON: {error}")),
        };
        let mut fields = fields;
        let operation_name = match fields.remove("operationName") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(name)) => Some(name),
            Some(_) => return Err("`operationName` must be a string".into()),
        };
        let document_id = match fields.remove("documentId") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(id)) => Some(id),
            Some(_) => return Err("`documentId` must be a string".into()),
        };
        Ok(Self {
            query: fields.remove("query"),
            document_id,
            operation_name,
            variables: fields.remove("variables"),
            extensions: fields.remove("extensions"),
        })
    }
}

/// GET parameters: `variables` and `extensions` arrive as JSON strings.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetParams {
    query: Option<String>,
    document_id: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

impl GetParams {
    /// The request these parameters hold, once `variables` and `extensions` are read as JSON.
    fn into_raw(self) -> Result<RawRequest, String> {
        Ok(RawRequest {
            query: self.query.map(serde_json::Value::String),
            document_id: self.document_id,
            operation_name: self.operation_name,
            variables: json_param("variables", self.variables)?,
            extensions: json_param("extensions", self.extensions)?,
        })
    }
}

/// A GET parameter that carries JSON; whether it holds an object is checked with the POST
/// fields, in [`prepare`].
fn json_param(name: &str, text: Option<String>) -> Result<Option<serde_json::Value>, String> {
    text.map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|_| format!("`{name}` must be a JSON object"))
}

/// `POST /graphql`.
pub async fn post(
    State(state): State<AppState>,
    client: ClientIp,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> HttpResponse {
    let Some(media) = MediaType::negotiate(&headers) else {
        return not_acceptable();
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    if content_type != Some(JSON) {
        return request_error(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as `Content-Type: application/json`",
        );
    }
    // The head had its deadline in the connection loop; the body gets as long again, so a
    // client trickling it cannot hold the connection.
    let read_timeout = state.limits.read_timeout();
    let body = match tokio::time::timeout(read_timeout, Bytes::from_request(request, &state)).await
    {
        Ok(Ok(body)) => body,
        Err(_) => {
            let message = format!(
                "the request body did not arrive within {} ms; send it in one go",
                read_timeout.as_millis()
            );
            return request_error(media, StatusCode::REQUEST_TIMEOUT, &message);
        }
        Ok(Err(rejection)) => {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!(
                    "the request body is larger than {} bytes",
                    state.limits.max_body_bytes
                )
            } else {
                rejection.body_text()
            };
            return request_error(media, status, &message);
        }
    };
    let raw = match RawRequest::from_body(&body) {
        Ok(raw) => raw,
        Err(message) => return request_error(media, StatusCode::BAD_REQUEST, &message),
    };
    execute(state, client, &headers, media, raw, false).await
}

/// `GET /graphql`: queries only.
pub async fn get(
    State(state): State<AppState>,
    client: ClientIp,
    headers: HeaderMap,
    params: Result<Query<GetParams>, axum::extract::rejection::QueryRejection>,
) -> HttpResponse {
    let Some(media) = MediaType::negotiate(&headers) else {
        return not_acceptable();
    };
    let raw = params
        .map_err(|_| "unreadable query parameters".to_owned())
        .and_then(|Query(params)| params.into_raw());
    match raw {
        Ok(raw) => execute(state, client, &headers, media, raw, true).await,
        Err(message) => request_error(media, StatusCode::BAD_REQUEST, &message),
    }
}

async fn execute(
    state: AppState,
    client: ClientIp,
    headers: &HeaderMap,
    media: MediaType,
    raw: RawRequest,
    over_get: bool,
) -> HttpResponse {
    let started = Instant::now();
    // Named after the OpenTelemetry conventions for GraphQL; the document and variables are
    // left out on purpose (see `switchyard_core::telemetry`).
    let span = tracing::debug_span!(
        "graphql.request",
        otel.kind = "server",
        graphql.operation.name = tracing::field::Empty,
        graphql.operation.type = tracing::field::Empty,
    );
    let Admitted {
        viewer,
        mut request,
        operation,
    } = match prepare(&state, client, headers, media, raw, over_get)
        .instrument(span.clone())
        .await
    {
        Ok(admitted) => admitted,
        Err(Refused { answer, code }) => {
            state.metrics.error(&code);
            return answer;
        }
    };
    let name = document::operation_name(&mut request);
    let kind = operation_type(operation);
    if let Some(name) = &name {
        span.record("graphql.operation.name", name.as_str());
    }
    span.record("graphql.operation.type", kind);
    match media {
        MediaType::EventStream => {
            return sse::respond(state, viewer, client, request, operation, headers);
        }
        MediaType::Multipart => {
            return multipart::respond(stream::results(state, viewer, client, request, operation));
        }
        MediaType::GraphqlResponseJson | MediaType::Json => {}
    }
    let response = run(&state, viewer, client, request, operation)
        .instrument(span)
        .await;
    state
        .metrics
        .request(name.as_deref(), kind, started.elapsed());
    for code in response.errors.iter().filter_map(error_code) {
        state.metrics.error(code);
    }
    if let Some(seconds) = rate_limited(&response) {
        let mut refused = answer(media, StatusCode::TOO_MANY_REQUESTS, &response);
        refused
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return refused;
    }
    let status = if is_request_error(&response) {
        refusal_status(media)
    } else {
        StatusCode::OK
    };
    answer(media, status, &response)
}

/// A request ready to run: its viewer, its admitted document and the operation type.
struct Admitted {
    viewer: Viewer,
    request: async_graphql::Request,
    operation: Option<OperationType>,
}

/// A request refused before it ran: the HTTP answer to send and its error's code, which
/// `/metrics` counts like the codes of errors in answers.
struct Refused {
    answer: HttpResponse,
    code: String,
}

impl Refused {
    /// A refusal answered with [`request_error`].
    fn bad_input(media: MediaType, status: StatusCode, message: &str) -> Self {
        Self {
            answer: request_error(media, status, message),
            code: BAD_USER_INPUT.into(),
        }
    }

    /// A refusal whose answer is `response`, a GraphQL response of one coded error.
    fn graphql(media: MediaType, response: &Response) -> Self {
        Self {
            answer: answer(media, refusal_status(media), response),
            code: response
                .errors
                .first()
                .and_then(error_code)
                .unwrap_or(BAD_USER_INPUT)
                .into(),
        }
    }
}

/// Authenticates `raw`, resolves its document (text, hash or id) and passes it through the
/// document gate; a refusal carries the HTTP answer to send.
async fn prepare(
    state: &AppState,
    client: ClientIp,
    headers: &HeaderMap,
    media: MediaType,
    raw: RawRequest,
    over_get: bool,
) -> Result<Admitted, Refused> {
    let viewer = match authenticate(state, headers).await {
        Ok(viewer) => viewer,
        Err(error) => {
            let reason = error.to_string();
            state.security.refused_token(client.0, &reason).await;
            return Err(Refused {
                answer: unauthenticated(media, &reason),
                code: "UNAUTHENTICATED".into(),
            });
        }
    };
    let query = match raw.query {
        Some(serde_json::Value::String(query)) => Some(query),
        None => None,
        Some(_) => {
            return Err(Refused::bad_input(
                media,
                StatusCode::BAD_REQUEST,
                "`query` must be a string",
            ));
        }
    };
    let extensions = match raw.extensions {
        None | Some(serde_json::Value::Null) => serde_json::Map::new(),
        Some(serde_json::Value::Object(extensions)) => extensions,
        Some(_) => {
            return Err(Refused::bad_input(
                media,
                StatusCode::BAD_REQUEST,
                "`extensions` must be a JSON object",
            ));
        }
    };
    let trusted = state.trusted.as_deref();
    let (query, hash) = match state
        .persisted
        .resolve(query, raw.document_id, &extensions, trusted)
        .map(Document::into_text)
    {
        Ok(Some(document)) => document,
        Ok(None) => {
            return Err(Refused::bad_input(
                media,
                StatusCode::BAD_REQUEST,
                "`query` is missing",
            ));
        }
        Err(refusal) => {
            let mut refused = Refused::graphql(media, &Response::from(refusal));
            // The same URL may be a hit once the client has sent the text: no cache may
            // keep the miss.
            refused.answer.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache, must-revalidate"),
            );
            return Err(refused);
        }
    };
    let variables = match raw.variables {
        None | Some(serde_json::Value::Null) => Variables::default(),
        Some(value @ serde_json::Value::Object(_)) => Variables::from_json(value),
        Some(_) => {
            return Err(Refused::bad_input(
                media,
                StatusCode::BAD_REQUEST,
                "`variables` must be a JSON object",
            ));
        }
    };
    let mut request = async_graphql::Request::new(query).variables(variables);
    if let Some(name) = raw.operation_name {
        request = request.operation_name(name);
    }
    let operation = match admit_keeping(state, &mut request, hash) {
        Ok(operation) => operation,
        Err(refusal) => return Err(Refused::graphql(media, &Response::from(refusal))),
    };
    if over_get && operation == Some(OperationType::Mutation) {
        let mut refused = Refused::bad_input(
            media,
            StatusCode::METHOD_NOT_ALLOWED,
            "mutations must be sent with POST",
        );
        refused
            .answer
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return Err(refused);
    }
    Ok(Admitted {
        viewer,
        request,
        operation,
    })
}

/// The viewer of a request: a Bearer JWT, else an `X-Api-Key`, else anonymous.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Viewer, AuthError> {
    if headers.contains_key(header::AUTHORIZATION) {
        return state.keys.viewer_from_headers(headers).await;
    }
    match headers.get("x-api-key").map(HeaderValue::to_str) {
        None => Ok(Viewer::anonymous()),
        Some(Ok(key)) => credentials::api_key_viewer(&state.pool, key).await,
        Some(Err(_)) => Err(AuthError::InvalidApiKey),
    }
}

/// Passes `request` through the document gate ([`document::DocumentGate::admit`]) that every transport
/// applies before parsing goes further, after refusing a text that is not a trusted
/// document when the server runs those only ([`crate::http::trusted`]); the operation type it selects, or why it is
/// refused (a [`Response`] converts from that).
pub fn admit(
    state: &AppState,
    request: &mut async_graphql::Request,
) -> Result<Option<OperationType>, DocumentError> {
    if let Some(trusted) = &state.trusted
        && !trusted.lists(&request.query)
    {
        return Err(DocumentError::Untrusted);
    }
    state.gate.admit(request)
}

/// [`admit`], then keeps the admitted text under the hash the client sent with it. Kept
/// once admitted: a document the gate refuses is not worth a place in the cache.
fn admit_keeping(
    state: &AppState,
    request: &mut async_graphql::Request,
    hash: Option<String>,
) -> Result<Option<OperationType>, DocumentError> {
    let operation = admit(state, request)?;
    if let (Some(hash), Some(_)) = (hash, operation) {
        state.persisted.keep(hash, &request.query);
    }
    Ok(operation)
}

/// Admits a request that arrives whole, as a WebSocket `subscribe` payload does: its
/// persisted-query extension (APQ) is resolved first, so a hash alone runs the text kept
/// under it and a text sent with its hash is kept, exactly as over HTTP; then [`admit`].
/// A refusal is the response to send for the operation (boxed: it is large beside the
/// operation type).
pub fn admit_persisted(
    state: &AppState,
    request: &mut async_graphql::Request,
) -> Result<Option<OperationType>, Box<Response>> {
    let mut extensions = serde_json::Map::new();
    if let Some(extension) = request.extensions.get("persistedQuery") {
        let extension = serde_json::to_value(extension)
            .map_err(|_| Box::new(PersistedQueryError::Invalid.into()))?;
        extensions.insert("persistedQuery".to_owned(), extension);
    }
    let sent = std::mem::take(&mut request.query);
    let (text, hash) = state
        .persisted
        .resolve(Some(sent), None, &extensions, state.trusted.as_deref())
        .map_err(|refusal| Box::new(refusal.into()))?
        .into_text()
        // Neither text nor hash: the empty text gets the parser's own error.
        .unwrap_or_default();
    request.query = text;
    admit_keeping(state, request, hash).map_err(|refusal| Box::new(refusal.into()))
}

/// Runs one admitted GraphQL request from `client` inside its own RLS-scoped transaction.
/// A request that fails is rolled back whole, so a mutation's response then shows no data:
/// rows it reported would never have been committed.
pub async fn run(
    state: &AppState,
    viewer: Viewer,
    client: ClientIp,
    request: async_graphql::Request,
    operation: Option<OperationType>,
) -> Response {
    let (scope, request) = with_request_data(state, viewer, client, request, operation);
    let mut response = state.schema.execute(request).await;
    let success = response.errors.is_empty();
    if let Err(error) = scope.finish(success).await {
        tracing::error!(error = %error, "ending the request transaction failed");
        let failure = ServerError::new("internal error: the request was not saved", None);
        response = Response::from_errors(vec![failure]);
    }
    if !success && operation == Some(OperationType::Mutation) {
        response.data = async_graphql::Value::Null;
    }
    finish_errors(&mut response, &state.constraints);
    response
}

/// Gives every error of an executed response the database's words for a violated
/// constraint, its code and its field.
fn finish_errors(response: &mut Response, constraints: &ConstraintMessages) {
    for error in &mut response.errors {
        explain(error, constraints);
        annotate(error);
    }
}

/// Runs a subscription as `viewer`, with the `session` data its resolvers read (the
/// viewer and the state; a WebSocket's are set by `connection_init`), on every transport.
/// It holds a place among its client's open subscriptions for as long as it runs (the
/// clients of the pool shares: a user when signed in, an address otherwise); one over
/// `SWITCHYARD_MAX_SUBSCRIPTIONS_PER_CLIENT` is refused with `RATE_LIMITED`, so however
/// many sockets a client opens, the memory its subscriptions hold is bounded.
pub fn subscribe(
    state: &AppState,
    viewer: Viewer,
    client: ClientIp,
    request: Request,
    session: Arc<Data>,
) -> BoxStream<'static, Response> {
    let held = match Client::of(&viewer, client.0, state.limits.limit_loopback) {
        None => None,
        Some(whose) => match state.subscribers.take(whose) {
            Some(held) => Some(held),
            None => {
                let max = state.subscribers.max();
                return refused_subscription(ApiError::RateLimited(format!(
                    "you hold {max} subscriptions open, the most one client may hold at once on \
                     all its sockets and streams: end one before starting another"
                )));
            }
        },
    };
    follow(state, viewer, client, request, session)
        .map(move |response| {
            let _held = &held;
            response
        })
        .boxed()
}

/// The only response to a subscription refused before it ran (over a cap).
pub fn refused_subscription(refusal: ApiError) -> BoxStream<'static, Response> {
    let mut response = Response::from_errors(vec![refusal.into_request_error()]);
    response.errors.iter_mut().for_each(annotate);
    futures_util::stream::once(async { response }).boxed()
}

/// Follows a subscription: a shareable one ([`Shareable`]) joins the execution of
/// identical subscriptions (the same viewer's, or any viewer's of its role when the
/// selection reads alike for them), after its own admission; any other runs alone
/// (`execute_subscription`).
fn follow(
    state: &AppState,
    viewer: Viewer,
    client: ClientIp,
    mut request: Request,
    session: Arc<Data>,
) -> BoxStream<'static, Response> {
    let Some(shareable) = Shareable::of(&mut request, &viewer, state.policies.current()) else {
        return execute_subscription(state, viewer, client, request, session);
    };
    let across_viewers = shareable.across_viewers();
    let document = request.parsed_query().ok().cloned();
    let Request {
        query,
        variables,
        operation_name,
        ..
    } = request;
    let shared = state.clone();
    let user = viewer.user_id;
    state.fanout.member(shareable, user, move |run| {
        let mut again = Request::new(query.clone()).variables(variables.clone());
        again.operation_name.clone_from(&operation_name);
        if let Some(document) = &document {
            again.set_parsed_query(document.clone());
        }
        let again = match run {
            Run::Admission => again.data(AdmissionOnly),
            Run::Start(position) => again.data(StartOnly(position)),
            Run::Group(position) if across_viewers => {
                again.data(SharedRun(position)).data(SharedAcrossViewers)
            }
            Run::Group(position) => again.data(SharedRun(position)),
        };
        execute_subscription(&shared, viewer.clone(), client, again, Arc::clone(&session))
    })
}

/// Executes a subscription on its own. Fields of its events that read the database
/// (relations, counts) go through a request scope of the subscription's own, as its viewer
/// under row-level security, batched per event; the scope settles after each event, so an
/// open feed holds no transaction between events.
fn execute_subscription(
    state: &AppState,
    viewer: Viewer,
    client: ClientIp,
    request: Request,
    session: Arc<Data>,
) -> BoxStream<'static, Response> {
    let (scope, request) = with_request_data(
        state,
        viewer,
        client,
        request,
        Some(OperationType::Subscription),
    );
    let constraints = Arc::clone(&state.constraints);
    state
        .schema
        .execute_stream_with_session_data(request, session)
        .then(move |mut response| {
            // Boxed: the settling future would otherwise sit inline in every idle feed.
            let (scope, success) = (Arc::clone(&scope), response.errors.is_empty());
            let settled = Box::pin(async move { scope.settle(success).await });
            let constraints = Arc::clone(&constraints);
            async move {
                if let Err(error) = settled.await {
                    tracing::error!(error = %error, "ending a subscription event's transaction failed");
                    response.errors.push(ServerError::new(
                        "internal error: the event's related rows could not be read",
                        None,
                    ));
                }
                finish_errors(&mut response, &constraints);
                response
            }
        })
        .boxed()
}

/// Attaches what resolvers reach through the context: a [`RequestScope`] for `viewer` (the
/// one returned, for the caller to end), its dataloader, the keys and the client's address.
pub fn with_request_data(
    state: &AppState,
    viewer: Viewer,
    client: ClientIp,
    request: async_graphql::Request,
    operation: Option<OperationType>,
) -> (Arc<RequestScope>, async_graphql::Request) {
    let purpose = match operation {
        Some(OperationType::Query) => Purpose::Query,
        _ => Purpose::Change,
    };
    let scope = Arc::new(match operation {
        Some(OperationType::Subscription) => state.scopes.scope_for(viewer, purpose),
        _ => state.scopes.client_scope(viewer, purpose, client.0),
    });
    let plans_ahead = state.limits.planned_reads && operation == Some(OperationType::Query);
    let loader =
        RowLoader::for_request(Arc::clone(&scope), state.limits.loader_delay(), plans_ahead);
    let request = request.data(RequestContext {
        scope: Arc::clone(&scope),
        loader,
        keys: Arc::clone(&state.keys),
        security: Arc::clone(&state.security),
        connector_key: Arc::clone(&state.connector_key),
        rate_limits: Arc::clone(&state.rate_limits),
        client,
    });
    (scope, request)
}

/// The `type` label and span attribute of `operation` (`unknown` when the document did
/// not parse or names no operation it has).
fn operation_type(operation: Option<OperationType>) -> &'static str {
    match operation {
        Some(OperationType::Query) => "query",
        Some(OperationType::Mutation) => "mutation",
        Some(OperationType::Subscription) => "subscription",
        None => "unknown",
    }
}

/// The `extensions.code` of `error`, set on every error by [`annotate`].
fn error_code(error: &ServerError) -> Option<&str> {
    match error.extensions.as_ref()?.get("code")? {
        async_graphql::Value::String(code) => Some(code),
        _ => None,
    }
}

/// The status of a refused document: 400 where the media type has request errors.
fn refusal_status(media: MediaType) -> StatusCode {
    if media != MediaType::Json {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    }
}

/// The seconds to wait when a rate limit refused the whole request (429, `Retry-After`).
fn rate_limited(response: &Response) -> Option<u64> {
    if !is_request_error(response) {
        return None;
    }
    let extensions = response.errors.first()?.extensions.as_ref()?;
    if extensions.get("code") != Some(&async_graphql::Value::from("RATE_LIMITED")) {
        return None;
    }
    match extensions.get("retryAfter") {
        Some(async_graphql::Value::Number(seconds)) => seconds.as_u64(),
        _ => None,
    }
}

/// A request error (parse, validation, variables) produced no data and errors without paths.
fn is_request_error(response: &Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

/// Sends a GraphQL response.
fn answer(media: MediaType, status: StatusCode, response: &Response) -> HttpResponse {
    respond(media, status, &Outcome::from(response))
}

/// A [`Response`] as it goes over the wire. A request error, raised before execution
/// began, has no `data` entry at all (GraphQL spec, "Response Format"): that absence is
/// how a client tells "nothing ran" from "the operation ran and its root field failed",
/// where async-graphql would write `"data": null` for both.
#[derive(serde::Serialize)]
struct Outcome<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "<[ServerError]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, async_graphql::Value>,
}

impl<'a> From<&'a Response> for Outcome<'a> {
    fn from(response: &'a Response) -> Self {
        Self {
            data: (!is_request_error(response)).then_some(&response.data),
            errors: &response.errors,
            extensions: &response.extensions,
        }
    }
}

fn respond(media: MediaType, status: StatusCode, body: &impl serde::Serialize) -> HttpResponse {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(header::CONTENT_TYPE, media.content_type())],
            bytes,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(error = %error, "serializing a response failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn error_body(message: &str, code: &str) -> serde_json::Value {
    serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })
}

fn request_error(media: MediaType, status: StatusCode, message: &str) -> HttpResponse {
    respond(media, status, &error_body(message, BAD_USER_INPUT))
}

fn unauthenticated(media: MediaType, message: &str) -> HttpResponse {
    let mut response = respond(
        media,
        StatusCode::UNAUTHORIZED,
        &error_body(message, "UNAUTHENTICATED"),
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    response
}

fn not_acceptable() -> HttpResponse {
    respond(
        MediaType::Json,
        StatusCode::NOT_ACCEPTABLE,
        &error_body(
            "accept application/graphql-response+json or application/json",
            BAD_USER_INPUT,
        ),
    )
}
