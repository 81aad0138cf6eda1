//! Change feeds: a table's inserted, updated and deleted rows as events, declared beside the
//! table with [`crate::change_feeds!`], for the audience the table's policy gives each row:
//! its owner, or the members of its group.
//!
//! Data enters as the outbox events of `changes:<audience id>` that the table's
//! `realtime.publish_change` trigger writes, whoever made the change: the table and the row
//! as of that commit in the payload (a row too large to travel is read with the event
//! instead). It leaves as the subscribed table's [`Change`]s that pass the subscriber's
//! filter, and as FORBIDDEN once a member is removed from the group.
//!
//! Who may follow a topic is decided once, when subscribing: an owner follows their own id,
//! a member a group row row-level security lets them see. So an event costs the process one
//! outbox read whatever the number of subscribers; a subscriber's filter costs one
//! statement per event that reaches it, evaluated by PostgreSQL on the event's row
//! (`jsonb_populate_record`), so a filter means exactly what it means in a list query.

use async_graphql::{Context, Enum};
use futures_util::{Stream, StreamExt as _};
use sea_orm::sea_query::{Alias, Expr, Func, Query};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, EntityName as _};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::access::{attached, authorize, resume_after};
use super::outbox::{decode, field, log_feed};
use super::{AdmissionOnly, Live};
use crate::graphql::error::ApiError;
use crate::graphql::table::{Model, Table, TableFilter};
use crate::realtime::{Event, Topic, encode_cursor};

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ChangeKind {
    /// It was inserted, or moved into the audience followed.
    Inserted,
    /// Some of its columns changed.
    Updated,
    /// It was deleted, or moved out of the audience followed.
    Deleted,
}

/// One change of a `T` row, which a declared feed turns into its GraphQL event.
pub struct Change<T> {
    /// Pass as `after` to resume right after this change.
    pub cursor: String,
    /// What happened.
    pub kind: ChangeKind,
    /// The row's id.
    pub id: Uuid,
    /// The row as of the change; none once deleted.
    pub node: Option<T>,
}

/// The changes of the `T` rows the viewer owns, passing `filter`, after `after`.
pub async fn owned<T, C>(
    ctx: &Context<'_>,
    filter: Option<T::Filter>,
    after: Option<String>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<C>> + use<T, C>>
where
    T: Table,
    Model<T>: DeserializeOwned,
    C: From<Change<T>> + Send + 'static,
{
    let (live, viewer) = attached(ctx)?;
    let after = resume_after(after.as_deref())?;
    let owner = viewer
        .user_id
        .ok_or_else(|| ApiError::Unauthenticated("sign in to follow your own rows".into()))?;
    let feed = Feed {
        topic: Topic::Changes(owner),
        member: None,
        admission_only: ctx.data_opt::<AdmissionOnly>().is_some(),
    };
    follow::<T, C>(live, feed, filter, after).await
}

/// The changes of the `T` rows of group `group` (a `G` row the viewer may see, `what` in
/// the refusal), passing `filter`, after `after`; ends with FORBIDDEN once the viewer is
/// removed from the group.
pub async fn of_group<T, G, C>(
    ctx: &Context<'_>,
    group: Uuid,
    what: &str,
    filter: Option<T::Filter>,
    after: Option<String>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<C>> + use<T, G, C>>
where
    T: Table,
    G: Table,
    Model<T>: DeserializeOwned,
    C: From<Change<T>> + Send + 'static,
{
    let (live, viewer) = attached(ctx)?;
    let after = resume_after(after.as_deref())?;
    authorize::<G>(&live, &viewer, group, what).await?;
    let feed = Feed {
        topic: Topic::Changes(group),
        member: viewer.user_id,
        admission_only: ctx.data_opt::<AdmissionOnly>().is_some(),
    };
    follow::<T, C>(live, feed, filter, after).await
}

/// The topic a change feed follows, and how.
struct Feed {
    topic: Topic,
    /// The viewer whose removal from the group ends the feed.
    member: Option<Uuid>,
    /// Only admit the subscriber ([`AdmissionOnly`]).
    admission_only: bool,
}

/// `T`'s changes among the events of `feed`'s topic.
async fn follow<T, C>(
    live: Live,
    feed: Feed,
    filter: Option<T::Filter>,
    after: Option<i64>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<C>> + use<T, C>>
where
    T: Table,
    Model<T>: DeserializeOwned,
    C: From<Change<T>> + Send + 'static,
{
    let Feed {
        topic,
        member,
        admission_only,
    } = feed;
    let events = log_feed(live.realtime.clone(), topic, after, admission_only).await?;
    let pool = live.realtime.pool;
    let table = T::Entity::default().table_name().to_owned();
    Ok(async_stream::stream! {
        futures_util::pin_mut!(events);
        while let Some(event) = events.next().await {
            let event = match event {
                Ok(event) => event,
                Err(error) => { yield Err(error.into()); return; }
            };
            if event.kind == "member_removed" {
                if member.is_some() && field::<Uuid>(&event.payload, "user_id") == member {
                    yield Err(ApiError::Forbidden("you were removed from this group".into()).into());
                    return;
                }
                continue;
            }
            let Some(kind) = change_of(&event, &table) else { continue };
            // As of the change's commit; as read now when it was too large to travel.
            let Some(changed) = event.payload.get("row").or(event.row.as_ref()).cloned() else {
                // Too large to travel and deleted since: its DELETED event follows, or was
                // too large to compare and passes every filter.
                if kind != ChangeKind::Deleted { continue }
                yield Ok(C::from(Change { cursor: encode_cursor(event.seq), kind, id: event.row_id, node: None }));
                continue;
            };
            if let Some(filter) = &filter {
                match passes::<T>(&pool, &table, changed.clone(), filter).await {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(error) => { yield Err(error.into()); return; }
                }
            }
            let node = match kind {
                ChangeKind::Deleted => None,
                ChangeKind::Inserted | ChangeKind::Updated => decode::<Model<T>>(changed, event.seq).map(T::from_model),
            };
            yield Ok(C::from(Change { cursor: encode_cursor(event.seq), kind, id: event.row_id, node }));
        }
    })
}

/// The change `event` is, when it is one of `table`'s.
fn change_of(event: &Event, table: &str) -> Option<ChangeKind> {
    if field::<String>(&event.payload, "table").as_deref() != Some(table) {
        return None;
    }
    match event.kind.as_str() {
        "inserted" => Some(ChangeKind::Inserted),
        "updated" => Some(ChangeKind::Updated),
        "deleted" => Some(ChangeKind::Deleted),
        _ => None,
    }
}

/// Whether `row` (a `table` row as JSON) passes `filter`, as PostgreSQL evaluates it.
async fn passes<T: Table>(
    pool: &DatabaseConnection,
    table: &str,
    row: serde_json::Value,
    filter: &T::Filter,
) -> Result<bool, ApiError> {
    let record = Func::cust("jsonb_populate_record")
        .arg(Func::cast_as_quoted(
            Expr::cust("NULL"),
            (Alias::new("public"), Alias::new(table)),
        ))
        .arg(Expr::val(row));
    let query = Query::select()
        .expr(Expr::val(1))
        .from_function(record, Alias::new(table))
        .cond_where(filter.condition())
        .to_owned();
    let found = pool
        .query_one_raw(DbBackend::Postgres.build(&query))
        .await
        .map_err(ApiError::from)?;
    Ok(found.is_some())
}
