//! Counts and aggregates on every connection: `totalCount`, `aggregate { count sum avg min
//! max }` and `groupedAggregates(groupBy:)`, over the rows the connection's filter selects
//! (its page aside).
//!
//! The types are generated for each table from its entity's columns, so a new table needs
//! no lines: `sum` and `avg` over its numeric columns (`Float`, or `Decimal` for decimal
//! columns), `min` and `max` over its numeric and time columns in the column's own type,
//! `groupBy` over its text, enum and boolean columns, whose `keys` are the values as
//! PostgreSQL writes them as text (as PostGraphile's grouped aggregates do). Every result
//! is nullable: an aggregate of no rows is null, as in SQL.
//!
//! Each aggregate field of a connection is one statement, `SELECT count(*), sum(…), …
//! WHERE <filter> GROUP BY <keys>`, in the request's RLS transaction, so a row the viewer
//! may not see is never counted. A nested connection planned ahead reads it for every
//! parent of its level at once (`GROUP BY` the parent key, over `= ANY($1)`), so its
//! statement count does not grow with the parents; a connection resolved field by field
//! ([`Totals`]) reads it for its own rows. Only the functions and columns the selection
//! names are computed.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use async_graphql::context::ContextSelectionSet;
use async_graphql::parser::types::{Field, VariableDefinition};
use async_graphql::registry::{
    Deprecation, MetaEnumValue, MetaField, MetaInputValue, MetaType, MetaTypeId, Registry,
};
use async_graphql::{
    ContainerType, Context, ObjectType, OutputType, Positioned, ScalarType as _, ServerError,
    ServerResult, Value, VisitorContext,
};
use chrono::{DateTime, FixedOffset};
use sea_orm::prelude::Decimal;
use sea_orm::sea_query::extension::postgres::PgFunc;
use sea_orm::sea_query::{Alias, ColumnType, Expr, ExprTrait as _, Func, Order, Query};
use sea_orm::{ColumnTrait as _, Condition, DbErr, IdenStatic as _, Iterable as _, QueryResult};
use uuid::Uuid;

use crate::db::DbError;
use crate::graphql::error::ApiError;
use crate::graphql::loaders::RowLoader;
use crate::graphql::plan::{ObjectValue, is_field, place, selected_fields, selection};
use crate::graphql::resolve;
use crate::graphql::table::{Column, DEFAULT_PAGE_SIZE, Table, TableConnection, Totals};

/// Most groups one `groupedAggregates` statement may return (over all parents of a level).
pub const MAX_GROUPS: usize = 1000;

/// The complexity of an aggregate field beside its selection's: it reads every row its
/// filter selects, so it costs what a default page costs. Nested, it is multiplied by the
/// page sizes above it, as the nodes are.
const AGGREGATE_COMPLEXITY: usize = DEFAULT_PAGE_SIZE as usize;

/// The parent key of a nested aggregate's rows.
const PARENT: &str = "parent";

/// An aggregate function over one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Function {
    Sum,
    Avg,
    Min,
    Max,
}

impl Function {
    const ALL: [Self; 4] = [Self::Sum, Self::Avg, Self::Min, Self::Max];

    fn field(self) -> &'static str {
        match self {
            Self::Sum => "sum",
            Self::Avg => "avg",
            Self::Min => "min",
            Self::Max => "max",
        }
    }

    fn type_suffix(self) -> &'static str {
        match self {
            Self::Sum => "AggregateSum",
            Self::Avg => "AggregateAvg",
            Self::Min => "AggregateMin",
            Self::Max => "AggregateMax",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Sum => "sum of each numeric column",
            Self::Avg => "mean of each numeric column",
            Self::Min => "smallest value of each numeric or time column",
            Self::Max => "largest value of each numeric or time column",
        }
    }

    fn of(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|function| function.field() == name)
    }

    fn applies(self, kind: Kind) -> bool {
        match self {
            Self::Sum | Self::Avg => kind.numeric,
            Self::Min | Self::Max => kind.orderable,
        }
    }

    /// The GraphQL type of this function over a column of `column_type`.
    fn result_type(self, column_type: &ColumnType) -> &'static str {
        match (self, column_type) {
            (Self::Sum | Self::Avg, ColumnType::Decimal(_)) => "Decimal",
            (Self::Sum | Self::Avg, _) => "Float",
            (Self::Min | Self::Max, _) => scalar_name(column_type),
        }
    }

    /// The SQL of this function over `column`: sums and means of integers and floats as
    /// `float8`, so one GraphQL type reads them.
    fn sql(self, column: Expr, column_type: &ColumnType) -> Expr {
        let call = match self {
            Self::Sum => Func::sum(column),
            Self::Avg => Func::avg(column),
            Self::Min => Func::min(column),
            Self::Max => Func::max(column),
        };
        match (self, column_type) {
            (Self::Sum | Self::Avg, ColumnType::Decimal(_)) | (Self::Min | Self::Max, _) => {
                call.into()
            }
            (Self::Sum | Self::Avg, _) => Func::cast_as(call, Alias::new("float8")).into(),
        }
    }
}

/// What a column's type allows.
#[derive(Debug, Clone, Copy, Default)]
struct Kind {
    numeric: bool,
    orderable: bool,
    groupable: bool,
}

fn kind(column_type: &ColumnType) -> Kind {
    match column_type {
        ColumnType::SmallInteger
        | ColumnType::Integer
        | ColumnType::BigInteger
        | ColumnType::Float
        | ColumnType::Double
        | ColumnType::Decimal(_) => Kind {
            numeric: true,
            orderable: true,
            groupable: false,
        },
        ColumnType::TimestampWithTimeZone => Kind {
            orderable: true,
            ..Kind::default()
        },
        // Text (enums are `Text`, ordered by their text, not their meaning) and booleans:
        // groups, not extremes; the smallest of a column of tokens or hashes is no statistic.
        ColumnType::String(_) | ColumnType::Text | ColumnType::Boolean => Kind {
            groupable: true,
            ..Kind::default()
        },
        _ => Kind::default(),
    }
}

/// The GraphQL scalar a column of `column_type` is (for the types [`kind`] orders).
fn scalar_name(column_type: &ColumnType) -> &'static str {
    match column_type {
        ColumnType::Float | ColumnType::Double => "Float",
        ColumnType::Decimal(_) => "Decimal",
        ColumnType::TimestampWithTimeZone => "DateTime",
        _ => "Int",
    }
}

/// The GraphQL name of column `name` (`likes_count` is `likesCount`).
fn field_name(name: &str) -> String {
    let mut field = String::with_capacity(name.len());
    let mut upper = false;
    for character in name.chars() {
        if character == '_' {
            upper = true;
        } else if upper {
            field.push(character.to_ascii_uppercase());
            upper = false;
        } else {
            field.push(character);
        }
    }
    field
}

/// The columns of `T` that `function` applies to.
fn columns_for<T: Table>(function: Function) -> impl Iterator<Item = Column<T>> {
    Column::<T>::iter().filter(move |column| function.applies(kind(column.def().get_column_type())))
}

/// The columns of `T` a `groupedAggregates` may group by.
fn groupable<T: Table>() -> impl Iterator<Item = Column<T>> {
    Column::<T>::iter().filter(|column| kind(column.def().get_column_type()).groupable)
}

/// The `groupBy` enum value of `column`.
fn group_value<T: Table>(column: Column<T>) -> String {
    column.as_str().to_ascii_uppercase()
}

// The schema types: one object per table and function, built from the entity's columns.

fn aggregate_complexity(
    _: &VisitorContext<'_>,
    _: &[Positioned<VariableDefinition>],
    _: &Field,
    child_complexity: usize,
) -> ServerResult<usize> {
    Ok(AGGREGATE_COMPLEXITY.saturating_add(child_complexity))
}

/// A field of a connection's totals, which reads every row its filter selects.
fn costly(mut field: MetaField) -> MetaField {
    field.compute_complexity = Some(aggregate_complexity);
    field
}

fn meta_field(name: &str, ty: String, description: String) -> MetaField {
    MetaField {
        name: name.to_owned(),
        description: Some(description),
        args: Default::default(),
        ty,
        deprecation: Deprecation::NoDeprecated,
        cache_control: Default::default(),
        external: false,
        requires: None,
        provides: None,
        visible: None,
        shareable: false,
        inaccessible: false,
        tags: Vec::new(),
        override_from: None,
        compute_complexity: None,
        directive_invocations: Vec::new(),
        requires_scopes: Vec::new(),
    }
}

fn meta_object(name: &str, description: String, fields: Vec<MetaField>) -> MetaType {
    MetaType::Object {
        name: name.to_owned(),
        description: Some(description),
        fields: fields
            .into_iter()
            .map(|field| (field.name.clone(), field))
            .collect(),
        cache_control: Default::default(),
        extends: false,
        shareable: false,
        resolvable: true,
        keys: None,
        visible: None,
        inaccessible: false,
        interface_object: false,
        tags: Vec::new(),
        is_subscription: false,
        rust_typename: None,
        directive_invocations: Vec::new(),
        requires_scopes: Vec::new(),
    }
}

/// Registers `T`'s aggregate object and what it refers to; its name.
fn register_aggregate<T: Table>(registry: &mut Registry) -> String {
    let node = T::type_name();
    let name = format!("{node}Aggregate");
    if registry.types.contains_key(&name) {
        return name;
    }
    let mut fields = vec![
        meta_field(
            "keys",
            "[String]".into(),
            "The values grouped by, in `groupBy` order, as text; null when not grouped.".into(),
        ),
        meta_field("count", "Int!".into(), "How many rows.".into()),
    ];
    for function in Function::ALL {
        let columns: Vec<MetaField> = columns_for::<T>(function)
            .map(|column| {
                let column_name = field_name(column.as_str());
                meta_field(
                    &column_name,
                    function
                        .result_type(column.def().get_column_type())
                        .to_owned(),
                    format!("The {} of `{column_name}`.", function.field()),
                )
            })
            .collect();
        if columns.is_empty() {
            continue;
        }
        let type_name = format!("{node}{}", function.type_suffix());
        let description = format!(
            "The {} of the {node} rows, each null over no rows.",
            function.describe()
        );
        registry.types.insert(
            type_name.clone(),
            meta_object(&type_name, description.clone(), columns),
        );
        fields.push(meta_field(
            function.field(),
            format!("{type_name}!"),
            description,
        ));
    }
    registry.types.insert(
        name.clone(),
        meta_object(
            &name,
            format!("Aggregates over {node} rows: all the filter selects, or one group."),
            fields,
        ),
    );
    name
}

/// Registers `T`'s `groupBy` enum, `None` when `T` has nothing to group by.
fn register_group_by<T: Table>(registry: &mut Registry) -> Option<String> {
    let node = T::type_name();
    let name = format!("{node}GroupBy");
    let values: Vec<MetaEnumValue> = groupable::<T>()
        .map(|column| MetaEnumValue {
            name: group_value::<T>(column),
            description: Some(format!("Group by `{}`.", field_name(column.as_str()))),
            deprecation: Deprecation::NoDeprecated,
            visible: None,
            inaccessible: false,
            tags: Vec::new(),
            directive_invocations: Vec::new(),
        })
        .collect();
    if values.is_empty() {
        return None;
    }
    registry
        .types
        .entry(name.clone())
        .or_insert(MetaType::Enum {
            name: name.clone(),
            description: Some(format!("The columns {node} rows can be grouped by.")),
            enum_values: values
                .into_iter()
                .map(|value| (value.name.clone(), value))
                .collect(),
            visible: None,
            inaccessible: false,
            tags: Vec::new(),
            rust_typename: None,
            directive_invocations: Vec::new(),
            requires_scopes: Vec::new(),
        });
    Some(name)
}

/// A connection's totals are flattened into it: this type only carries their fields, and
/// resolves them field by field (a planned connection reads them ahead instead).
#[async_trait::async_trait]
impl<T: Table> OutputType for Totals<T> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Totals", T::type_name()).into()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            let node = T::type_name();
            let aggregate = register_aggregate::<T>(registry);
            let mut fields = vec![
                costly(meta_field(
                    "totalCount",
                    "Int!".into(),
                    format!("How many {node} rows the filter selects, on every page."),
                )),
                costly(meta_field(
                    "aggregate",
                    format!("{aggregate}!"),
                    format!("Aggregates over the {node} rows the filter selects, on every page."),
                )),
            ];
            if let Some(group_by) = register_group_by::<T>(registry) {
                let mut grouped = meta_field(
                    "groupedAggregates",
                    format!("[{aggregate}!]!"),
                    format!(
                        "Aggregates per group of the {node} rows the filter selects, groups \
                         ordered by their keys, at most {MAX_GROUPS}."
                    ),
                );
                grouped.args.insert(
                    "groupBy".into(),
                    MetaInputValue {
                        name: "groupBy".into(),
                        description: Some("The columns whose values make a group.".into()),
                        ty: format!("[{group_by}!]!"),
                        deprecation: Deprecation::NoDeprecated,
                        default_value: None,
                        visible: None,
                        inaccessible: false,
                        tags: Vec::new(),
                        is_secret: false,
                        directive_invocations: Vec::new(),
                    },
                );
                fields.push(costly(grouped));
            }
            meta_object(
                &Self::type_name(),
                format!("Counts and aggregates of {node} rows."),
                fields,
            )
        })
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        async_graphql::resolver_utils::resolve_container(ctx, self).await
    }
}

#[async_trait::async_trait]
impl<T: Table> ContainerType for Totals<T> {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let Some(ask) = Ask::<T>::of(ctx).map_err(|error| server_error(ctx, error))? else {
            return Ok(None);
        };
        let read = async {
            let loader = resolve::loader(ctx)?.loader();
            ask.read(loader, self.condition().clone(), None).await
        };
        let groups = read.await.map_err(|error| server_error(ctx, error))?;
        ask.render(ctx, groups.get(&Uuid::nil()).map_or(&[][..], Vec::as_slice))
            .map(Some)
    }
}

impl<T: Table> ObjectType for Totals<T> {}

fn server_error(ctx: &Context<'_>, error: ApiError) -> ServerError {
    ctx.set_error_path(async_graphql::Error::from(error).into_server_error(ctx.item.pos))
}

/// The aggregates of a planned connection, read ahead for every parent of its level: by
/// field place, each parent's groups (the root's under the nil id), or why the field fails.
#[derive(Default)]
pub struct Summaries(HashMap<usize, Result<Groups, ServerError>>);

/// Each parent's groups.
type Groups = HashMap<Uuid, Vec<QueryResult>>;

impl Summaries {
    /// Reads the aggregate fields of connection selection `set` (on a `T` connection) over
    /// the rows `condition` selects: per parent of `parents` (the column pointing at the
    /// parent, and the parents' ids), or over all of them. A field that fails fails where
    /// it is rendered, as it would resolved field by field.
    pub async fn read<T: Table>(
        loader: &RowLoader,
        set: &ContextSelectionSet<'_>,
        condition: &Condition,
        parents: Option<(Column<T>, &[Uuid])>,
    ) -> Self {
        let mut summaries = Self::default();
        let connection = TableConnection::<T>::type_name();
        for field in selected_fields(set, &connection) {
            let place = place(field);
            let field_ctx = set.with_field(field);
            if summaries.0.contains_key(&place) {
                continue;
            }
            let groups = match Ask::<T>::of(&field_ctx) {
                Ok(Some(ask)) => ask.read(loader, condition.clone(), parents).await,
                Ok(None) => continue,
                Err(error) => Err(error),
            };
            let groups = groups
                .map_err(|error| async_graphql::Error::from(error).into_server_error(field.pos));
            summaries.0.insert(place, groups);
        }
        summaries
    }

    /// The value of aggregate field `field` for `parent` (the nil id at the root), `None`
    /// when `field` is not one.
    pub fn render<T: Table>(
        &self,
        field: &Context<'_>,
        parent: Uuid,
    ) -> Option<ServerResult<Value>> {
        let groups = match self.0.get(&place(field.item))? {
            Ok(groups) => groups,
            Err(error) => return Some(Err(field.set_error_path(error.clone()))),
        };
        let ask = match Ask::<T>::of(field) {
            Ok(ask) => ask?,
            Err(error) => return Some(Err(server_error(field, error))),
        };
        let groups = groups.get(&parent).map_or(&[][..], Vec::as_slice);
        Some(ask.render(field, groups))
    }
}

/// What one aggregate field asks for.
struct Ask<T: Table> {
    shape: Shape,
    keys: Vec<Column<T>>,
    /// By column name: columns are not ordered.
    measures: BTreeSet<(Function, &'static str)>,
}

/// The three aggregate fields of a connection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    TotalCount,
    Aggregate,
    Grouped,
}

impl<T: Table> Ask<T> {
    /// What aggregate field `field` asks for, `None` when it is not one.
    fn of(field: &Context<'_>) -> Result<Option<Self>, ApiError> {
        let shape = match field.item.node.name.node.as_str() {
            "totalCount" => Shape::TotalCount,
            "aggregate" => Shape::Aggregate,
            "groupedAggregates" => Shape::Grouped,
            _ => return Ok(None),
        };
        let keys = if shape == Shape::Grouped {
            group_keys::<T>(field)?
        } else {
            Vec::new()
        };
        let mut measures = BTreeSet::new();
        if shape != Shape::TotalCount {
            let set = selection(field);
            for part in selected_fields(&set, &format!("{}Aggregate", T::type_name())) {
                let Some(function) = Function::of(part.node.name.node.as_str()) else {
                    continue;
                };
                let inner = set.with_selection_set(&part.node.selection_set);
                let type_name = format!("{}{}", T::type_name(), function.type_suffix());
                for column_field in selected_fields(&inner, &type_name) {
                    let name = column_field.node.name.node.as_str();
                    if let Some(column) =
                        columns_for::<T>(function).find(|column| is_field(name, column.as_str()))
                    {
                        measures.insert((function, column.as_str()));
                    }
                }
            }
        }
        Ok(Some(Self {
            shape,
            keys,
            measures,
        }))
    }

    /// Reads the groups this field asks for over the rows `condition` selects, by parent
    /// (all under the nil id without `parents`).
    async fn read(
        &self,
        loader: &RowLoader,
        condition: Condition,
        parents: Option<(Column<T>, &[Uuid])>,
    ) -> Result<Groups, ApiError> {
        let table = T::Entity::default();
        let mut statement = Query::select();
        statement.from(table).cond_where(condition);
        statement.expr_as(Expr::cust("count(*)"), Alias::new("count"));
        if let Some((column, ids)) = parents {
            let parent = Expr::col((table, column));
            statement
                .expr_as(parent.clone(), Alias::new(PARENT))
                .and_where(parent.clone().eq(PgFunc::any(ids.to_vec())))
                .add_group_by([parent]);
        }
        for (index, column) in self.keys.iter().enumerate() {
            let key = Expr::col((table, *column));
            statement
                .expr_as(
                    Func::cast_as(key.clone(), Alias::new("text")),
                    Alias::new(key_alias(index)),
                )
                .add_group_by([key.clone()])
                .order_by_expr(key, Order::Asc);
        }
        for (function, name) in &self.measures {
            let Some(column) = Column::<T>::iter().find(|column| column.as_str() == *name) else {
                continue;
            };
            statement.expr_as(
                function.sql(Expr::col((table, column)), column.def().get_column_type()),
                Alias::new(measure_alias(*function, name)),
            );
        }
        if self.shape == Shape::Grouped {
            statement.limit(u64::try_from(MAX_GROUPS).unwrap_or(u64::MAX) + 1);
        }
        let rows = loader.read(&statement).await?;
        if rows.len() > MAX_GROUPS {
            return Err(ApiError::bad_input(
                "groupBy",
                format!("more than {MAX_GROUPS} groups: filter the rows or group by fewer columns"),
            ));
        }
        let mut groups = Groups::new();
        for row in rows {
            let parent = if parents.is_some() {
                row.try_get::<Uuid>("", PARENT).map_err(DbError::from)?
            } else {
                Uuid::nil()
            };
            groups.entry(parent).or_default().push(row);
        }
        Ok(groups)
    }

    /// The field's value from its groups as read (none: the aggregates of no rows).
    fn render(&self, field: &Context<'_>, groups: &[QueryResult]) -> ServerResult<Value> {
        let decoded = |result: Result<Value, DbErr>| {
            result.map_err(|error| server_error(field, DbError::from(error).into()))
        };
        match self.shape {
            Shape::TotalCount => decoded(count(groups.first())),
            Shape::Aggregate => decoded(self.aggregate(field, groups.first())),
            Shape::Grouped => groups
                .iter()
                .enumerate()
                .map(|(index, group)| {
                    decoded(self.aggregate(&field.with_index(index), Some(group)))
                })
                .collect::<ServerResult<Vec<Value>>>()
                .map(Value::List),
        }
    }

    /// An aggregate object for selection of `field` from `group` (none: no rows).
    fn aggregate(&self, field: &Context<'_>, group: Option<&QueryResult>) -> Result<Value, DbErr> {
        let type_name = format!("{}Aggregate", T::type_name());
        let set = selection(field);
        let mut object = ObjectValue::default();
        for part in selected_fields(&set, &type_name) {
            let part_ctx = set.with_field(part);
            let name = part.node.name.node.as_str();
            let value = match name {
                "__typename" => Value::String(type_name.clone()),
                "count" => count(group)?,
                "keys" if self.shape == Shape::Grouped => {
                    let mut keys = Vec::with_capacity(self.keys.len());
                    for index in 0..self.keys.len() {
                        let key = group
                            .map(|group| group.try_get::<Option<String>>("", &key_alias(index)))
                            .transpose()?
                            .flatten();
                        keys.push(key.map_or(Value::Null, Value::String));
                    }
                    Value::List(keys)
                }
                "keys" => Value::Null,
                _ => match Function::of(name) {
                    Some(function) => self.function(&part_ctx, function, group)?,
                    None => continue,
                },
            };
            object.add(&part_ctx, Ok(value));
        }
        Ok(object.finish())
    }

    /// A function's object for the selection of `field` from `group`.
    fn function(
        &self,
        field: &Context<'_>,
        function: Function,
        group: Option<&QueryResult>,
    ) -> Result<Value, DbErr> {
        let type_name = format!("{}{}", T::type_name(), function.type_suffix());
        let set = selection(field);
        let mut object = ObjectValue::default();
        for part in selected_fields(&set, &type_name) {
            let part_ctx = set.with_field(part);
            let name = part.node.name.node.as_str();
            let value = if name == "__typename" {
                Value::String(type_name.clone())
            } else if let Some(column) = columns_for::<T>(function)
                .find(|column| is_field(name, column.as_str()))
                .filter(|column| self.measures.contains(&(function, column.as_str())))
            {
                match group {
                    Some(group) => measure(
                        group,
                        &measure_alias(function, column.as_str()),
                        function,
                        column.def().get_column_type(),
                    )?,
                    None => Value::Null,
                }
            } else {
                continue;
            };
            object.add(&part_ctx, Ok(value));
        }
        Ok(object.finish())
    }
}

/// The `groupBy` argument of `field`, as columns.
fn group_keys<T: Table>(field: &Context<'_>) -> Result<Vec<Column<T>>, ApiError> {
    let arguments = field
        .field()
        .arguments()
        .map_err(|error| ApiError::bad_input("groupBy", error.message))?;
    let values = arguments
        .into_iter()
        .find(|(name, _)| name == "groupBy")
        .map(|(_, value)| value);
    let Some(Value::List(values)) = values else {
        return Err(ApiError::bad_input(
            "groupBy",
            "name the columns to group by",
        ));
    };
    let mut keys = Vec::with_capacity(values.len());
    for value in values {
        // Written in the document an enum value, in variables a string.
        let name = match &value {
            Value::Enum(name) => Some(name.as_str()),
            Value::String(name) => Some(name.as_str()),
            _ => None,
        };
        let column =
            name.and_then(|name| groupable::<T>().find(|column| group_value::<T>(*column) == name));
        let column = column
            .ok_or_else(|| ApiError::bad_input("groupBy", format!("cannot group by {value}")))?;
        if !keys
            .iter()
            .any(|key: &Column<T>| key.as_str() == column.as_str())
        {
            keys.push(column);
        }
    }
    if keys.is_empty() {
        return Err(ApiError::bad_input(
            "groupBy",
            "name the columns to group by",
        ));
    }
    Ok(keys)
}

fn key_alias(index: usize) -> String {
    format!("key_{index}")
}

fn measure_alias(function: Function, column: &str) -> String {
    format!("{}_{column}", function.field())
}

/// The row count of `group` (none: no rows).
fn count(group: Option<&QueryResult>) -> Result<Value, DbErr> {
    let count = group
        .map(|group| group.try_get::<i64>("", "count"))
        .transpose()?;
    Ok(Value::Number(count.unwrap_or(0).into()))
}

/// A measure's value in `group`, formatted as the column's scalar is.
fn measure(
    group: &QueryResult,
    alias: &str,
    function: Function,
    column_type: &ColumnType,
) -> Result<Value, DbErr> {
    let float = |value: Option<f64>| {
        value
            .and_then(async_graphql::Number::from_f64)
            .map_or(Value::Null, Value::Number)
    };
    let integer =
        |value: Option<i64>| value.map_or(Value::Null, |value| Value::Number(value.into()));
    Ok(match (function, column_type) {
        (_, ColumnType::Decimal(_)) => group
            .try_get::<Option<Decimal>>("", alias)?
            .map_or(Value::Null, |value| value.to_value()),
        (Function::Sum | Function::Avg, _) | (_, ColumnType::Double) => {
            float(group.try_get::<Option<f64>>("", alias)?)
        }
        (_, ColumnType::Float) => float(group.try_get::<Option<f32>>("", alias)?.map(f64::from)),
        (_, ColumnType::SmallInteger) => {
            integer(group.try_get::<Option<i16>>("", alias)?.map(i64::from))
        }
        (_, ColumnType::Integer) => {
            integer(group.try_get::<Option<i32>>("", alias)?.map(i64::from))
        }
        (_, ColumnType::BigInteger) => integer(group.try_get::<Option<i64>>("", alias)?),
        (_, ColumnType::TimestampWithTimeZone) => group
            .try_get::<Option<DateTime<FixedOffset>>>("", alias)?
            .map_or(Value::Null, |value| value.to_value()),
        // No other column type is measured (see `kind`).
        _ => Value::Null,
    })
}

#[cfg(test)]
mod tests {
    use super::field_name;

    #[test]
    fn column_names_become_the_field_names_async_graphql_gives_them() {
        assert_eq!(field_name("likes_count"), "likesCount");
        assert_eq!(field_name("id"), "id");
        assert_eq!(field_name("size_bytes"), "sizeBytes");
    }
}
