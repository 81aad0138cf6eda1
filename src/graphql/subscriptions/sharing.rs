//! How a feed runs inside a shared execution ([`crate::http::fanout`]): the request data
//! asking it only to admit its subscriber, or to report revocations for several viewers,
//! and whether a `messageEvents` selection reads the same for every viewer of a role.
//!
//! Data enters as the fanout's request data (read once per run by [`Sharing::of`]) and as a
//! parsed selection; it leaves as flags the feeds obey and a revocation tagged with the user
//! it concerns, which the fanout routes to that user's members.

use async_graphql::Context;
use async_graphql::parser::types::{Selection, SelectionSet};
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_community::messaging::Message;
use switchyard_core::db::policies::ViewerIndependent;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::live::AdmissionOnly;
use switchyard_core::graphql::plan::{is_column, table_of};

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

/// Whether `messageEvents` with `selection` reads the same for every viewer of a role: the
/// event itself, the message's own columns (the event's row, within a topic each member was
/// admitted to) and its sender's columns when profiles read alike ([`ViewerIndependent`]).
/// Any other relation, a computed field (`unreadCount`), arguments, directives or fragments
/// may depend on the viewer. The other shared feed, `notificationEvents`, follows the
/// viewer's own topic, so it never reads alike for two viewers.
pub fn reads_alike(feed: &str, selection: &SelectionSet, tables: &ViewerIndependent) -> bool {
    feed == "messageEvents"
        && every_field(selection, |name, inner| match name {
            "__typename" | "cursor" | "kind" | "messageId" => true,
            "message" => every_field(inner, |name, inner| match name {
                "__typename" => true,
                "sender" => {
                    tables.contains(table_of::<Profile>())
                        && every_field(inner, |name, _| {
                            name == "__typename" || is_column::<Profile>(name)
                        })
                }
                _ => is_column::<Message>(name),
            }),
            _ => false,
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

/// What a shared execution asks of this run of a feed, from its request data.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sharing {
    /// Only admit the subscriber ([`AdmissionOnly`](switchyard_core::graphql::live::AdmissionOnly)).
    pub admission_only: bool,
    /// Report each revocation, tagged, and carry on ([`SharedAcrossViewers`]).
    pub across_viewers: bool,
}

impl Sharing {
    /// The sharing of the run `ctx` belongs to.
    pub fn of(ctx: &Context<'_>) -> Self {
        Self {
            admission_only: ctx.data_opt::<AdmissionOnly>().is_some(),
            across_viewers: ctx.data_opt::<SharedAcrossViewers>().is_some(),
        }
    }
}
