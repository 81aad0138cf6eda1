//! What every feed checks before it follows anything: that its transport attached the hub
//! and the viewer, that its `after` is a cursor a feed sent, and, through row-level
//! security as the viewer, that the viewer may see the row it would follow.
//!
//! Data enters as the resolver's context and arguments; it leaves as the hub and viewer to
//! follow with and the seq to resume after, or as the refusal that is the subscriber's one
//! response.

use std::sync::Arc;

use async_graphql::Context;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use uuid::Uuid;

use super::Live;
use crate::auth::Viewer;
use crate::graphql::error::ApiError;
use crate::graphql::table::Table;
use crate::realtime::decode_cursor;

/// What the subscription runs on, and its viewer (set by `connection_init` on a WebSocket,
/// from the request on SSE and multipart).
pub fn attached(ctx: &Context<'_>) -> Result<(Live, Viewer), ApiError> {
    let live = ctx.data::<Live>().map_err(|_| missing("realtime hub"))?;
    let viewer = ctx.data::<Viewer>().map_err(|_| missing("viewer"))?;
    Ok((live.clone(), viewer.clone()))
}

/// The position an `after` argument resumes from.
pub fn resume_after(after: Option<&str>) -> Result<Option<i64>, ApiError> {
    after
        .map(decode_cursor)
        .transpose()
        .map_err(|error| ApiError::bad_input("after", error.to_string()))
}

fn missing(what: &'static str) -> ApiError {
    internal(MissingTransportData(what))
}

/// An unexpected failure: INTERNAL for the client, its cause logged where it is handled.
pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> ApiError {
    ApiError::Internal(Arc::new(error))
}

/// A subscription was executed without the data its transport attaches.
#[derive(Debug, thiserror::Error)]
#[error("a subscription ran without its transport's data; the {0} is missing")]
struct MissingTransportData(&'static str);

/// Checks, as `viewer` through row-level security, that the `T` row `id` is visible.
pub async fn authorize<T: Table>(
    live: &Live,
    viewer: &Viewer,
    id: Uuid,
    what: &str,
) -> Result<(), ApiError> {
    let scope = live.scopes.scope(viewer.clone());
    let found = T::Entity::find()
        .filter(T::id_column().eq(id))
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    scope.finish(true).await?;
    found.map(|_| ()).ok_or_else(|| {
        ApiError::Forbidden(format!(
            "you may not follow this {what}, or it does not exist"
        ))
    })
}
