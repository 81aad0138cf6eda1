//! Shared execution of live feeds: subscribers who would receive the same responses are
//! served by one execution of their subscription.
//!
//! A subscription enters through [`super::graphql::subscribe`] (WebSocket, SSE and
//! multipart alike). When [`Shareable::of`] finds it shareable, the subscriber becomes a
//! member of the group of its key: the first member starts the group's one
//! execution (its pump), later ones attach to it. Each response of that execution is
//! resolved once (one RLS transaction per event for the whole group, not per subscriber)
//! and handed, reference-counted, to every member's bounded buffer; a member's stream takes
//! its own copy from there for its transport. The execution is dropped, and stops following
//! its topic, when the last member leaves.
//!
//! What may share: a log-like feed (`messageEvents`, `notificationEvents`,
//! `collaborationEdits` and every table's change feed, such as `userSettingsChanges`)
//! subscribed without `after`. A subscriber with `after` needs its own replay, and a
//! state-like feed starts with a state of its own, so those run alone as before.
//! `collaborationEdits` starts with a state of its own too, the document: a member of its
//! group joins first, waits until the execution has marked where it follows from, then
//! reads its own snapshot (a run of its subscription with
//! [`StartOnly`](switchyard_core::graphql::live::StartOnly)) and passes on only the
//! execution's responses about later seqs, which the execution marks as it goes
//! ([`Position`]). Its snapshot is read after the execution's start, so the two overlap
//! rather than leave a gap, and the overlap is dropped. The group key holds
//! the document text, variables and operation name, and a sharing class. The class is the
//! viewer's claims exactly as PostgreSQL gets them (the group's execution reads related
//! rows as its first member), so by default only one viewer's several sockets, tabs and
//! subscriptions share. It is the role alone when the selection reads the same for every
//! viewer of the role ([`reads_alike`], from the database's own policies): then different
//! viewers share, and the execution, instead of ending when its first member loses access,
//! reports each revocation tagged with the user concerned, which reaches that user's
//! members only (and ends them). Such a group holds the classification of the policies it
//! was formed under; once the policies change ([`PolicyWatch`]), it delivers nothing more:
//! its members are told to subscribe again, with `after`, and are grouped anew.
//! Every member is still checked when it subscribes: it first runs its subscription in
//! [`AdmissionOnly`](switchyard_core::graphql::live::AdmissionOnly) mode, which authorizes
//! as usual and ends without following the topic; a refusal is its only response.
//!
//! Delivery is unchanged for a member: responses in the execution's order, none lost while
//! it keeps up, the execution's own errors (access revoked, the group's own lag) and its end
//! reach every member. A member whose buffer is full is cut off and told how to resume, as
//! the hub does for a subscription of its own; the others carry on.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::task::{Context, Poll, ready};

use async_graphql::parser::types::{
    DocumentOperations, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Pos, Positioned, Request, Response, ServerError};
use async_graphql_value::{ConstValue, Value, Variables};
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt as _};
use tokio::sync::{mpsc, oneshot, watch};

use uuid::Uuid;

use crate::graphql::subscriptions::{REVOKED_USER, is_change_feed, reads_alike};
use switchyard_core::auth::Viewer;
use switchyard_core::db::policies::{PolicyWatch, ViewerIndependent};
use switchyard_core::graphql::error::{ApiError, annotate};
use switchyard_core::graphql::live::Position;
use switchyard_core::metrics::Metrics;
use switchyard_core::realtime::{Lagged, TopicKind};

/// The hand-written root fields whose live part is the same for every subscriber that sent
/// the same request: log-like feeds, which send only what happens from now on when `after`
/// is absent. Each with the kind of topic it follows, the `feed` label its members count
/// under, and how a member starts. The tables' change feeds are log-like too
/// ([`is_change_feed`]; `changes`).
const SHARED_FEEDS: [(&str, TopicKind, Start); 3] = [
    ("messageEvents", TopicKind::Conversation, Start::Now),
    ("notificationEvents", TopicKind::User, Start::Now),
    ("collaborationEdits", TopicKind::Document, Start::OwnState),
];

/// How a member of a group starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// With what happens from now on.
    Now,
    /// With a state of its own, then what happened after it.
    OwnState,
}

/// A run of a shared subscription the fanout asks for (each with the request data that
/// says so to its feed).
pub enum Run {
    /// An arriving member's own run, which only admits it
    /// ([`AdmissionOnly`](switchyard_core::graphql::live::AdmissionOnly)).
    Admission,
    /// An arriving member's own run that only sends its start, marking the start's seq
    /// ([`StartOnly`](switchyard_core::graphql::live::StartOnly)).
    Start(Position),
    /// The group's one execution, marking the seq of each event it responds to
    /// ([`SharedRun`](switchyard_core::graphql::live::SharedRun)).
    Group(Position),
}

/// A group's response, with the seq it is about when its feed marks one.
struct Delivery {
    response: Response,
    seq: Option<i64>,
}

impl Delivery {
    /// Whether a member that started from a state at `start` still needs this: any error,
    /// and any response about a later seq.
    fn needed_after(&self, start: Option<i64>) -> bool {
        !self.response.errors.is_empty()
            || start.is_none_or(|start| self.seq.is_none_or(|seq| seq > start))
    }
}

/// The argument that asks a feed for a replay of its own.
const REPLAY_ARGUMENT: &str = "after";

/// Why a member of a group shared across viewers was cut off when the policies changed.
const POLICIES_CHANGED: &str = "the row-level security policies this feed was shared under \
    changed; resubscribe with `after` set to the last cursor you received to resume without loss";

/// A subscription request that may be served by a group, and the group it belongs to.
pub struct Shareable {
    /// The group's identity: same key, same responses.
    key: Arc<str>,
    root: Root,
    /// When viewers other than the subscriber's share the group: the classification of the
    /// policies that allowed it.
    across_viewers: Option<Arc<ViewerIndependent>>,
}

/// The shared feed's root field.
struct Root {
    /// Its name in the schema.
    name: Name,
    /// Its response key and position, for a cut-off member's error.
    key: Name,
    pos: Pos,
    /// The kind of topic it follows.
    feed: TopicKind,
    /// How its members start.
    start: Start,
}

impl Shareable {
    /// `request` run as `viewer`, when it may share: a single root field among
    /// `SHARED_FEEDS` or a change feed, without a non-null `after`. A document that does
    /// not parse runs alone, and is refused there with the usual error. Viewers share when
    /// `tables` says the selection reads alike for all of them. Reads the parse the
    /// request carries from the gate rather than parsing it again.
    pub fn of(
        request: &mut Request,
        viewer: &Viewer,
        tables: Arc<ViewerIndependent>,
    ) -> Option<Self> {
        // The parse borrows the whole request.
        let (variables, operation_name) =
            (request.variables.clone(), request.operation_name.clone());
        let document = request.parsed_query().ok()?;
        let operation = match (&document.operations, &operation_name) {
            (DocumentOperations::Single(operation), None) => operation,
            (DocumentOperations::Multiple(operations), Some(name)) => {
                operations.get(name.as_str())?
            }
            (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
                operations.values().next()?
            }
            _ => return None,
        };
        let (root, selection) = shared_root(&operation.node, &variables)?;
        let across_viewers = reads_alike(&root.name, selection, &tables).then_some(tables);
        let class = if across_viewers.is_some() {
            serde_json::json!({ "role": viewer.role.as_str() }).to_string()
        } else {
            viewer.claims_json()
        };
        // A JSON array: no part can be made to read as another.
        let key =
            serde_json::to_string(&(class, &operation_name, &variables, &request.query)).ok()?;
        Some(Self {
            key: key.into(),
            root,
            across_viewers,
        })
    }

    /// Whether viewers other than the subscriber's share the group: its execution must
    /// then report revocations instead of ending
    /// ([`SharedAcrossViewers`](crate::graphql::subscriptions::SharedAcrossViewers)).
    pub fn across_viewers(&self) -> bool {
        self.across_viewers.is_some()
    }
}

/// `operation`'s one root field, with its selection, when it is a shared feed asked for no
/// replay.
fn shared_root<'a>(
    operation: &'a OperationDefinition,
    variables: &Variables,
) -> Option<(Root, &'a SelectionSet)> {
    let [
        Positioned {
            node: Selection::Field(field),
            ..
        },
    ] = operation.selection_set.node.items.as_slice()
    else {
        return None;
    };
    let name = field.node.name.node.as_str();
    let (feed, start) = match SHARED_FEEDS.iter().find(|(shared, ..)| *shared == name) {
        Some((_, feed, start)) => (*feed, *start),
        None if is_change_feed(name) => (TopicKind::Changes, Start::Now),
        None => return None,
    };
    if !field.node.directives.is_empty() {
        return None;
    }
    let replays = field
        .node
        .get_argument(REPLAY_ARGUMENT)
        .is_some_and(|value| match &value.node {
            Value::Variable(name) => {
                // A default could set it where the variables do not: such a request runs alone.
                let defaulted = operation.variable_definitions.iter().any(|definition| {
                    definition.node.name.node == *name && definition.node.default_value.is_some()
                });
                defaulted || !matches!(variables.get(name), None | Some(ConstValue::Null))
            }
            Value::Null => false,
            _ => true,
        });
    let root = Root {
        name: field.node.name.node.clone(),
        key: field.node.response_key().node.clone(),
        pos: field.pos,
        feed,
        start,
    };
    (!replays).then_some((root, &field.node.selection_set.node))
}

/// One member's place in a group: where the pump puts responses for it.
struct Member {
    id: u64,
    /// Its viewer's user, whom a revocation may concern.
    user: Option<Uuid>,
    tx: mpsc::Sender<Arc<Delivery>>,
    /// Set when the member was cut off, with the reason its last response gives.
    cut_off: Arc<OnceLock<CutOff>>,
}

/// Why a member was cut off; either way it may resume with `after`.
#[derive(Debug, Clone, Copy)]
enum CutOff {
    /// Its buffer was full.
    Lagged,
    /// The policies its group was shared under changed.
    PoliciesChanged,
}

/// One execution and the members it serves.
struct Group {
    /// Tells groups of one key apart over time: a pump only serves the group it started.
    id: u64,
    /// The kind of topic its members follow.
    feed: TopicKind,
    /// When different viewers share it: the classification of the policies that allowed it.
    across_viewers: Option<Arc<ViewerIndependent>>,
    /// Where its execution is, once it marks it.
    position: watch::Receiver<Option<i64>>,
    members: Vec<Member>,
    /// Dropped with the group, which stops its pump.
    _stop: oneshot::Sender<()>,
}

/// The groups of one server, by key.
pub struct Fanout {
    groups: Mutex<HashMap<Arc<str>, Group>>,
    /// Responses a member may have waiting before it is cut off (the hub's buffer).
    buffer: usize,
    next_id: std::sync::atomic::AtomicU64,
    /// The current classification, which a group shared across viewers must still match.
    policies: PolicyWatch,
    metrics: Arc<Metrics>,
}

impl Fanout {
    /// No groups yet; members buffer at most `buffer` responses, groups shared across
    /// viewers follow `policies`, counted into `metrics`.
    pub fn new(buffer: usize, policies: PolicyWatch, metrics: Arc<Metrics>) -> Arc<Self> {
        Arc::new(Self {
            groups: Mutex::default(),
            buffer: buffer.max(1),
            next_id: std::sync::atomic::AtomicU64::new(1),
            policies,
            metrics,
        })
    }

    fn groups(&self) -> MutexGuard<'_, HashMap<Arc<str>, Group>> {
        // Every update is a single insert, push, retain or removal: a poisoned map is still
        // consistent.
        self.groups
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The responses of `shareable` for one subscriber, each from a `run` of its
    /// subscription: its admission first, which ends empty when it may follow the feed;
    /// for a feed whose members start from a state of their own, that start; then the
    /// group's responses, the group's execution started if it has no member yet.
    pub fn member(
        self: &Arc<Self>,
        shareable: Shareable,
        user: Option<Uuid>,
        run: impl Fn(Run) -> BoxStream<'static, Response> + Send + Sync + 'static,
    ) -> BoxStream<'static, Response> {
        let fanout = Arc::clone(self);
        let starting = async_stream::stream! {
            let mut admission = run(Run::Admission);
            if let Some(refusal) = admission.next().await {
                yield Starting::Response(refusal);
                return;
            }
            drop(admission);
            let Shareable { key, root, across_viewers } = shareable;
            let execute = |position| run(Run::Group(position));
            let (buffer, membership) = fanout.join(key, (root.feed, across_viewers), user, execute);
            let mut start = None;
            if root.start == Start::OwnState {
                // Read after the execution's start, the member's own overlaps it.
                let mut executed = membership.position.clone();
                let _ = executed.wait_for(Option::is_some).await;
                let (position, started) = Position::new();
                let mut own = run(Run::Start(position));
                while let Some(response) = own.next().await {
                    let refused = !response.errors.is_empty();
                    yield Starting::Response(response);
                    if refused {
                        return;
                    }
                }
                start = *started.borrow();
            }
            yield Starting::Follow(Following { buffer, membership, start, root });
        };
        MemberFeed::Starting(starting.boxed()).boxed()
    }

    /// Adds a member to the group of `key` (following a `feed`, shared `across_viewers`
    /// under a classification, or not), starting the group with `execute` if needed. The
    /// member keeps the group's copy of the key, not its own.
    fn join(
        self: &Arc<Self>,
        key: Arc<str>,
        (feed, across_viewers): (TopicKind, Option<Arc<ViewerIndependent>>),
        user: Option<Uuid>,
        execute: impl FnOnce(Position) -> BoxStream<'static, Response>,
    ) -> (mpsc::Receiver<Arc<Delivery>>, Membership) {
        let (tx, rx) = mpsc::channel(self.buffer);
        let cut_off = Arc::new(OnceLock::new());
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let member = Member {
            id,
            user,
            tx,
            cut_off: Arc::clone(&cut_off),
        };
        let mut groups = self.groups();
        // A group formed under policies that have changed since takes no one new: it ends,
        // and this member starts the key's group afresh.
        if let Some(found) = groups.get_mut(&key).filter(|found| self.outdated(found)) {
            self.cut_off_all(found);
            groups.remove(&key);
        }
        let (key, group) = match groups.entry(key) {
            Entry::Occupied(occupied) => {
                let key = Arc::clone(occupied.key());
                (key, occupied.into_mut())
            }
            Entry::Vacant(vacant) => {
                let key = Arc::clone(vacant.key());
                let (stop, stopped) = oneshot::channel();
                let (marked, position) = Position::new();
                let execution = (execute(marked), position.clone());
                let pump = Arc::clone(self).pump(Arc::clone(&key), id, execution, stopped);
                tokio::spawn(pump);
                let group = vacant.insert(Group {
                    id,
                    feed,
                    across_viewers,
                    position,
                    members: Vec::new(),
                    _stop: stop,
                });
                (key, group)
            }
        };
        group.members.push(member);
        self.metrics.shared_subscription_opened(feed.as_str());
        let membership = Membership {
            fanout: Arc::clone(self),
            key,
            group: group.id,
            member: id,
            position: group.position.clone(),
            cut_off,
        };
        (rx, membership)
    }

    /// Runs the group's execution until it ends or the group has no member left, each
    /// response handed out with the position the execution marked for it.
    async fn pump(
        self: Arc<Self>,
        key: Arc<str>,
        group: u64,
        (mut execution, position): (BoxStream<'static, Response>, watch::Receiver<Option<i64>>),
        mut stopped: oneshot::Receiver<()>,
    ) {
        loop {
            let response = tokio::select! {
                response = execution.next() => response,
                _ = &mut stopped => return,
            };
            let Some(response) = response else { break };
            // Marked before its response was resolved, and not moved since: the execution
            // reads its next event only when asked for its next response.
            let seq = *position.borrow();
            if !self.hand_out(&key, group, &Arc::new(Delivery { response, seq })) {
                return;
            }
        }
        // The execution ended: its members end too, after what they hold.
        let mut groups = self.groups();
        if groups.get(&key).is_some_and(|found| found.id == group)
            && let Some(ended) = groups.remove(&key)
        {
            ended
                .members
                .iter()
                .for_each(|_| self.metrics.shared_subscription_closed(ended.feed.as_str()));
        }
    }

    /// Puts `response` in every member's buffer, cutting off the members whose buffer is
    /// full; a revocation goes to the members of the user it concerns only, and ends them.
    /// A group shared across viewers under policies that have changed since delivers
    /// nothing more: every member is cut off. False once the group has no member left.
    fn hand_out(&self, key: &Arc<str>, group: u64, delivery: &Arc<Delivery>) -> bool {
        let mut groups = self.groups();
        let Some(found) = groups.get_mut(key).filter(|found| found.id == group) else {
            return false;
        };
        let feed = found.feed.as_str();
        if self.outdated(found) {
            self.cut_off_all(found);
        } else if let Some((user, refusal)) = revocation(&delivery.response) {
            let refusal = Arc::new(Delivery {
                response: refusal,
                seq: delivery.seq,
            });
            found.members.retain(|member| {
                if member.user != Some(user) {
                    return true;
                }
                // Full or gone, the member ends either way; full, it is told it fell behind.
                if let Err(mpsc::error::TrySendError::Full(_)) =
                    member.tx.try_send(Arc::clone(&refusal))
                {
                    let _ = member.cut_off.set(CutOff::Lagged);
                }
                self.metrics.shared_subscription_closed(feed);
                false
            });
        } else {
            found
                .members
                .retain(|member| match member.tx.try_send(Arc::clone(delivery)) {
                    Ok(()) => true,
                    Err(mpsc::error::TrySendError::Full(_)) => {
                        let _ = member.cut_off.set(CutOff::Lagged);
                        self.metrics.cut_off(feed);
                        self.metrics.shared_subscription_closed(feed);
                        false
                    }
                    Err(mpsc::error::TrySendError::Closed(_)) => {
                        self.metrics.shared_subscription_closed(feed);
                        false
                    }
                });
        }
        if found.members.is_empty() {
            groups.remove(key);
            return false;
        }
        true
    }

    /// Whether `group` was shared across viewers under policies that have changed since.
    fn outdated(&self, group: &Group) -> bool {
        group
            .across_viewers
            .as_ref()
            .is_some_and(|formed| !Arc::ptr_eq(formed, &self.policies.current()))
    }

    /// Cuts off every member of `group` because its policies changed.
    fn cut_off_all(&self, group: &mut Group) {
        for member in group.members.drain(..) {
            let _ = member.cut_off.set(CutOff::PoliciesChanged);
            self.metrics.shared_subscription_closed(group.feed.as_str());
        }
    }

    /// Removes a member that left; the group goes (and its pump stops) with its last one.
    fn leave(&self, key: &Arc<str>, group: u64, member: u64) {
        let mut groups = self.groups();
        let Some(found) = groups.get_mut(key).filter(|found| found.id == group) else {
            return;
        };
        let before = found.members.len();
        found.members.retain(|kept| kept.id != member);
        // A member cut off by `hand_out` was counted out there already.
        if found.members.len() < before {
            self.metrics.shared_subscription_closed(found.feed.as_str());
        }
        if found.members.is_empty() {
            groups.remove(key);
        }
    }

    /// The last response of a member that was cut off for `reason`: for a full buffer, the
    /// hub's words for a subscription of its own that fell behind.
    fn cut_off(&self, root: &Root, reason: CutOff) -> Response {
        let message = match reason {
            CutOff::Lagged => Lagged(self.buffer).to_string(),
            CutOff::PoliciesChanged => POLICIES_CHANGED.to_owned(),
        };
        let cut_off = ApiError::Conflict {
            field: REPLAY_ARGUMENT.into(),
            message,
        };
        let mut error: ServerError = cut_off.into_request_error();
        error.locations = vec![root.pos];
        error.path = vec![async_graphql::PathSegment::Field(root.key.to_string())];
        annotate(&mut error);
        Response::from_errors(vec![error])
    }
}

/// A member's tie to its group; dropping it (the subscriber left) leaves the group.
struct Membership {
    fanout: Arc<Fanout>,
    key: Arc<str>,
    group: u64,
    member: u64,
    /// Where the group's execution is, once it marks it.
    position: watch::Receiver<Option<i64>>,
    cut_off: Arc<OnceLock<CutOff>>,
}

impl Drop for Membership {
    fn drop(&mut self) {
        self.fanout.leave(&self.key, self.group, self.member);
    }
}

/// A member's responses. While it starts, those of its admission and own start, from a
/// boxed stream that holds the request to run them; once it follows the group, what it
/// holds while it waits is its buffer and membership alone, so an idle member of a
/// thousand-strong group costs a few hundred bytes, not the couple of kilobytes its start
/// took.
enum MemberFeed {
    Starting(BoxStream<'static, Starting>),
    Following(Following),
    Ended,
}

/// What a starting member yields: its own responses, then (unless it was refused) what it
/// follows the group with.
enum Starting {
    Response(Response),
    Follow(Following),
}

/// A member following its group.
struct Following {
    /// The group's deliveries for it.
    buffer: mpsc::Receiver<Arc<Delivery>>,
    membership: Membership,
    /// The seq of its own start, when it started from a state of its own.
    start: Option<i64>,
    root: Root,
}

impl Stream for MemberFeed {
    type Item = Response;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Response>> {
        loop {
            match &mut *self {
                Self::Starting(starting) => match ready!(starting.poll_next_unpin(cx)) {
                    Some(Starting::Response(response)) => return Poll::Ready(Some(response)),
                    Some(Starting::Follow(following)) => *self = Self::Following(following),
                    None => {
                        *self = Self::Ended;
                        return Poll::Ready(None);
                    }
                },
                Self::Following(following) => match ready!(following.buffer.poll_recv(cx)) {
                    Some(delivery) if delivery.needed_after(following.start) => {
                        return Poll::Ready(Some(copy(&delivery.response)));
                    }
                    Some(_) => {}
                    None => {
                        let Following {
                            membership, root, ..
                        } = following;
                        let cut_off = membership
                            .cut_off
                            .get()
                            .map(|&reason| membership.fanout.cut_off(root, reason));
                        *self = Self::Ended;
                        return Poll::Ready(cut_off);
                    }
                },
                Self::Ended => return Poll::Ready(None),
            }
        }
    }
}

/// The user a shared execution's `response` revokes, and the response that user's members
/// get (the refusal without the tag).
fn revocation(response: &Response) -> Option<(Uuid, Response)> {
    let tag = response
        .errors
        .first()?
        .extensions
        .as_ref()?
        .get(REVOKED_USER)?;
    let async_graphql::Value::String(user) = tag else {
        return None;
    };
    let user = Uuid::parse_str(user).ok()?;
    let mut refusal = copy(response);
    refusal
        .errors
        .iter_mut()
        .filter_map(|error| error.extensions.as_mut())
        .for_each(|tags| tags.unset(REVOKED_USER));
    Some((user, refusal))
}

/// A member's own copy of a group's response, for its transport to write.
fn copy(response: &Response) -> Response {
    let mut copy = Response::new(response.data.clone());
    copy.extensions.clone_from(&response.extensions);
    copy.errors.clone_from(&response.errors);
    copy
}
