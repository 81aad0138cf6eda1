//! Semantic search: the rows of a table with an embedding column nearest to a query vector,
//! for any table that declares its column with [`crate::embedded!`].
//!
//! A query enters as the client's vector, checked against the configured dimension
//! ([`embedding`]); the HNSW index is asked for the nearest rows the viewer may see
//! (row-level security filters them inside the index scan), and each leaves with its cosine
//! distance as the table's match type, which the same declaration defines.

use sea_orm::prelude::PgVector;
use sea_orm::sea_query::extension::postgres::PgBinOper;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::config::Limits;
use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::loaders::{RequestLoader, load_scored};
use crate::graphql::table::{Column, Table, TableFilter};

/// A table whose rows carry an embedding, searchable by [`nearest`].
pub trait Embedded: Table {
    /// The `vector` column.
    fn embedding_column() -> Column<Self>;
}

/// A row found by semantic search, with its distance from the query: what a table's match
/// type ([`crate::embedded!`]) is made from.
pub struct Nearest<T> {
    /// Cosine distance from the query.
    pub distance: f64,
    /// The row.
    pub node: T,
}

/// Checks a client's embedding: `dimensions` finite numbers that fit a 32-bit float.
pub fn embedding(field: &str, values: &[f64], dimensions: usize) -> Result<PgVector, ApiError> {
    if values.len() != dimensions {
        return Err(ApiError::bad_input(
            field,
            format!(
                "`{field}` must have {dimensions} numbers, not {}",
                values.len()
            ),
        ));
    }
    let fits = |value: &f64| value.is_finite() && value.abs() <= f64::from(f32::MAX);
    if !values.iter().all(fits) {
        return Err(ApiError::bad_input(
            field,
            format!("`{field}` must hold finite numbers (no NaN or infinity)"),
        ));
    }
    // Checked above: every value is finite and within f32's range.
    #[expect(clippy::cast_possible_truncation, reason = "range checked just above")]
    let floats = values.iter().map(|value| *value as f32).collect::<Vec<_>>();
    Ok(PgVector::from(floats))
}

/// Rows a search returns when `limit` is not given.
pub const DEFAULT_SEARCH_RESULTS: i32 = 10;

/// The `limit` nearest `T` rows to `query` the viewer may see, nearest first, within
/// `filter`. Wrong-length or non-finite vectors and limits outside 1..=max get
/// BAD_USER_INPUT.
pub async fn nearest<T: Embedded, M: From<Nearest<T>>>(
    scope: &RequestScope,
    loader: &RequestLoader,
    limits: Limits,
    query: &[f64],
    limit: i32,
    filter: Option<T::Filter>,
) -> Result<Vec<M>, ApiError> {
    let vector = embedding("embedding", query, limits.embedding_dimensions)?;
    let max = limits.max_search_results;
    let limit = u64::try_from(limit)
        .ok()
        .filter(|limit| (1..=max).contains(limit))
        .ok_or_else(|| {
            ApiError::bad_input("limit", format!("`limit` must be between 1 and {max}"))
        })?;
    let distance = Expr::col(T::embedding_column()).binary(PgBinOper::CosineDistance, vector);
    let mut select = T::Entity::find()
        .select_only()
        .column(T::id_column())
        .expr_as(distance.clone(), "distance")
        .filter(T::embedding_column().is_not_null());
    if let Some(filter) = filter {
        select = select.filter(filter.condition());
    }
    let hits: Vec<(Uuid, f64)> = {
        let conn = scope.conn().await?;
        // The HNSW scan keeps `ef_search` candidates (pgvector's default, 40, caps recall
        // below large limits) and, with an iterative scan, keeps going when row-level
        // security or the filter rejects candidates, so the viewer still gets `limit` rows.
        let candidates = (limit * 4).clamp(100, 1000);
        conn.execute_unprepared(&format!(
            "SET LOCAL hnsw.ef_search = {candidates}; SET LOCAL hnsw.iterative_scan = strict_order"
        ))
        .await
        .map_err(ApiError::from)?;
        select
            .order_by(distance, Order::Asc)
            .limit(limit)
            .into_tuple()
            .all(&*conn)
            .await
            .map_err(ApiError::from)?
    };
    Ok(load_scored::<T, _>(loader, hits)
        .await?
        .into_iter()
        .map(|(node, distance)| M::from(Nearest { distance, node }))
        .collect())
}

/// Declares that `$table`'s rows carry an embedding in `$column`, searchable with
/// [`nearest`](crate::graphql::semantic::nearest), and defines `$match`, the table's search
/// result (the row with its distance).
#[macro_export]
macro_rules! embedded {
    ($table:ty => $column:expr, match $match:ident) => {
        impl $crate::graphql::semantic::Embedded for $table {
            fn embedding_column() -> $crate::graphql::table::Column<Self> {
                $column
            }
        }

        /// A row found by semantic search, with its distance from the query.
        #[derive(Debug, Clone, async_graphql::SimpleObject)]
        pub struct $match {
            /// Cosine distance from the query: 0 is the same direction, 2 the opposite.
            pub distance: f64,
            /// The row.
            pub node: $table,
        }

        impl From<$crate::graphql::semantic::Nearest<$table>> for $match {
            fn from(found: $crate::graphql::semantic::Nearest<$table>) -> Self {
                Self {
                    distance: found.distance,
                    node: found.node,
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::embedding;

    #[test]
    fn embeddings_of_the_wrong_length_or_with_nan_are_refused() {
        assert!(embedding("embedding", &[0.5, 0.25], 2).is_ok());
        for values in [
            &[0.5][..],
            &[0.5, f64::NAN],
            &[f64::INFINITY, 0.0],
            &[1e39, 0.0],
        ] {
            let error = embedding("embedding", values, 2).err();
            assert_eq!(error.map(|error| error.code()), Some("BAD_USER_INPUT"));
        }
    }
}
