//! Request-scoped batching: the one [`RowLoader`] behind every relation field, so a query
//! issues one SQL statement per relation level, never one per row.
//!
//! A [`RequestLoader`] is created per request (its cache is never shared between viewers,
//! and is on only for queries, whose rows do not change under it) and runs every batch
//! inside that request's RLS transaction. Planned reads ([`crate::graphql::plan`]) build
//! on the same statements directly ([`RowLoader::rows_by_id_extended`],
//! [`RowLoader::children_of_extended`], which they extend with their joins and columns),
//! a whole level at a time, with no batching window to wait for. It answers two key types
//! for every table `T`:
//! - [`ById<T>`]: a row by primary key (to-one relations, by-id root fields);
//! - [`ChildrenOf<T>`]: a page of rows whose foreign key points at a parent (to-many
//!   relations), all parents of one batch fetched by one statement.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, JoinType, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait as _, DbBackend, EntityTrait, IdenStatic, ModelTrait,
    QueryFilter, QueryResult, QueryTrait, Value,
};
use uuid::Uuid;

use crate::db::{DbError, RequestScope};
use crate::graphql::error::ApiError;
use crate::graphql::table::{
    Column, Columns, Decoder, Model, Page, Table, TableFilter as _, page_order, page_select,
};

/// The request's loader: a handle on the request scope.
pub struct RowLoader {
    scope: Arc<RequestScope>,
    plans_ahead: bool,
}

/// The dataloader of one request, for what planned reads leave to field-by-field
/// resolution. Its cache is on only for queries.
pub type RequestLoader = DataLoader<RowLoader, HashMapCache>;

impl RowLoader {
    /// The request scope batches run in (for domain-specific loaders).
    pub fn scope(&self) -> &RequestScope {
        &self.scope
    }

    /// Whether root fields read their selection ahead and render it (queries).
    pub fn plans_ahead(&self) -> bool {
        self.plans_ahead
    }

    /// The batching loader of one request; `plans_ahead` (and caching) for a query, never
    /// for a mutation or subscription, whose rows change under a cache.
    pub fn for_request(
        scope: Arc<RequestScope>,
        delay: std::time::Duration,
        plans_ahead: bool,
    ) -> RequestLoader {
        let loader = DataLoader::with_cache(
            Self { scope, plans_ahead },
            tokio::spawn,
            HashMapCache::default(),
        )
        .delay(delay);
        loader.enable_all_cache(plans_ahead);
        loader
    }
}

/// The `T` rows of `scored` (ids, each with its score), batched, in the order given and with
/// their scores; an id whose row is gone or hidden from the viewer is left out.
pub async fn load_scored<T: Table, S>(
    loader: &RequestLoader,
    scored: Vec<(Uuid, S)>,
) -> Result<Vec<(T, S)>, ApiError> {
    let rows = loader
        .load_many(scored.iter().map(|(id, _)| ById::<T>::new(*id)))
        .await
        .map_err(|error| ApiError::Internal(error))?;
    Ok(scored
        .into_iter()
        .filter_map(|(id, score)| {
            let row = rows.get(&ById::new(id))?.as_ref()?;
            Some((T::from_model(row.clone()), score))
        })
        .collect())
}

/// Key: the `T` row with this id.
pub struct ById<T>(pub Uuid, PhantomData<fn() -> T>);

impl<T> ById<T> {
    /// The key of row `id`.
    pub fn new(id: Uuid) -> Self {
        Self(id, PhantomData)
    }
}

impl<T> Clone for ById<T> {
    fn clone(&self) -> Self {
        Self::new(self.0)
    }
}
impl<T> PartialEq for ById<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<T> Eq for ById<T> {}
impl<T> Hash for ById<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// Every key gets an answer, `None` for a row that is absent or hidden, so a cached miss
/// is not read again.
#[async_trait::async_trait]
impl<T: Table> Loader<ById<T>> for RowLoader {
    type Value = Option<Model<T>>;
    type Error = Arc<DbError>;

    async fn load(
        &self,
        keys: &[ById<T>],
    ) -> Result<HashMap<ById<T>, Option<Model<T>>>, Self::Error> {
        let rows = self
            .rows_by_id::<T>(keys.iter().map(|key| key.0).collect())
            .await?;
        let mut found: HashMap<ById<T>, Option<Model<T>>> =
            keys.iter().map(|key| (key.clone(), None)).collect();
        for row in rows {
            found.insert(ById::new(T::id(&row)), Some(row));
        }
        Ok(found)
    }
}

/// What a to-many relation asks for: filter, order and page, shared by every parent of a
/// batch that asks the same.
#[derive(Debug)]
pub struct ChildQuery<T: Table> {
    filter: Option<T::Filter>,
    order: T::Order,
    page: Page,
    fingerprint: String,
}

impl<T: Table> ChildQuery<T> {
    /// A child page request.
    pub fn new(filter: Option<T::Filter>, order: T::Order, page: Page) -> Self {
        let fingerprint = format!("{filter:?}|{order:?}|{page:?}");
        Self {
            filter,
            order,
            page,
            fingerprint,
        }
    }

    /// The query of a forward page of `first` rows after `after` (the default page size
    /// and order when absent), as a to-many relation field asks it.
    pub fn forward(
        first: Option<i32>,
        after: Option<String>,
        filter: Option<T::Filter>,
        order: Option<T::Order>,
    ) -> Result<Self, ApiError> {
        let order = order.unwrap_or_default();
        let page = Page::forward(first, after, &order)?;
        Ok(Self::new(filter, order, page))
    }

    /// The rows the filter selects (every row without one), pages aside.
    pub fn condition(&self) -> Condition {
        self.filter
            .as_ref()
            .map_or_else(Condition::all, |filter| filter.condition())
    }

    /// The order the page is in.
    pub fn order(&self) -> &T::Order {
        &self.order
    }

    /// The page bounds.
    pub fn page(&self) -> &Page {
        &self.page
    }
}

/// Key: a page of `T` rows whose `column` equals `parent`.
pub struct ChildrenOf<T: Table> {
    column: Column<T>,
    parent: Uuid,
    query: Arc<ChildQuery<T>>,
}

impl<T: Table> ChildrenOf<T> {
    /// The key of `parent`'s children through foreign key `column`.
    pub fn new(column: Column<T>, parent: Uuid, query: Arc<ChildQuery<T>>) -> Self {
        Self {
            column,
            parent,
            query,
        }
    }
}

impl<T: Table> Clone for ChildrenOf<T> {
    fn clone(&self) -> Self {
        Self::new(self.column, self.parent, Arc::clone(&self.query))
    }
}
impl<T: Table> PartialEq for ChildrenOf<T> {
    fn eq(&self, other: &Self) -> bool {
        self.column.as_str() == other.column.as_str()
            && self.parent == other.parent
            && self.query.fingerprint == other.query.fingerprint
    }
}
impl<T: Table> Eq for ChildrenOf<T> {}
impl<T: Table> Hash for ChildrenOf<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.column.as_str().hash(state);
        self.parent.hash(state);
        self.query.fingerprint.hash(state);
    }
}

#[async_trait::async_trait]
impl<T: Table> Loader<ChildrenOf<T>> for RowLoader {
    type Value = Vec<Model<T>>;
    type Error = Arc<DbError>;

    async fn load(
        &self,
        keys: &[ChildrenOf<T>],
    ) -> Result<HashMap<ChildrenOf<T>, Vec<Model<T>>>, Self::Error> {
        // Parents asking the same question through the same column share one statement.
        let mut groups: HashMap<(&'static str, &str), Vec<&ChildrenOf<T>>> = HashMap::new();
        for key in keys {
            groups
                .entry((key.column.as_str(), key.query.fingerprint.as_str()))
                .or_default()
                .push(key);
        }
        let mut pages = HashMap::with_capacity(keys.len());
        for group in groups.values() {
            let Some(first) = group.first() else { continue };
            let parents = group.iter().map(|key| key.parent).collect();
            let mut by_parent = self
                .children_of(first.column, &first.query, parents)
                .await?;
            for key in group {
                let rows = by_parent.remove(&key.parent).unwrap_or_default();
                pages.insert((*key).clone(), rows);
            }
        }
        Ok(pages)
    }
}

/// What a statement reading a level of rows adds to itself: the to-one relations planned
/// reads join in (see [`crate::graphql::plan`]); nothing for field-by-field resolution.
pub type Extend<'a> = &'a mut (dyn FnMut(&mut SelectStatement) + Send);

impl RowLoader {
    /// The `T` rows with these ids that the viewer may see: one statement, whose text is the
    /// same for any number of ids (`= ANY($1)`), so PostgreSQL reuses its prepared plan.
    pub async fn rows_by_id<T: Table>(&self, ids: Vec<Uuid>) -> Result<Vec<Model<T>>, DbError> {
        let rows = self.rows_by_id_extended::<T>(ids, &mut |_| {}).await?;
        decode::<T>(&rows, Columns::All)
    }

    /// [`rows_by_id`](Self::rows_by_id) as raw rows, the statement extended by `extend`.
    pub async fn rows_by_id_extended<T: Table>(
        &self,
        ids: Vec<Uuid>,
        extend: Extend<'_>,
    ) -> Result<Vec<QueryResult>, DbError> {
        let mut statement = T::Entity::find()
            .filter(T::id_column().eq_any(ids))
            .into_query();
        extend(&mut statement);
        self.read(&statement).await
    }

    /// The page `query` asks of the `T` rows whose `column` points at each of `parents`, by
    /// parent: one statement for all of them, whose text is the same for any number of
    /// parents. Each parent's page is a `LATERAL` subquery with the page's own `LIMIT`, so
    /// PostgreSQL reads (and checks the policies of) at most a page and one more row per
    /// parent through the foreign key's index, however many children a parent has.
    pub async fn children_of<T: Table>(
        &self,
        column: Column<T>,
        query: &ChildQuery<T>,
        parents: Vec<Uuid>,
    ) -> Result<HashMap<Uuid, Vec<Model<T>>>, DbError> {
        let rows = self
            .children_of_extended(column, query, parents, &mut |_| {})
            .await?;
        Ok(by_parent::<T, _>(column, decode::<T>(&rows, Columns::All)?))
    }

    /// [`children_of`](Self::children_of) as raw rows in page order per parent, each
    /// parent's page statement extended by `extend`.
    pub async fn children_of_extended<T: Table>(
        &self,
        column: Column<T>,
        query: &ChildQuery<T>,
        parents: Vec<Uuid>,
        extend: Extend<'_>,
    ) -> Result<Vec<QueryResult>, DbError> {
        let ChildQuery {
            filter,
            order,
            page,
            ..
        } = query;
        let (parent, fetched) = (Alias::new("parent"), Alias::new("page"));
        let mut per_parent = page_select::<T>(filter.as_ref(), order, page)
            .filter(Expr::col((T::Entity::default(), column)).equals(parent.clone()))
            .into_query();
        let mut statement = Query::select();
        statement
            .column((fetched.clone(), Asterisk))
            .from_function(Func::cust("unnest").arg(parents), parent);
        for (column, direction) in page_order::<T>(order, page) {
            per_parent.order_by((T::Entity::default(), column), direction.clone());
            // Each parent's rows in page order; grouping by parent keeps it.
            statement.order_by((fetched.clone(), column), direction);
        }
        per_parent.limit(page.fetch_size());
        extend(&mut per_parent);
        statement.join_lateral(JoinType::InnerJoin, per_parent, fetched, Expr::cust("TRUE"));
        self.read(&statement).await
    }

    /// Runs a reading statement in the request's transaction.
    pub async fn read(&self, statement: &SelectStatement) -> Result<Vec<QueryResult>, DbError> {
        let conn = self.scope.reader().await?;
        Ok(conn
            .query_all_raw(DbBackend::Postgres.build(statement))
            .await?)
    }
}

/// Rows grouped by the parent their `column` points at, in their order.
pub fn by_parent<T: Table, R: Borrow<Model<T>>>(
    column: Column<T>,
    rows: impl IntoIterator<Item = R>,
) -> HashMap<Uuid, Vec<R>> {
    let mut by_parent: HashMap<Uuid, Vec<R>> = HashMap::new();
    for row in rows {
        if let Value::Uuid(Some(parent)) = row.borrow().get(column) {
            by_parent.entry(parent).or_default().push(row);
        }
    }
    by_parent
}

/// The `T` rows of raw rows whose own columns are unprefixed (joined tables' are not), of
/// which `columns` are read.
pub fn decode<T: Table>(rows: &[QueryResult], columns: Columns) -> Result<Vec<Model<T>>, DbError> {
    let mut decoder = Decoder::<T>::new("", columns);
    Ok(rows
        .iter()
        .map(|row| decoder.decode(row))
        .collect::<Result<_, _>>()?)
}
