//! The generic table machinery: what every catalog table gets from a few declarative
//! lines. A table's GraphQL type implements [`Table`] (via [`crate::table!`]) and then has
//!
//! - a Relay connection with keyset cursors over any of its declared order fields
//!   ([`connection`]), a typed filter input and an order input;
//! - by-id lookups and paginated to-many relations batched through the request's
//!   dataloader ([`crate::graphql::loaders`]).
//!
//! Cursors are opaque to clients: base64 of the order field, that field's value in the
//! row, and the row id (the tie-breaker), so pages stay stable while rows are inserted.

use std::collections::HashSet;
use std::fmt::Debug;
use std::marker::PhantomData;

use async_graphql::connection::{Connection, CursorType, Edge};
use async_graphql::{ContainerType, Enum, InputType, OutputType};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, FixedOffset};
use sea_orm::sea_query::{Alias, ArrayType, Expr, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, DbErr, EntityTrait, IdenStatic as _, Iterable as _, ModelTrait, Order,
    QueryFilter, QueryOrder, QueryResult, QuerySelect, Select, Value,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;

/// Largest page a client may ask for, at the root or in a nested relation.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// A page of `T` rows as a Relay connection, with its [totals](Totals).
pub type TableConnection<T> = Connection<Cursor, T, Totals<T>>;

/// What a connection counts and aggregates: the `T` rows its filter selects, page aside
/// (its fields are [`crate::graphql::aggregate`]'s).
pub struct Totals<T> {
    condition: Condition,
    table: PhantomData<fn() -> T>,
}

impl<T> Totals<T> {
    /// The totals of the rows `condition` selects.
    pub fn new(condition: Condition) -> Self {
        Self {
            condition,
            table: PhantomData,
        }
    }

    /// The condition selecting the rows.
    pub fn condition(&self) -> &Condition {
        &self.condition
    }
}

/// A catalog table as a GraphQL type: the glue between its SeaORM entity and its inputs.
pub trait Table: OutputType + ContainerType + Clone + Send + Sync + 'static {
    /// The SeaORM entity.
    type Entity: EntityTrait<Model: Clone + Default + Send + Sync + ContainerType + 'static>;
    /// The table's filter input.
    type Filter: TableFilter;
    /// The table's order input.
    type Order: OrderInput<Column = Column<Self>>;

    /// The primary key column (every catalog table has a uuid `id`).
    fn id_column() -> Column<Self>;
    /// Wraps a row.
    fn from_model(model: Model<Self>) -> Self;
    /// The wrapped row.
    fn model(&self) -> &Model<Self>;
    /// The row's primary key.
    fn id(model: &Model<Self>) -> Uuid;
}

/// The column type of a table's entity.
pub type Column<T> = <<T as Table>::Entity as EntityTrait>::Column;
/// The row type of a table's entity.
pub type Model<T> = <<T as Table>::Entity as EntityTrait>::Model;

/// A table's filter input: any combination of column conditions.
pub trait TableFilter: InputType + Debug + Clone + Send + Sync + 'static {
    /// The condition the filter expresses.
    fn condition(&self) -> Condition;
}

/// A table's order input: one declared field and a direction.
pub trait OrderInput: InputType + Debug + Clone + Default + Send + Sync + 'static {
    /// The entity's column type.
    type Column: ColumnTrait;
    /// The column ordered by (the id breaks ties).
    fn column(&self) -> Self::Column;
    /// The field's GraphQL name, recorded in cursors.
    fn field_name(&self) -> &'static str;
    /// Ascending or descending.
    fn direction(&self) -> OrderDirection;
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Default)]
pub enum OrderDirection {
    /// Smallest first.
    Asc,
    /// Largest (newest) first.
    #[default]
    Desc,
}

impl OrderDirection {
    fn sql(self, backward: bool) -> Order {
        match (self, backward) {
            (Self::Asc, false) | (Self::Desc, true) => Order::Asc,
            (Self::Desc, false) | (Self::Asc, true) => Order::Desc,
        }
    }
}

/// The value of the order column inside a cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v")]
enum CursorValue {
    Int(i64),
    Float(f64),
    Text(String),
    Uuid(Uuid),
    Time(DateTime<FixedOffset>),
    Bool(bool),
}

impl CursorValue {
    fn from_value(value: Value) -> Option<Self> {
        Some(match value {
            Value::SmallInt(Some(v)) => Self::Int(v.into()),
            Value::Int(Some(v)) => Self::Int(v.into()),
            Value::BigInt(Some(v)) => Self::Int(v),
            Value::Double(Some(v)) => Self::Float(v),
            Value::String(Some(v)) => Self::Text(v),
            Value::Uuid(Some(v)) => Self::Uuid(v),
            Value::ChronoDateTimeWithTimeZone(Some(v)) => Self::Time(v),
            Value::Bool(Some(v)) => Self::Bool(v),
            _ => return None,
        })
    }

    fn into_value(self) -> Value {
        match self {
            Self::Int(v) => v.into(),
            Self::Float(v) => v.into(),
            Self::Text(v) => v.into(),
            Self::Uuid(v) => v.into(),
            Self::Time(v) => v.into(),
            Self::Bool(v) => v.into(),
        }
    }
}

/// A position in an ordered list: the order field, its value in the row, the row id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    #[serde(rename = "f")]
    field: String,
    #[serde(rename = "v")]
    value: Option<CursorValue>,
    #[serde(rename = "i")]
    id: Uuid,
}

/// Why a cursor string was refused.
#[derive(Debug, thiserror::Error)]
#[error("invalid cursor: pass back a cursor this API returned")]
pub struct CursorError;

impl CursorType for Cursor {
    type Error = CursorError;

    fn decode_cursor(text: &str) -> Result<Self, CursorError> {
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| CursorError)?;
        serde_json::from_slice(&bytes).map_err(|_| CursorError)
    }

    fn encode_cursor(&self) -> String {
        // Serializing this plain struct cannot fail; an empty cursor would be refused.
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }
}

impl Cursor {
    /// The cursor of `model` in a list ordered by `order`.
    pub fn of<T: Table>(model: &Model<T>, order: &T::Order) -> Self {
        Self {
            field: order.field_name().to_owned(),
            value: CursorValue::from_value(model.get(order.column())),
            id: T::id(model),
        }
    }

    /// Rows strictly beyond this cursor, in the `greater` direction of the ordering.
    fn beyond<T: Table>(&self, order: &T::Order, greater: bool) -> Condition {
        let compare = |column: Column<T>, value: Value| {
            if greater {
                column.gt(value)
            } else {
                column.lt(value)
            }
        };
        let past_id = compare(T::id_column(), self.id.into());
        match &self.value {
            Some(value) => {
                let column = order.column();
                let value = value.clone().into_value();
                Condition::any()
                    .add(compare(column, value.clone()))
                    .add(Condition::all().add(column.eq(value)).add(past_id))
            }
            None => Condition::all().add(past_id),
        }
    }
}

/// The Relay arguments of a root connection, as the client sent them.
#[derive(Debug, Default, Clone)]
pub struct PageArgs {
    /// Forward page size.
    pub first: Option<i32>,
    /// Forward: start after this cursor.
    pub after: Option<String>,
    /// Backward page size.
    pub last: Option<i32>,
    /// Backward: end before this cursor.
    pub before: Option<String>,
}

/// Validated paging: a size, a direction and decoded bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    size: u64,
    backward: bool,
    after: Option<Cursor>,
    before: Option<Cursor>,
}

impl Page {
    /// Checks the Relay arguments: one of `first`/`last`, within [0, MAX_PAGE_SIZE], and
    /// cursors issued for `order`.
    pub fn new<O: OrderInput>(args: PageArgs, order: &O) -> Result<Self, ApiError> {
        let size = |name: &str, value: i32| {
            u64::try_from(value)
                .ok()
                .filter(|size| *size <= MAX_PAGE_SIZE)
                .ok_or_else(|| {
                    ApiError::bad_input(
                        name,
                        format!("`{name}` must be between 0 and {MAX_PAGE_SIZE}"),
                    )
                })
        };
        let (size, backward) = match (args.first, args.last) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_input(
                    "last",
                    "pass either `first` or `last`, not both",
                ));
            }
            (Some(first), None) => (size("first", first)?, false),
            (None, Some(last)) => (size("last", last)?, true),
            (None, None) => (DEFAULT_PAGE_SIZE, false),
        };
        let decode = |name: &str, text: Option<String>| -> Result<Option<Cursor>, ApiError> {
            let Some(text) = text else { return Ok(None) };
            let cursor = Cursor::decode_cursor(&text)
                .map_err(|error| ApiError::bad_input(name, error.to_string()))?;
            if cursor.field != order.field_name() {
                return Err(ApiError::bad_input(
                    name,
                    format!(
                        "this cursor belongs to a list ordered by {}, not {}",
                        cursor.field,
                        order.field_name()
                    ),
                ));
            }
            Ok(Some(cursor))
        };
        Ok(Self {
            size,
            backward,
            after: decode("after", args.after)?,
            before: decode("before", args.before)?,
        })
    }

    /// A forward page of `first` rows after `after`, for nested relations.
    pub fn forward<O: OrderInput>(
        first: Option<i32>,
        after: Option<String>,
        order: &O,
    ) -> Result<Self, ApiError> {
        Self::new(
            PageArgs {
                first,
                after,
                ..PageArgs::default()
            },
            order,
        )
    }

    /// How many rows the page shows.
    pub fn size(&self) -> usize {
        usize::try_from(self.size).unwrap_or(usize::MAX)
    }

    /// How many rows to fetch: one more than the page, to learn whether another follows.
    pub fn fetch_size(&self) -> u64 {
        self.size + 1
    }

    /// Of `fetched` rows (at most `fetch_size`, in query order): whether more rows lie
    /// before the page and whether more lie after it.
    pub fn bounds(&self, fetched: usize) -> (bool, bool) {
        let more = fetched > self.size();
        if self.backward {
            (more, self.before.is_some())
        } else {
            (self.after.is_some(), more)
        }
    }

    /// The rows the page shows, in list order, of those fetched in query order.
    pub fn shown<'r, R>(&self, fetched: &'r [R]) -> Vec<&'r R> {
        let shown = fetched.iter().take(self.size());
        if self.backward {
            shown.rev().collect()
        } else {
            shown.collect()
        }
    }
}

/// The rows of one page before ordering and LIMIT: the filter and the cursor bounds.
pub fn page_select<T: Table>(
    filter: Option<&T::Filter>,
    order: &T::Order,
    page: &Page,
) -> Select<T::Entity> {
    let mut select = T::Entity::find();
    if let Some(filter) = filter {
        select = select.filter(filter.condition());
    }
    let ascending = order.direction() == OrderDirection::Asc;
    if let Some(after) = &page.after {
        select = select.filter(after.beyond::<T>(order, ascending));
    }
    if let Some(before) = &page.before {
        select = select.filter(before.beyond::<T>(order, !ascending));
    }
    select
}

/// The order a page is fetched in: the order field, then the id as tie-breaker (both
/// reversed for a backward page).
pub fn page_order<T: Table>(order: &T::Order, page: &Page) -> [(Column<T>, Order); 2] {
    let sql_order = order.direction().sql(page.backward);
    [
        (order.column(), sql_order.clone()),
        (T::id_column(), sql_order),
    ]
}

/// Turns fetched rows (at most `page.fetch_size()`, in query order) into a connection.
pub fn to_connection<T: Table>(
    mut rows: Vec<Model<T>>,
    order: &T::Order,
    page: &Page,
    totals: Totals<T>,
) -> TableConnection<T> {
    let (has_previous, has_next) = page.bounds(rows.len());
    rows.truncate(page.size());
    if page.backward {
        rows.reverse();
    }
    let mut connection = Connection::with_additional_fields(has_previous, has_next, totals);
    connection.edges.extend(
        rows.into_iter()
            .map(|row| Edge::new(Cursor::of::<T>(&row, order), T::from_model(row))),
    );
    connection
}

/// A root connection: one page of `T` rows the viewer may see, within `scope`.
pub async fn connection<T: Table>(
    scope: &RequestScope,
    base: Condition,
    filter: Option<T::Filter>,
    order: Option<T::Order>,
    args: PageArgs,
) -> Result<TableConnection<T>, ApiError> {
    let order = order.unwrap_or_default();
    let page = Page::new(args, &order)?;
    let totals = Totals::new(filtered::<T>(base.clone(), filter.as_ref()));
    let rows = root_page::<T>(base, filter.as_ref(), &order, &page)
        .all(&*scope.reader().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(to_connection::<T>(rows, &order, &page, totals))
}

/// The rows within `base` that `filter` selects.
pub fn filtered<T: Table>(base: Condition, filter: Option<&T::Filter>) -> Condition {
    match filter {
        Some(filter) => base.add(filter.condition()),
        None => base,
    }
}

/// The statement of a root page: the `T` rows within `base` and the filter, beyond the
/// page's cursors, in page order, at most `page.fetch_size()`.
pub fn root_page<T: Table>(
    base: Condition,
    filter: Option<&T::Filter>,
    order: &T::Order,
    page: &Page,
) -> Select<T::Entity> {
    let mut select = page_select::<T>(filter, order, page).filter(base);
    for (column, direction) in page_order::<T>(order, page) {
        select = select.order_by(column, direction);
    }
    select.limit(page.fetch_size())
}

/// Which of a table's columns a statement reads. A model decoded from a statement that
/// reads fewer than all holds its type's default in the others, which nothing reads: only a
/// reader that knows it never looks at them (planned reads) asks for fewer than all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Columns {
    /// Every column.
    All,
    /// Only these columns, by name.
    Only(HashSet<&'static str>),
}

impl Columns {
    /// Whether `column` is read.
    fn reads<T: Table>(&self, column: Column<T>) -> bool {
        match self {
            Self::All => true,
            Self::Only(names) => names.contains(column.as_str()),
        }
    }

    /// Sets the select list of `statement`, which reads `T` as `table`: each column read,
    /// under its own name prefixed by `prefix`.
    pub fn select<T: Table>(&self, statement: &mut SelectStatement, table: &str, prefix: &str) {
        for column in Column::<T>::iter().filter(|column| self.reads::<T>(*column)) {
            statement.expr_as(
                Expr::col((Alias::new(table), column)),
                Alias::new(format!("{prefix}{}", column.as_str())),
            );
        }
    }
}

/// Decodes the `T` rows of one statement's results, whose `T` columns are named
/// `<prefix><column>` (as [`Columns::select`] names them): each row is the model's default
/// with the columns read set, each taken by its position. The positions are looked up by
/// name once, on the first row; decoding every row by name costs a formatted name and a
/// hash lookup per column, which perf put at 8% of the server's CPU on the nested read of
/// `make bench-peer`.
pub struct Decoder<T: Table> {
    prefix: String,
    columns: Columns,
    read: Option<Vec<(Column<T>, usize, Positional)>>,
}

/// Decodes one column of a row, by position, into the value a model field takes.
type Positional = fn(&QueryResult, usize) -> Result<Value, DbErr>;

/// The positional decoder of a column whose value in a model is like `value`, for the
/// types catalog tables use (text enums are text); `None` for the others.
fn positional(value: &Value) -> Option<Positional> {
    macro_rules! read {
        ($variant:ident) => {
            |row, index| Ok(Value::$variant(row.try_get_by_index(index)?))
        };
        ($variant:ident boxed) => {
            |row, index| {
                Ok(Value::$variant(
                    row.try_get_by_index::<Option<_>>(index)?.map(Box::new),
                ))
            }
        };
    }
    Some(match value {
        Value::Bool(_) => read!(Bool),
        Value::SmallInt(_) => read!(SmallInt),
        Value::Int(_) => read!(Int),
        Value::BigInt(_) => read!(BigInt),
        Value::Float(_) => read!(Float),
        Value::Double(_) => read!(Double),
        Value::String(_) => read!(String),
        Value::Uuid(_) => read!(Uuid),
        Value::Decimal(_) => read!(Decimal),
        Value::ChronoDateTimeWithTimeZone(_) => read!(ChronoDateTimeWithTimeZone),
        Value::Vector(_) => read!(Vector),
        Value::Json(_) => read!(Json boxed),
        Value::Array(ArrayType::String, _) => |row, index| {
            Ok(row
                .try_get_by_index::<Option<Vec<String>>>(index)?
                .map_or(Value::Array(ArrayType::String, None), Value::from))
        },
        _ => return None,
    })
}

impl<T: Table> Decoder<T> {
    /// A decoder of the `T` columns named `<prefix><column>`, of which `columns` are read.
    pub fn new(prefix: impl Into<String>, columns: Columns) -> Self {
        Self {
            prefix: prefix.into(),
            columns,
            read: None,
        }
    }

    /// The `T` row of `row`.
    pub fn decode(&mut self, row: &QueryResult) -> Result<Model<T>, DbErr> {
        let read = match &mut self.read {
            Some(read) => read,
            unknown @ None => unknown.insert(layout::<T>(&self.prefix, &self.columns, row)?),
        };
        let mut model = Model::<T>::default();
        for (column, index, positional) in read.iter() {
            model.try_set(*column, positional(row, *index)?)?;
        }
        Ok(model)
    }
}

/// Each column of `T` that `columns` reads, with its position among `row`'s columns (named
/// `<prefix><column>`) and its decoder.
fn layout<T: Table>(
    prefix: &str,
    columns: &Columns,
    row: &QueryResult,
) -> Result<Vec<(Column<T>, usize, Positional)>, DbErr> {
    let names = row.column_names();
    let defaults = Model::<T>::default();
    Column::<T>::iter()
        .filter(|column| columns.reads::<T>(*column))
        .map(|column| {
            let name = format!("{prefix}{}", column.as_str());
            let index = names
                .iter()
                .position(|given| *given == name)
                .ok_or_else(|| DbErr::Custom(format!("the statement has no column `{name}`")))?;
            let positional = positional(&defaults.get(column)).ok_or_else(|| {
                DbErr::Type(format!(
                    "column `{name}` has a type rows cannot be decoded into"
                ))
            })?;
            Ok((column, index, positional))
        })
        .collect()
}

/// Adds a filter's `and` / `or` / `not` combinators to its column conditions.
pub fn combine<F: TableFilter>(
    mut condition: Condition,
    all: &Option<Vec<F>>,
    any: &Option<Vec<F>>,
    not: &Option<Box<F>>,
) -> Condition {
    for filter in all.iter().flatten() {
        condition = condition.add(filter.condition());
    }
    if let Some(any) = any {
        condition = condition.add(
            any.iter()
                .fold(Condition::any(), |any, filter| any.add(filter.condition())),
        );
    }
    if let Some(not) = not {
        condition = condition.add(not.condition().not());
    }
    condition
}

/// The complexity of a connection field: its page size times its nodes' complexity, so a
/// deep query of wide pages is refused before it runs. A size above [`MAX_PAGE_SIZE`]
/// counts as that largest page: such a page is refused before it reads anything, and its
/// own error (which names the bound) is the one to give rather than "too complex".
pub fn page_complexity(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let size = first
        .or(last)
        .and_then(|size| u64::try_from(size).ok())
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .min(MAX_PAGE_SIZE);
    usize::try_from(size)
        .unwrap_or(usize::MAX)
        .max(1)
        .saturating_mul(child_complexity)
        .saturating_add(1)
}

#[cfg(test)]
mod tests {
    use sea_orm::Value;
    use sea_orm::prelude::{DateTimeWithTimeZone, Decimal, Json, PgVector};

    use super::positional;

    /// Every field type of the catalog's models (`entity`), as a model's default holds it:
    /// a statement reading a column of another type fails to decode, naming the column.
    #[test]
    fn every_field_type_of_the_catalog_decodes_by_position() {
        let defaults: [(&str, Value); 12] = [
            ("bool", bool::default().into()),
            ("i32", i32::default().into()),
            ("i64", i64::default().into()),
            ("f64", f64::default().into()),
            ("String and text enums", String::default().into()),
            ("Uuid", uuid::Uuid::default().into()),
            ("Decimal", Decimal::default().into()),
            (
                "DateTimeWithTimeZone",
                DateTimeWithTimeZone::default().into(),
            ),
            ("Json", Json::default().into()),
            ("Vec<String>", Vec::<String>::default().into()),
            ("Option<Uuid>", Option::<uuid::Uuid>::None.into()),
            ("Option<PgVector>", Option::<PgVector>::None.into()),
        ];
        for (name, value) in defaults {
            assert!(
                positional(&value).is_some(),
                "{name} ({value:?}) has no positional decoder"
            );
        }
    }
}
