//! The machinery every live feed runs on, below the product areas so that a table's own
//! module can declare a change feed beside its table ([`crate::change_feeds!`]):
//!
//! - [`Live`], what a transport attaches to every subscription (the hub, request scopes);
//! - [`access`], what a feed checks before following anything (transport data, `after`,
//!   row-level security as the viewer);
//! - [`outbox`], how a feed reads its topic (replay after a cursor joined to the hub without
//!   gap or duplicate, a state read with its seq, an event's row and payload);
//! - [`changes`], the generic change feed of a table whose rows reach their owner, or the
//!   members of a group, through a topic of their own.
//!
//! The hand-written feeds (`switchyard::graphql::subscriptions`, in the server crate) sit above the product areas
//! and use the same pieces.

pub mod access;
pub mod changes;
pub mod outbox;

use crate::db::Scopes;
use crate::realtime::Realtime;

/// Request data asking a log-like feed only to admit its subscriber: check as usual, then
/// end empty instead of following the topic (a refusal is still its one response). A shared
/// execution (the server's `http::fanout`) runs each arriving member's subscription so.
#[derive(Debug, Clone, Copy)]
pub struct AdmissionOnly;

/// What the feeds run on, attached by the transport to every subscription's data: the
/// process's realtime hub, and request scopes to read as the subscriber.
#[derive(Clone)]
pub struct Live {
    pub realtime: Realtime,
    pub scopes: Scopes,
}
