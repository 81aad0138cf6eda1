//! Ranked lists: rows of one table ordered by a score PostgreSQL computes (full-text rank,
//! trigram similarity), best first. One query under the viewer's row-level security picks
//! the ids and scores; the rows then come through the request's dataloader.

use std::borrow::Cow;

use async_graphql::{OutputType, SimpleObject, TypeName};
use sea_orm::sea_query::Expr;
use sea_orm::{Condition, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::loaders::{RequestLoader, load_scored};
use crate::graphql::table::Table;

/// Rows a ranked list returns when `first` is not given.
pub const DEFAULT_RANKED: i32 = 20;
/// Most rows a ranked list returns.
pub const MAX_RANKED: i32 = 100;

/// A table whose rows a ranked list returns, and the GraphQL name of its hits.
pub trait RankedNode: OutputType {
    /// The name of the hit type, e.g. `ContentSearchHit`.
    const HIT_NAME: &'static str;
}

/// A row and its score; higher scores rank first.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(name_type)]
pub struct Ranked<T: RankedNode> {
    /// How well the row matches (full-text rank or title similarity); only the order
    /// between results of one search is meaningful.
    pub score: f64,
    /// The row.
    pub node: T,
}

impl<T: RankedNode> TypeName for Ranked<T> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(T::HIT_NAME)
    }
}

/// Checks a search text: trimmed, 1 to 200 characters.
pub fn search_text(query: &str) -> Result<&str, ApiError> {
    let query = query.trim();
    if query.is_empty() || query.chars().count() > 200 {
        return Err(ApiError::bad_input(
            "query",
            "search text must be 1 to 200 characters",
        ));
    }
    Ok(query)
}

/// The best `first` (default [`DEFAULT_RANKED`], at most [`MAX_RANKED`]) `T` rows meeting
/// `condition`, by `score` (a `double precision` expression), ties by id; the ids are picked
/// in `scope`, the rows come through `loader`.
pub async fn ranked<T: Table + RankedNode>(
    scope: &RequestScope,
    loader: &RequestLoader,
    condition: Condition,
    score: Expr,
    first: Option<i32>,
) -> Result<Vec<Ranked<T>>, ApiError> {
    let limit = first.unwrap_or(DEFAULT_RANKED);
    let limit = u64::try_from(limit)
        .ok()
        .filter(|limit| (1..=MAX_RANKED.unsigned_abs().into()).contains(limit))
        .ok_or_else(|| {
            ApiError::bad_input(
                "first",
                format!("`first` must be between 1 and {MAX_RANKED}"),
            )
        })?;
    let hits: Vec<(Uuid, f64)> = T::Entity::find()
        .select_only()
        .column(T::id_column())
        .expr_as(score.clone(), "score")
        .filter(condition)
        .order_by(score, Order::Desc)
        .order_by(T::id_column(), Order::Asc)
        .limit(limit)
        .into_tuple()
        .all(&*scope.reader().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(load_scored::<T, f64>(loader, hits)
        .await?
        .into_iter()
        .map(|(node, score)| Ranked { score, node })
        .collect())
}
