//! Resolver glue: the [`RequestContext`] a transport attaches to every request and how a
//! resolver reaches its parts, and the generic by-id, to-many and list resolvers every
//! table's fields call.

use std::net::IpAddr;
use std::sync::Arc;

use async_graphql::Context;
use sea_orm::{ColumnTrait as _, Condition};
use uuid::Uuid;

use crate::auth::ClientIp;
use crate::auth::JwtKeys;
use crate::auth::secrets::ConnectorKey;
use crate::config::Limits;
use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::loaders::{ById, ChildQuery, ChildrenOf, RequestLoader};
use crate::graphql::plan::{self, Answer, Planned};
use crate::graphql::table::{self, PageArgs, Table, TableConnection, Totals};
use crate::rate_limit::RateLimits;
use crate::security::SecurityLog;

/// What a transport attaches to every request, once (`http::graphql::with_request_data`):
/// everything the request's resolvers and extensions reach besides their arguments.
pub struct RequestContext {
    /// The request's database scope: its viewer and lazy RLS transaction.
    pub scope: Arc<RequestScope>,
    /// The request's dataloader, over the scope.
    pub loader: RequestLoader,
    /// The token keys (for signing sessions).
    pub keys: Arc<JwtKeys>,
    /// Where security events are recorded.
    pub security: Arc<SecurityLog>,
    /// The key connector tokens are encrypted with.
    pub connector_key: Arc<ConnectorKey>,
    /// The allowances the request is charged against.
    pub rate_limits: Arc<RateLimits>,
    /// The client's address, when the transport knows it.
    pub client: ClientIp,
}

/// The request's context.
fn request<'a>(ctx: &Context<'a>) -> Result<&'a RequestContext, ApiError> {
    ctx.data::<RequestContext>()
        .map_err(|_| ApiError::Internal(Arc::new(MissingRequestContext)))
}

/// The request's database scope.
pub fn scope<'a>(ctx: &Context<'a>) -> Result<&'a Arc<RequestScope>, ApiError> {
    Ok(&request(ctx)?.scope)
}

/// Where security events are recorded.
pub fn security<'a>(ctx: &Context<'a>) -> Result<&'a Arc<SecurityLog>, ApiError> {
    Ok(&request(ctx)?.security)
}

/// The client's address, when the transport knows it.
pub fn client_ip(ctx: &Context<'_>) -> Result<Option<IpAddr>, ApiError> {
    Ok(request(ctx)?.client.0)
}

/// The key connector tokens are encrypted with.
pub fn connector_key<'a>(ctx: &Context<'a>) -> Result<&'a Arc<ConnectorKey>, ApiError> {
    Ok(&request(ctx)?.connector_key)
}

/// The signed-in user's id, or `UNAUTHENTICATED`.
pub fn viewer_id(ctx: &Context<'_>) -> Result<Uuid, ApiError> {
    scope(ctx)?
        .viewer()
        .user_id
        .ok_or_else(|| ApiError::Unauthenticated("sign in first".into()))
}

/// The token keys (for signing sessions).
pub fn keys<'a>(ctx: &Context<'a>) -> Result<&'a Arc<JwtKeys>, ApiError> {
    Ok(&request(ctx)?.keys)
}

/// The request's dataloader.
pub fn loader<'a>(ctx: &Context<'a>) -> Result<&'a RequestLoader, ApiError> {
    Ok(&request(ctx)?.loader)
}

/// The request limits the schema was built with.
pub fn limits(ctx: &Context<'_>) -> Result<Limits, ApiError> {
    ctx.data::<Limits>().copied().map_err(|_| {
        ApiError::Internal(std::sync::Arc::new(std::io::Error::other(
            "the schema has no limits",
        )))
    })
}

/// A request was executed without the context its transport attaches to every request.
#[derive(Debug, thiserror::Error)]
#[error("the request has no request context")]
struct MissingRequestContext;

/// The `T` row with this id (batched), if it exists and the viewer may see it.
pub async fn by_id<T: Table>(
    ctx: &Context<'_>,
    id: impl Into<Option<Uuid>>,
) -> Result<Option<T>, ApiError> {
    let Some(id) = id.into() else { return Ok(None) };
    let row = loader(ctx)?
        .load_one(ById::<T>::new(id))
        .await
        .map_err(|error| ApiError::Internal(error))?
        .flatten();
    Ok(row.map(T::from_model))
}

/// A root by-id field: the row, with its selection read ahead and rendered when the request
/// plans ahead (planned reads).
pub async fn root_by_id<T: Planned>(
    ctx: &Context<'_>,
    id: Uuid,
) -> Result<Option<Answer<T>>, ApiError> {
    let loader = loader(ctx)?.loader();
    if loader.plans_ahead() {
        return plan::root_row(loader, ctx, id).await;
    }
    Ok(by_id::<T>(ctx, id).await?.map(Answer::Resolved))
}

/// A page of the `T` rows whose `column` points at `parent` (batched across parents).
pub async fn children<T: Table>(
    ctx: &Context<'_>,
    column: table::Column<T>,
    parent: Uuid,
    first: Option<i32>,
    after: Option<String>,
    filter: Option<T::Filter>,
    order: Option<T::Order>,
) -> Result<TableConnection<T>, ApiError> {
    let query = Arc::new(ChildQuery::<T>::forward(first, after, filter, order)?);
    let totals = Totals::new(query.condition().add(column.eq(parent)));
    let rows = loader(ctx)?
        .load_one(ChildrenOf::new(column, parent, Arc::clone(&query)))
        .await
        .map_err(|error| ApiError::Internal(error))?
        .unwrap_or_default();
    Ok(table::to_connection::<T>(
        rows,
        query.order(),
        query.page(),
        totals,
    ))
}

/// A root connection over `T` restricted by `base`, with its selection read ahead and
/// rendered when the request plans ahead (planned reads).
pub async fn list<T: Planned>(
    ctx: &Context<'_>,
    base: Condition,
    filter: Option<T::Filter>,
    order: Option<T::Order>,
    page: PageArgs,
) -> Result<Answer<TableConnection<T>>, ApiError> {
    let loader = loader(ctx)?.loader();
    if loader.plans_ahead() {
        return plan::root_connection(loader, ctx, base, filter, order, page).await;
    }
    let connection = table::connection::<T>(scope(ctx)?, base, filter, order, page).await?;
    Ok(Answer::Resolved(connection))
}

/// The one `T` row whose unique `column` points at `parent` (a one-to-one back reference).
pub async fn unique_child<T: Table>(
    ctx: &Context<'_>,
    column: table::Column<T>,
    parent: Uuid,
) -> Result<Option<T>, ApiError> {
    let page = children::<T>(ctx, column, parent, Some(1), None, None, None).await?;
    Ok(page.edges.into_iter().next().map(|edge| edge.node))
}

/// Calls a SQL function that returns rows (as `SELECT * FROM f(...)`) inside the request's
/// transaction, so its row-level security and grants apply; the first row, as an `R` (a
/// table's model, or any row type), if any.
pub async fn call_row<R: sea_orm::FromQueryResult>(
    scope: &RequestScope,
    sql: &str,
    values: impl IntoIterator<Item = sea_orm::Value>,
) -> Result<Option<R>, ApiError> {
    let statement =
        sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Postgres, sql, values);
    R::find_by_statement(statement)
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)
}

/// Runs a SQL function for what it writes (its result is ignored) inside the request's
/// transaction, so its rate limits and quotas apply to the viewer.
pub async fn call_for_effect(
    scope: &RequestScope,
    sql: &str,
    values: impl IntoIterator<Item = sea_orm::Value>,
) -> Result<(), ApiError> {
    use sea_orm::ConnectionTrait as _;
    let statement =
        sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Postgres, sql, values);
    scope
        .conn()
        .await?
        .execute_raw(statement)
        .await
        .map_err(ApiError::from)?;
    Ok(())
}

/// Calls a SQL function that returns one value (as `SELECT f(...) AS value`) inside the
/// request's transaction; the value, `None` when it is null.
pub async fn call_value<T: sea_orm::TryGetable>(
    scope: &RequestScope,
    sql: &str,
    values: impl IntoIterator<Item = sea_orm::Value>,
) -> Result<Option<T>, ApiError> {
    use sea_orm::ConnectionTrait as _;
    let statement =
        sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Postgres, sql, values);
    let row = scope
        .conn()
        .await?
        .query_one_raw(statement)
        .await
        .map_err(ApiError::from)?;
    Ok(row.and_then(|row| row.try_get::<Option<T>>("", "value").ok().flatten()))
}
