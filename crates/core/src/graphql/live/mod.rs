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

use std::sync::Arc;

use tokio::sync::watch;

use crate::db::Scopes;
use crate::realtime::Realtime;

/// Request data asking a log-like feed only to admit its subscriber: check as usual, then
/// end empty instead of following the topic (a refusal is still its one response). A shared
/// execution (the server's `http::fanout`) runs each arriving member's subscription so.
#[derive(Debug, Clone, Copy)]
pub struct AdmissionOnly;

/// Where a feed that starts from a state of its own (`collaborationEdits`' document) marks
/// its position when it runs for a shared execution: the seq its latest response is about.
/// The execution's members start from states of their own, read after the execution
/// marked where it starts; each passes on only the responses about later seqs, so it gets
/// every event once, without gap or repeat.
#[derive(Debug, Clone)]
pub struct Position(Arc<watch::Sender<Option<i64>>>);

impl Position {
    /// A position not marked yet, and what reads it.
    pub fn new() -> (Self, watch::Receiver<Option<i64>>) {
        let (marked, read) = watch::channel(None);
        (Self(Arc::new(marked)), read)
    }

    /// The feed is at `seq`: everything after it is still to come.
    pub fn mark(&self, seq: i64) {
        self.0.send_replace(Some(seq));
    }
}

/// Request data of a shared execution's own run of a feed that starts from a state of its
/// own: no start, the topic followed from now on, each event's seq marked at this position
/// before its response.
#[derive(Debug, Clone)]
pub struct SharedRun(pub Position);

/// Request data asking a feed that starts from a state of its own for that start only, for
/// one member of a shared execution: check as usual, send the start, marking its seq at
/// this position, then end.
#[derive(Debug, Clone)]
pub struct StartOnly(pub Position);

/// What the feeds run on, attached by the transport to every subscription's data: the
/// process's realtime hub, and request scopes to read as the subscriber.
#[derive(Clone)]
pub struct Live {
    pub realtime: Realtime,
    pub scopes: Scopes,
}
