//! The declarative macros that make a catalog table a few lines:
//!
//! - [`table!`](crate::table) declares a table's GraphQL object (its entity's columns,
//!   flattened), its filter input, its order input and its [`Table`](super::table::Table)
//!   glue;
//! - [`relations!`](crate::relations) declares its relation fields, to-one and paginated
//!   to-many, all resolved through the request's dataloader;
//! - [`root_fields!`](crate::root_fields) declares a domain's by-id and connection root
//!   fields;
//! - [`change_feeds!`](crate::change_feeds) declares a domain's change feeds (live
//!   inserted / updated / deleted rows, [`changes`](super::live::changes)).

/// Declares a table's GraphQL object, filter input, order input and `Table` glue.
///
/// ```ignore
/// table! {
///     /// A post on its author's wall.
///     Post => posts,
///     filter PostFilter { author_id: UuidFilter => AuthorId },
///     order PostOrder / PostOrderField { CreatedAt => CreatedAt } default CreatedAt,
/// }
/// ```
/// Order fields must be non-null columns (cursors carry their value).
#[macro_export]
macro_rules! table {
    (
        $(#[$doc:meta])*
        $name:ident => $entity:ident,
        filter $filter:ident { $($filter_field:ident: $filter_type:ty => $filter_column:ident),* $(,)? },
        order $order:ident / $order_field:ident { $($order_name:ident => $order_column:ident),+ $(,)? }
            default $default:ident $(,)?
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, async_graphql::SimpleObject)]
        #[graphql(complex)]
        pub struct $name {
            /// The row's columns.
            #[graphql(flatten)]
            pub row: $entity::Model,
        }

        impl $crate::graphql::table::Table for $name {
            type Entity = $entity::Entity;
            type Filter = $filter;
            type Order = $order;

            fn id_column() -> $entity::Column {
                $entity::Column::Id
            }

            fn from_model(row: $entity::Model) -> Self {
                Self { row }
            }

            fn model(&self) -> &$entity::Model {
                &self.row
            }

            fn id(row: &$entity::Model) -> uuid::Uuid {
                row.id
            }
        }

        #[doc = concat!("Conditions on ", stringify!($name), " rows; all given conditions must hold.")]
        #[derive(Debug, Clone, Default, async_graphql::InputObject)]
        pub struct $filter {
            $(
                #[doc = concat!("Conditions on `", stringify!($filter_field), "`.")]
                pub $filter_field: Option<$filter_type>,
            )*
            /// Every one of these filters holds.
            pub and: Option<Vec<$filter>>,
            /// At least one of these filters holds.
            pub or: Option<Vec<$filter>>,
            /// This filter does not hold.
            pub not: Option<Box<$filter>>,
        }

        impl $crate::graphql::table::TableFilter for $filter {
            fn condition(&self) -> sea_orm::Condition {
                use $crate::graphql::filter::ColumnFilter as _;
                let mut condition = sea_orm::Condition::all();
                $(
                    if let Some(filter) = &self.$filter_field {
                        condition = condition.add(filter.condition($entity::Column::$filter_column));
                    }
                )*
                $crate::graphql::table::combine(condition, &self.and, &self.or, &self.not)
            }
        }

        #[doc = concat!("The fields ", stringify!($name), " lists can be ordered by.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
        pub enum $order_field {
            $(
                #[doc = concat!("By `", stringify!($order_column), "`.")]
                $order_name,
            )+
        }

        #[doc = concat!("How to order ", stringify!($name), " lists (ties broken by id).")]
        #[derive(Debug, Clone, async_graphql::InputObject)]
        pub struct $order {
            /// The field to order by.
            pub field: $order_field,
            /// Ascending or descending (default: descending).
            #[graphql(default)]
            pub direction: $crate::graphql::table::OrderDirection,
        }

        impl Default for $order {
            fn default() -> Self {
                Self {
                    field: $order_field::$default,
                    direction: $crate::graphql::table::OrderDirection::Desc,
                }
            }
        }

        impl $crate::graphql::table::OrderInput for $order {
            type Column = $entity::Column;

            fn column(&self) -> $entity::Column {
                match self.field {
                    $($order_field::$order_name => $entity::Column::$order_column,)+
                }
            }

            fn field_name(&self) -> &'static str {
                match self.field {
                    $($order_field::$order_name => stringify!($order_name),)+
                }
            }

            fn direction(&self) -> $crate::graphql::table::OrderDirection {
                self.direction
            }
        }
    };
}

/// Declares a table's relation fields, and the [`Planned`](super::plan::Planned) impl that
/// reads them ahead for a whole level of rows and renders them (planned reads).
///
/// `to_one { author: Profile = author_id }` resolves the row whose id is `self.row.author_id`;
/// `to_many { comments: Comment = comments::Column::PostId }` pages the rows whose column
/// points at `self.row.id` (`=> order` after the column sets the order used when the client
/// gives none, e.g. steps by position, ascending); the optional `unique { settings: UserSettings =
/// user_settings::Column::UserId }` resolves the one row whose unique column points at it;
/// the optional `fields { ... }` holds the type's other computed fields, written out.
#[macro_export]
macro_rules! relations {
    (
        $name:ident {
            to_one { $( $(#[$one_doc:meta])* $one:ident: $one_type:ty = $one_key:ident ),* $(,)? }
            to_many { $( $(#[$many_doc:meta])* $many:ident: $many_type:ty = $many_column:expr $(=> $many_order:expr)? ),* $(,)? }
            $( unique { $( $(#[$unique_doc:meta])* $unique:ident: $unique_type:ty = $unique_column:expr ),* $(,)? } )?
            $( fields { $($fields:tt)* } )?
        }
    ) => {
        #[async_graphql::ComplexObject]
        impl $name {
            $(
                $(#[$one_doc])*
                async fn $one(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                ) -> async_graphql::Result<Option<$one_type>> {
                    Ok($crate::graphql::resolve::by_id::<$one_type>(ctx, self.row.$one_key).await?)
                }
            )*
            $(
                $(#[$many_doc])*
                #[graphql(complexity = "switchyard_core::graphql::table::page_complexity(first, None, child_complexity)")]
                async fn $many(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    first: Option<i32>,
                    after: Option<String>,
                    filter: Option<<$many_type as $crate::graphql::table::Table>::Filter>,
                    order_by: Option<<$many_type as $crate::graphql::table::Table>::Order>,
                ) -> async_graphql::Result<
                    $crate::graphql::table::TableConnection<$many_type>,
                > {
                    $(let order_by = order_by.or(Some($many_order));)?
                    Ok($crate::graphql::resolve::children::<$many_type>(
                        ctx, $many_column, self.row.id, first, after, filter, order_by,
                    )
                    .await?)
                }
            )*
            $($(
                $(#[$unique_doc])*
                async fn $unique(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                ) -> async_graphql::Result<Option<$unique_type>> {
                    Ok($crate::graphql::resolve::unique_child::<$unique_type>(ctx, $unique_column, self.row.id).await?)
                }
            )*)?
            $($($fields)*)?
        }

        impl $crate::graphql::plan::Planned for $name {
            fn relation_key(name: &str) -> Option<&'static str> {
                $(
                    if $crate::graphql::plan::is_field(name, stringify!($one)) {
                        return Some(stringify!($one_key));
                    }
                )*
                $(
                    if $crate::graphql::plan::is_field(name, stringify!($many)) {
                        return Some("id");
                    }
                )*
                $($(
                    if $crate::graphql::plan::is_field(name, stringify!($unique)) {
                        return Some("id");
                    }
                )*)?
                let _ = name;
                None
            }

            fn join(
                field: &async_graphql::Context<'_>,
                statement: &mut sea_orm::sea_query::SelectStatement,
                table: &str,
                count: &mut usize,
            ) -> Option<$crate::graphql::plan::Joined> {
                let name = field.item.node.name.node.as_str();
                // A table without to-one relations joins nothing.
                let _ = (&statement, table, &count, name);
                $(
                    if $crate::graphql::plan::is_field(name, stringify!($one)) {
                        return $crate::graphql::plan::join::<Self, $one_type>(
                            field, statement, table, stringify!($one_key), count,
                        );
                    }
                )*
                None
            }

            fn relation<'a>(
                loader: &'a $crate::graphql::loaders::RowLoader,
                field: &'a async_graphql::Context<'a>,
                rows: &'a $crate::graphql::plan::Rows<'a, Self>,
            ) -> Option<$crate::graphql::plan::Reading<'a, Self>> {
                let name = field.item.node.name.node.as_str();
                // A table without relations reads nothing ahead.
                let _ = (loader, rows, name);
                $(
                    if $crate::graphql::plan::is_field(name, stringify!($one)) {
                        return Some($crate::graphql::plan::to_one::<Self, $one_type>(
                            loader, field, rows, |row| Option::<uuid::Uuid>::from(row.$one_key),
                        ));
                    }
                )*
                $(
                    if $crate::graphql::plan::is_field(name, stringify!($many)) {
                        let default_order = None $(.or(Some($many_order)))?;
                        return Some($crate::graphql::plan::to_many::<Self, $many_type>(
                            loader, field, rows, $many_column, default_order, false,
                        ));
                    }
                )*
                $($(
                    if $crate::graphql::plan::is_field(name, stringify!($unique)) {
                        return Some($crate::graphql::plan::to_many::<Self, $unique_type>(
                            loader, field, rows, $unique_column, None, true,
                        ));
                    }
                )*)?
                None
            }
        }
    };
}

/// Declares a domain's root fields: for each table, a by-id field and a connection.
#[macro_export]
macro_rules! root_fields {
    ($(#[$doc:meta])* $query:ident { $( $one:ident, $many:ident: $table:ty );+ $(;)? }) => {
        $(#[$doc])*
        #[derive(Debug, Default)]
        pub struct $query;

        #[async_graphql::Object]
        impl $query {
            $(
                #[doc = concat!("The ", stringify!($table), " with this id, if it exists and the viewer may see it.")]
                async fn $one(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    id: uuid::Uuid,
                ) -> async_graphql::Result<Option<$crate::graphql::plan::Answer<$table>>> {
                    Ok($crate::graphql::resolve::root_by_id::<$table>(ctx, id).await?)
                }

                #[doc = concat!("A page of the ", stringify!($table), " rows the viewer may see.")]
                #[graphql(complexity = "switchyard_core::graphql::table::page_complexity(first, last, child_complexity)")]
                async fn $many(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    first: Option<i32>,
                    after: Option<String>,
                    last: Option<i32>,
                    before: Option<String>,
                    filter: Option<<$table as $crate::graphql::table::Table>::Filter>,
                    order_by: Option<<$table as $crate::graphql::table::Table>::Order>,
                ) -> async_graphql::Result<
                    $crate::graphql::plan::Answer<
                        $crate::graphql::table::TableConnection<$table>,
                    >,
                > {
                    let page = $crate::graphql::table::PageArgs { first, after, last, before };
                    Ok($crate::graphql::resolve::list::<$table>(
                        ctx, sea_orm::Condition::all(), filter, order_by, page,
                    )
                    .await?)
                }
            )+
        }
    };
}

/// Declares change feeds: a subscription object with one field per table, and each field's
/// event type (`cursor`, `kind`, `id`, `node`). The rows' audience is the viewer (`owned`)
/// or the members of a group row the viewer may see (`of Group("what") by argument`); each
/// table's `realtime.publish_change` trigger (in its migration) routes its rows to the
/// same audience, its owner's id or its group's id.
///
/// ```ignore
/// change_feeds! {
///     /// Live changes of the viewer's AI clones and tasks.
///     AiChanges owned {
///         /// The viewer's AI tasks as they change.
///         ai_task_changes: AiTask => AiTaskChange;
///     }
/// }
/// change_feeds! {
///     /// Live changes of a session's rows, for its members.
///     CollaborationChanges of CollaborationSession("collaboration session") by session_id {
///         /// A session's participants as they change.
///         collaboration_participant_changes: CollaborationParticipant => CollaborationParticipantChange;
///     }
/// }
/// ```
#[macro_export]
macro_rules! change_feeds {
    (
        $(#[$doc:meta])* $feeds:ident owned {
            $( $(#[$field_doc:meta])* $field:ident: $table:ty => $change:ident; )+
        }
    ) => {
        $crate::change_feeds!(@events $( $table => $change; )+);

        $(#[$doc])*
        #[derive(Debug, Default)]
        pub struct $feeds;

        impl $feeds {
            /// The feeds' root fields, as Rust spells them.
            pub const FIELDS: &'static [&'static str] = &[$( stringify!($field) ),+];
        }

        #[async_graphql::Subscription]
        impl $feeds {
            $(
                $(#[$field_doc])*
                async fn $field(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    filter: Option<<$table as $crate::graphql::table::Table>::Filter>,
                    after: Option<String>,
                ) -> async_graphql::Result<
                    impl async_graphql::futures_util::Stream<Item = async_graphql::Result<$change>> + use<>,
                > {
                    $crate::graphql::live::changes::owned::<$table, $change>(ctx, filter, after).await
                }
            )+
        }
    };
    (
        $(#[$doc:meta])* $feeds:ident of $group:ident($what:literal) by $group_arg:ident {
            $( $(#[$field_doc:meta])* $field:ident: $table:ty => $change:ident; )+
        }
    ) => {
        $crate::change_feeds!(@events $( $table => $change; )+);

        $(#[$doc])*
        #[derive(Debug, Default)]
        pub struct $feeds;

        impl $feeds {
            /// The feeds' root fields, as Rust spells them.
            pub const FIELDS: &'static [&'static str] = &[$( stringify!($field) ),+];
        }

        #[async_graphql::Subscription]
        impl $feeds {
            $(
                $(#[$field_doc])*
                async fn $field(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    $group_arg: uuid::Uuid,
                    filter: Option<<$table as $crate::graphql::table::Table>::Filter>,
                    after: Option<String>,
                ) -> async_graphql::Result<
                    impl async_graphql::futures_util::Stream<Item = async_graphql::Result<$change>> + use<>,
                > {
                    $crate::graphql::live::changes::of_group::<$table, $group, $change>(
                        ctx, $group_arg, $what, filter, after,
                    )
                    .await
                }
            )+
        }
    };
    (@events $( $table:ty => $change:ident; )+) => {
        $(
            #[doc = concat!("A change of a ", stringify!($table), " row.")]
            #[derive(Debug, Clone, async_graphql::SimpleObject)]
            pub struct $change {
                /// Pass as `after` to resume right after this change.
                pub cursor: String,
                /// What happened.
                pub kind: $crate::graphql::live::changes::ChangeKind,
                /// The row's id.
                pub id: uuid::Uuid,
                /// The row as the change left it; null when deleted, or moved out of the
                /// feed's audience.
                pub node: Option<$table>,
            }

            impl From<$crate::graphql::live::changes::Change<$table>> for $change {
                fn from(change: $crate::graphql::live::changes::Change<$table>) -> Self {
                    Self { cursor: change.cursor, kind: change.kind, id: change.id, node: change.node }
                }
            }
        )+
    };
}
