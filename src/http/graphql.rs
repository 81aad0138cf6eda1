//! GraphQL over HTTP, per the GraphQL-over-HTTP specification: JSON bodies on POST, query
//! parameters on GET (queries only), `application/graphql-response+json` or
//! `application/json` answers chosen by `Accept`, and status codes that tell a broken request
//! (400, 401, 405, 406, 413, 415) from a response with field errors (200).
//!
//! Each request gets its viewer from the `Authorization` header, one [`RequestScope`] (its
//! RLS transaction) and one dataloader; the transaction commits when the response has no
//! errors and rolls back otherwise, so a failed mutation leaves nothing behind.

use std::sync::Arc;
use std::time::Instant;

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{Response, ServerError, Variables};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response as HttpResponse};
use serde::Deserialize;

use crate::auth::{AuthError, Viewer, credentials};
use crate::db::RequestScope;
use crate::graphql::error::annotate;
use crate::http::ClientIp;
use crate::loaders::RowLoader;
use crate::state::AppState;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The answer format the client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    GraphqlResponseJson,
    Json,
}

impl MediaType {
    /// Picks the format from `Accept`; a missing header means `application/json`.
    fn negotiate(headers: &HeaderMap) -> Option<Self> {
        let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
            return Some(Self::Json);
        };
        let types: Vec<&str> = accept
            .split(',')
            .map(|part| part.split(';').next().unwrap_or("").trim())
            .collect();
        if types.contains(&GRAPHQL_RESPONSE_JSON) {
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
            Self::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// A GraphQL request as sent in a POST body or GET parameters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRequest {
    query: Option<serde_json::Value>,
    operation_name: Option<String>,
    variables: Option<serde_json::Value>,
}

/// GET parameters: `variables` arrives as a JSON string.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
}

/// `POST /graphql`.
pub async fn post(
    State(state): State<AppState>,
    client: ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
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
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
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
    let raw: RawRequest = match serde_json::from_slice(&body) {
        Ok(raw) => raw,
        Err(error) => {
            return request_error(
                media,
                StatusCode::BAD_REQUEST,
                &format!("the body is not a JSON GraphQL request: {error}"),
            );
        }
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
    let Ok(Query(params)) = params else {
        return request_error(
            media,
            StatusCode::BAD_REQUEST,
            "unreadable query parameters",
        );
    };
    let variables = match params.variables.as_deref().map(serde_json::from_str) {
        None => None,
        Some(Ok(variables)) => Some(variables),
        Some(Err(_)) => {
            return request_error(
                media,
                StatusCode::BAD_REQUEST,
                "`variables` must be a JSON object",
            );
        }
    };
    let raw = RawRequest {
        query: params.query.map(serde_json::Value::String),
        operation_name: params.operation_name,
        variables,
    };
    execute(state, client, &headers, media, raw, true).await
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
    let viewer = match authenticate(&state, headers).await {
        Ok(viewer) => viewer,
        Err(error) => {
            let reason = error.to_string();
            state.security.refused_token(client.0, &reason).await;
            return unauthenticated(media, &reason);
        }
    };
    let query = match raw.query {
        Some(serde_json::Value::String(query)) => query,
        Some(_) => {
            return request_error(media, StatusCode::BAD_REQUEST, "`query` must be a string");
        }
        None => return request_error(media, StatusCode::BAD_REQUEST, "`query` is missing"),
    };
    let variables = match raw.variables {
        None | Some(serde_json::Value::Null) => Variables::default(),
        Some(value @ serde_json::Value::Object(_)) => Variables::from_json(value),
        Some(_) => {
            return request_error(
                media,
                StatusCode::BAD_REQUEST,
                "`variables` must be a JSON object",
            );
        }
    };
    let mut request = async_graphql::Request::new(query).variables(variables);
    if let Some(name) = raw.operation_name {
        request = request.operation_name(name);
    }
    if over_get && operation_type(&mut request) == Some(OperationType::Mutation) {
        let mut response = request_error(
            media,
            StatusCode::METHOD_NOT_ALLOWED,
            "mutations must be sent with POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let response = run(&state, viewer, client, request).await;
    state
        .metrics
        .request(started.elapsed(), !response.errors.is_empty());
    let status = if media == MediaType::GraphqlResponseJson && is_request_error(&response) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    respond(media, status, &response)
}

/// The viewer of a request: a Bearer JWT, else an `X-Api-Key`, else anonymous.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Viewer, AuthError> {
    if headers.contains_key(header::AUTHORIZATION) {
        return state.keys.viewer_from_headers(headers);
    }
    match headers.get("x-api-key").map(HeaderValue::to_str) {
        None => Ok(Viewer::anonymous()),
        Some(Ok(key)) => credentials::api_key_viewer(&state.pool, key).await,
        Some(Err(_)) => Err(AuthError::InvalidApiKey),
    }
}

/// Runs one GraphQL request from `client` inside its own RLS-scoped transaction.
pub async fn run(
    state: &AppState,
    viewer: Viewer,
    client: ClientIp,
    request: async_graphql::Request,
) -> Response {
    let (scope, request) = with_request_data(state, viewer, client, request);
    let mut response = state.schema.execute(request).await;
    if let Err(error) = scope.finish(response.errors.is_empty()).await {
        tracing::error!(error = %error, "ending the request transaction failed");
        let failure = ServerError::new("internal error: the request was not saved", None);
        response = Response::from_errors(vec![failure]);
    }
    response.errors.iter_mut().for_each(annotate);
    response
}

/// Attaches what resolvers reach through the context: a [`RequestScope`] for `viewer` (the
/// one returned, for the caller to end), its dataloader, the keys and the client's address.
pub fn with_request_data(
    state: &AppState,
    viewer: Viewer,
    client: ClientIp,
    request: async_graphql::Request,
) -> (Arc<RequestScope>, async_graphql::Request) {
    let scope = Arc::new(RequestScope::new(
        state.pool.clone(),
        viewer,
        Arc::clone(&state.metrics),
    ));
    let loader = RowLoader::for_request(Arc::clone(&scope), state.limits.loader_delay());
    let request = request
        .data(Arc::clone(&scope))
        .data(loader)
        .data(Arc::clone(&state.keys))
        .data(Arc::clone(&state.security))
        .data(Arc::clone(&state.connector_key))
        .data(client);
    (scope, request)
}

/// The type of the operation a request selects (`None` when it does not parse or select one).
pub fn operation_type(request: &mut async_graphql::Request) -> Option<OperationType> {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    let operation = match &document.operations {
        DocumentOperations::Single(operation) => Some(operation),
        DocumentOperations::Multiple(operations) => match &name {
            Some(name) => operations.get(name.as_str()),
            None if operations.len() == 1 => operations.values().next(),
            None => None,
        },
    };
    operation.map(|operation| operation.node.ty)
}

/// A request error (parse, validation, variables) produced no data and errors without paths.
fn is_request_error(response: &Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
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
    respond(media, status, &error_body(message, "BAD_USER_INPUT"))
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
            "BAD_USER_INPUT",
        ),
    )
}
