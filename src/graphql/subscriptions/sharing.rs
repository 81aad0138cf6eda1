//! How a feed runs inside a shared execution ([`crate::http::fanout`]): the request data
//! asking it only to admit its subscriber, only to send its start (`collaborationEdits`'
//! document), to follow its topic marking a position, or to report revocations for several
//! viewers; and whether a `messageEvents` or `collaborationEdits` selection reads the same
//! for every viewer of a role.
//!
//! Data enters as the fanout's request data (read once per run by [`Sharing::of`]) and as a
//! parsed selection; it leaves as flags the feeds obey and a revocation tagged with the user
//! it concerns, which the fanout routes to that user's members.

use async_graphql::Context;
use async_graphql::parser::types::{Selection, SelectionSet};
use uuid::Uuid;

use switchyard_collaboration::CollaborationEdit;
use switchyard_community::identity::Profile;
use switchyard_community::messaging::Message;
use switchyard_core::db::policies::ViewerIndependent;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::live::outbox::Step;
use switchyard_core::graphql::live::{AdmissionOnly, Position, SharedRun, StartOnly};
use switchyard_core::graphql::plan::{is_column, table_of};
use switchyard_core::graphql::table::Table;

/// Request data of an execution shared by several viewers ([`crate::http::fanout`]): a
/// feed that would end when its viewer loses access reports every revocation instead,
/// tagged with whom it concerns ([`REVOKED_USER`]), and carries on for the others.
#[derive(Debug, Clone, Copy)]
pub struct SharedAcrossViewers;

/// The error extension naming the user a shared execution's revocation is for; the
/// execution's members remove it before the error reaches that user.
pub const REVOKED_USER: &str = "revokedUser";

/// `refusal`, tagged as the revocation of `user`'s access in a shared execution.
pub(super) fn revoked(refusal: ApiError, user: Uuid) -> async_graphql::Error {
    use async_graphql::ErrorExtensions as _;
    async_graphql::Error::from(refusal)
        .extend_with(|_, tags| tags.set(REVOKED_USER, user.to_string()))
}

/// Whether `feed` with `selection` reads the same for every viewer of a role: the event
/// itself, its row's own columns (`messageEvents`' message, `collaborationEdits`' edit: the
/// event's row, within a topic each member was admitted to) and the columns of the row's
/// author (sender, editor) when profiles read alike ([`ViewerIndependent`]). Any other
/// relation, a computed field (`unreadCount`), arguments, directives or fragments may
/// depend on the viewer. The other shared feeds follow the viewer's own topic
/// (`notificationEvents`, the change feeds), so they never read alike for two viewers.
pub fn reads_alike(feed: &str, selection: &SelectionSet, tables: &ViewerIndependent) -> bool {
    match feed {
        "messageEvents" => {
            event_alike::<Message>(selection, "message", "sender", tables, &["messageId"])
        }
        "collaborationEdits" => {
            event_alike::<CollaborationEdit>(selection, "edit", "user", tables, &["update"])
        }
        _ => false,
    }
}

/// Whether `selection` of an event reads alike: the cursor, the kind and the event's own
/// `fields`, and its row (`row`, a `T`) with its columns and those of its `author` profile.
fn event_alike<T: Table>(
    selection: &SelectionSet,
    row: &str,
    author: &str,
    tables: &ViewerIndependent,
    fields: &[&str],
) -> bool {
    every_field(selection, |name, inner| match name {
        "__typename" | "cursor" | "kind" => true,
        _ if name == row => every_field(inner, |name, inner| match name {
            "__typename" => true,
            _ if name == author => {
                tables.contains(table_of::<Profile>())
                    && every_field(inner, |name, _| {
                        name == "__typename" || is_column::<Profile>(name)
                    })
            }
            _ => is_column::<T>(name),
        }),
        _ => fields.contains(&name),
    })
}

/// Whether every item of `set` is a plain field (no arguments, directives or fragment)
/// that `alike` accepts, given its name and selection.
fn every_field(set: &SelectionSet, alike: impl Fn(&str, &SelectionSet) -> bool) -> bool {
    set.items.iter().all(|item| match &item.node {
        Selection::Field(field) => {
            field.node.arguments.is_empty()
                && field.node.directives.is_empty()
                && alike(
                    field.node.name.node.as_str(),
                    &field.node.selection_set.node,
                )
        }
        Selection::FragmentSpread(_) | Selection::InlineFragment(_) => false,
    })
}

/// What a feed makes of the removal of `removed` (the event's user, if any) with
/// `refusal`: a run shared across viewers reports it, tagged, and carries on; a run of one
/// viewer's ends when the viewer is `me`, and skips anyone else's.
pub(super) fn removal<T>(
    sharing: &Sharing,
    me: Option<Uuid>,
    removed: Option<Uuid>,
    refusal: ApiError,
) -> Step<T> {
    match removed {
        Some(removed) if sharing.across_viewers => Step::Fail(revoked(refusal, removed)),
        Some(removed) if me == Some(removed) => Step::End(refusal.into()),
        _ => Step::Skip,
    }
}

/// What a shared execution asks of this run of a feed, from its request data.
#[derive(Debug, Clone)]
pub(super) struct Sharing {
    /// Only admit the subscriber ([`AdmissionOnly`]).
    pub admission_only: bool,
    /// Report each revocation, tagged, and carry on ([`SharedAcrossViewers`]).
    pub across_viewers: bool,
    /// Only send the feed's start, marking its seq here ([`StartOnly`]).
    pub start_only: Option<Position>,
    /// Follow the topic from now on without a start, marking each event's seq here
    /// ([`SharedRun`]).
    pub shared_run: Option<Position>,
}

impl Sharing {
    /// The sharing of the run `ctx` belongs to.
    pub fn of(ctx: &Context<'_>) -> Self {
        Self {
            admission_only: ctx.data_opt::<AdmissionOnly>().is_some(),
            across_viewers: ctx.data_opt::<SharedAcrossViewers>().is_some(),
            start_only: ctx.data_opt::<StartOnly>().map(|start| start.0.clone()),
            shared_run: ctx.data_opt::<SharedRun>().map(|run| run.0.clone()),
        }
    }
}
