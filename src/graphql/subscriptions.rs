//! The live feeds, over WebSocket. Each checks at subscribe time, through row-level security
//! as the socket's viewer, that the viewer may follow the topic, then follows it through
//! the process's [hub](crate::realtime::hub).
//!
//! Delivery contract: every event carries `cursor`; log-like feeds (`messageEvents`,
//! `notificationEvents`) take `after` and first replay everything committed after it from
//! the outbox, then go live without gap or duplicate (the hub is joined before the replay
//! and events are de-duplicated by seq). State-like feeds (`presence`, `jobProgress`,
//! `agentRunEvents`, `wideResearchProgress`) start with the current state, read in the
//! same snapshot as its seq; all but `presence` share [`state_feed`], which then follows
//! the state carried by each event's payload until a terminal state.
//!
//! A subscription run with [`AdmissionOnly`] in its request data makes every check a
//! subscriber meets (arguments, access) and then ends without following its topic: how a
//! subscriber joining a shared execution ([`crate::http::fanout`]) is checked like any other.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::parser::types::{Selection, SelectionSet};
use async_graphql::{Context, Enum, SimpleObject, Subscription};
use entity::agents::AgentRunStatus;
use entity::automation::ResearchJobStatus;
use entity::collaboration::{PresenceStatus, collaboration_participants};
use entity::jobs::JobStatus;
use futures_util::future::Either;
use futures_util::{Stream, StreamExt as _};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait as _, DbBackend, EntityTrait as _, QueryFilter as _,
    Statement,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::db::policies::ViewerIndependent;
use crate::graphql::agents::AgentRun;
use crate::graphql::collaboration::CollaborationParticipant;
use crate::graphql::error::ApiError;
use crate::graphql::identity::Profile;
use crate::graphql::jobs::Job;
use crate::graphql::messaging::{Conversation, Message};
use crate::graphql::notifications::Notification;
use crate::graphql::plan::{is_column, table_of};
use crate::graphql::research::WideResearchJob;
use crate::graphql::table::Table;
use crate::realtime::{
    Event, READ_BATCH, Realtime, Subscription as HubSubscription, decode_cursor, encode_cursor,
};
use crate::state::AppState;

/// Request data asking a log-like feed only to admit its subscriber: check as usual, then
/// end empty instead of following the topic (a refusal is still its one response).
#[derive(Debug, Clone, Copy)]
pub struct AdmissionOnly;

/// Request data of an execution shared by several viewers ([`crate::http::fanout`]): a
/// feed that would end when its viewer loses access reports every revocation instead,
/// tagged with whom it concerns ([`REVOKED_USER`]), and carries on for the others.
#[derive(Debug, Clone, Copy)]
pub struct SharedAcrossViewers;

/// The error extension naming the user a shared execution's revocation is for; the
/// execution's members remove it before the error reaches that user.
pub const REVOKED_USER: &str = "revokedUser";

/// `refusal`, tagged as the revocation of `user`'s access in a shared execution.
fn revoked(refusal: ApiError, user: Uuid) -> async_graphql::Error {
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

/// How often an open `presence` subscription tells the database its viewer is still there.
const HEARTBEAT: Duration = Duration::from_secs(30);

/// What happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum MessageEventKind {
    /// A new message.
    Added,
    /// Its body or attachments changed.
    Edited,
    /// It was deleted.
    Deleted,
}

/// A change in a conversation's messages.
#[derive(Debug, Clone, SimpleObject)]
pub struct MessageEvent {
    /// Pass as `after` to resume right after this event.
    pub cursor: String,
    /// What happened.
    pub kind: MessageEventKind,
    /// The message concerned.
    pub message_id: Uuid,
    /// The message as it is now; null once removed.
    pub message: Option<Message>,
}

/// What happened to a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum NotificationEventKind {
    /// A new notification.
    Created,
    /// It was marked read.
    Read,
    /// It was archived.
    Archived,
    /// Something else about it changed (e.g. marked unread).
    Updated,
    /// It was deleted.
    Deleted,
}

/// A change in the viewer's notifications.
#[derive(Debug, Clone, SimpleObject)]
pub struct NotificationEvent {
    /// Pass as `after` to resume right after this event.
    pub cursor: String,
    /// What happened.
    pub kind: NotificationEventKind,
    /// The notification concerned.
    pub notification_id: Uuid,
    /// The notification as it is now; null once deleted.
    pub notification: Option<Notification>,
    /// The viewer's unread notifications once this change committed.
    pub unread_count: i64,
}

/// A presence change in a collaboration session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum PresenceEventKind {
    /// Present when the subscription started (the initial state).
    Present,
    /// Came online.
    Joined,
    /// Changed status or cursor.
    Updated,
    /// Went offline (closed the socket, or silent for 2 minutes).
    Left,
}

/// A participant's presence.
#[derive(Debug, Clone, SimpleObject)]
pub struct PresenceEvent {
    /// The session's position when this was sent.
    pub cursor: String,
    /// What happened.
    pub kind: PresenceEventKind,
    /// The participant's profile id.
    pub user_id: Uuid,
    /// Their status with this change.
    pub status: PresenceStatus,
    /// The participant row as it is now (cursor, role, last seen).
    pub participant: Option<CollaborationParticipant>,
}

/// What a job progress event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum JobEventKind {
    /// The job's state when the subscription started.
    Current,
    /// The job was created.
    Created,
    /// Its status changed.
    Status,
    /// Its progress or message changed.
    Progress,
}

/// A job's state at one commit.
#[derive(Debug, Clone, SimpleObject)]
pub struct JobProgressEvent {
    /// The job's position when this was sent.
    pub cursor: String,
    /// What happened.
    pub kind: JobEventKind,
    /// The job.
    pub job_id: Uuid,
    /// Status at that commit.
    pub status: JobStatus,
    /// Percent done at that commit.
    pub progress: i32,
    /// What the worker was doing.
    pub progress_message: Option<String>,
    /// Attempts started.
    pub attempts: i32,
    /// Why the last attempt failed, if it did.
    pub error: Option<String>,
}

/// The job fields each job event carries (the trigger's payload, or the row).
#[derive(Debug, Deserialize)]
struct JobState {
    status: JobStatus,
    progress: i32,
    progress_message: Option<String>,
    attempts: i32,
    error: Option<String>,
}

/// The kind of a job-like event from its outbox kind (`None`: the state at subscribe time).
fn job_event_kind(kind: Option<&str>) -> JobEventKind {
    match kind {
        None => JobEventKind::Current,
        Some("created") => JobEventKind::Created,
        Some("status") => JobEventKind::Status,
        Some(_) => JobEventKind::Progress,
    }
}

impl FeedState for JobState {
    type Event = JobProgressEvent;

    fn is_terminal(&self) -> bool {
        matches!(
            self.status,
            JobStatus::Succeeded | JobStatus::Failed | JobStatus::Canceled
        )
    }

    fn event(self, seq: i64, kind: Option<&str>, job_id: Uuid) -> JobProgressEvent {
        JobProgressEvent {
            cursor: encode_cursor(seq),
            kind: job_event_kind(kind),
            job_id,
            status: self.status,
            progress: self.progress,
            progress_message: self.progress_message,
            attempts: self.attempts,
            error: self.error,
        }
    }
}

/// A wide research job's counts at one commit.
#[derive(Debug, Clone, SimpleObject)]
pub struct WideResearchProgressEvent {
    /// Pass as `after` to resume right after this event.
    pub cursor: String,
    /// What happened (CURRENT for the state when the subscription started).
    pub kind: JobEventKind,
    /// The job.
    pub job_id: Uuid,
    /// Status at that commit.
    pub status: ResearchJobStatus,
    /// Finished subtasks, in percent.
    pub progress: i32,
    /// Subtasks of the job.
    pub total_subtasks: i32,
    /// Subtasks completed.
    pub completed_subtasks: i32,
    /// Subtasks failed for good.
    pub failed_subtasks: i32,
}

/// The job fields each research event carries (the trigger's payload, or the row).
#[derive(Debug, Deserialize)]
struct ResearchState {
    status: ResearchJobStatus,
    progress: i32,
    total_subtasks: i32,
    completed_subtasks: i32,
    failed_subtasks: i32,
}

impl FeedState for ResearchState {
    type Event = WideResearchProgressEvent;

    fn is_terminal(&self) -> bool {
        matches!(
            self.status,
            ResearchJobStatus::Completed | ResearchJobStatus::Failed | ResearchJobStatus::Canceled
        )
    }

    fn event(self, seq: i64, kind: Option<&str>, job_id: Uuid) -> WideResearchProgressEvent {
        WideResearchProgressEvent {
            cursor: encode_cursor(seq),
            kind: job_event_kind(kind),
            job_id,
            status: self.status,
            progress: self.progress,
            total_subtasks: self.total_subtasks,
            completed_subtasks: self.completed_subtasks,
            failed_subtasks: self.failed_subtasks,
        }
    }
}

/// What an agent run event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum AgentRunEventKind {
    /// The run's state when the subscription started.
    Current,
    /// The run was created.
    Created,
    /// Its status changed.
    Status,
    /// Its progress, message or step statistics changed.
    Progress,
}

/// An agent run's state at one commit.
#[derive(Debug, Clone, SimpleObject)]
pub struct AgentRunEvent {
    /// The run's position when this was sent; pass as `after` to resume after it.
    pub cursor: String,
    /// What happened.
    pub kind: AgentRunEventKind,
    /// The run.
    pub run_id: Uuid,
    /// Status at that commit.
    pub status: AgentRunStatus,
    /// Percent done at that commit.
    pub progress: i32,
    /// What the agent was doing.
    pub progress_message: Option<String>,
    /// Steps recorded.
    pub total_steps: i32,
    /// Steps completed or skipped.
    pub completed_steps: i32,
    /// Steps failed.
    pub failed_steps: i32,
    /// Credits the steps consumed.
    pub credits_used: i64,
    /// Why the run failed, if it did.
    pub error: Option<String>,
}

/// The run fields each agent run event carries (the trigger's payload, or the row).
#[derive(Debug, Deserialize)]
struct AgentRunState {
    status: AgentRunStatus,
    progress: i32,
    progress_message: Option<String>,
    total_steps: i32,
    completed_steps: i32,
    failed_steps: i32,
    credits_used: i64,
    error: Option<String>,
}

impl FeedState for AgentRunState {
    type Event = AgentRunEvent;

    fn is_terminal(&self) -> bool {
        matches!(
            self.status,
            AgentRunStatus::Completed
                | AgentRunStatus::Failed
                | AgentRunStatus::Cancelled
                | AgentRunStatus::TimedOut
        )
    }

    fn event(self, seq: i64, kind: Option<&str>, run_id: Uuid) -> AgentRunEvent {
        AgentRunEvent {
            cursor: encode_cursor(seq),
            kind: match kind {
                None => AgentRunEventKind::Current,
                Some("created") => AgentRunEventKind::Created,
                Some("status") => AgentRunEventKind::Status,
                Some(_) => AgentRunEventKind::Progress,
            },
            run_id,
            status: self.status,
            progress: self.progress,
            progress_message: self.progress_message,
            total_steps: self.total_steps,
            completed_steps: self.completed_steps,
            failed_steps: self.failed_steps,
            credits_used: self.credits_used,
            error: self.error,
        }
    }
}

/// Every live feed.
#[derive(Debug, Default)]
pub struct SubscriptionRoot;

#[Subscription]
impl SubscriptionRoot {
    /// Messages added, edited and deleted in a conversation the viewer is a member of. With
    /// `after`, everything since that cursor comes first. Ends with FORBIDDEN when the
    /// viewer is removed from the conversation.
    async fn message_events(
        &self,
        ctx: &Context<'_>,
        conversation_id: Uuid,
        after: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<MessageEvent>> + use<>>
    {
        let (state, viewer) = socket(ctx)?;
        let after = resume_after(after.as_deref())?;
        authorize::<Conversation>(&state, &viewer, conversation_id, "conversation").await?;
        let topic = format!("conversation:{conversation_id}");
        let events = log_feed(state.realtime.clone(), topic, after, admitting(ctx)).await?;
        // A shared execution tells each removed member; one of its own ends with its viewer.
        let me = viewer.user_id;
        let shared = ctx.data_opt::<SharedAcrossViewers>().is_some();
        Ok(async_stream::stream! {
            futures_util::pin_mut!(events);
            while let Some(event) = futures_util::StreamExt::next(&mut events).await {
                let event = match event {
                    Ok(event) => event,
                    Err(error) => { yield Err(error.into()); break; }
                };
                let kind = match event.kind.as_str() {
                    "added" => MessageEventKind::Added,
                    "edited" => MessageEventKind::Edited,
                    "deleted" => MessageEventKind::Deleted,
                    "member_removed" => {
                        let Some(removed) = field::<Uuid>(&event.payload, "user_id") else { continue };
                        let forbidden = ApiError::Forbidden("you were removed from this conversation".into());
                        if shared {
                            yield Err(revoked(forbidden, removed));
                        } else if me == Some(removed) {
                            yield Err(forbidden.into());
                            break;
                        }
                        continue;
                    }
                    _ => continue,
                };
                yield Ok(MessageEvent {
                    cursor: encode_cursor(event.seq),
                    kind,
                    message_id: event.row_id,
                    message: row(&event).map(|row| Message { row }),
                });
            }
        })
    }

    /// The viewer's notifications: created, read, archived, with the unread count. With
    /// `after`, everything since that cursor comes first.
    async fn notification_events(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<NotificationEvent>> + use<>>
    {
        let (state, viewer) = socket(ctx)?;
        let after = resume_after(after.as_deref())?;
        let user = viewer.user_id.ok_or_else(|| {
            ApiError::Unauthenticated("sign in to follow your notifications".into())
        })?;
        let topic = format!("user:{user}");
        let events = log_feed(state.realtime.clone(), topic, after, admitting(ctx)).await?;
        Ok(async_stream::stream! {
            futures_util::pin_mut!(events);
            while let Some(event) = futures_util::StreamExt::next(&mut events).await {
                let event = match event {
                    Ok(event) => event,
                    Err(error) => { yield Err(error.into()); break; }
                };
                let kind = match event.kind.as_str() {
                    "created" => NotificationEventKind::Created,
                    "read" => NotificationEventKind::Read,
                    "archived" => NotificationEventKind::Archived,
                    "updated" => NotificationEventKind::Updated,
                    "deleted" => NotificationEventKind::Deleted,
                    _ => continue,
                };
                yield Ok(NotificationEvent {
                    cursor: encode_cursor(event.seq),
                    kind,
                    notification_id: event.row_id,
                    notification: row(&event).map(|row| Notification { row }),
                    unread_count: field(&event.payload, "unread_count").unwrap_or_default(),
                });
            }
        })
    }

    /// Joins a collaboration session as online (its owner, a participant, or with its
    /// `shareToken`) and follows who is present: the current participants first, then
    /// joined / updated / left. Closing the subscription marks the viewer offline.
    async fn presence(
        &self,
        ctx: &Context<'_>,
        session_id: Uuid,
        share_token: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<PresenceEvent>> + use<>>
    {
        let (state, viewer) = socket(ctx)?;
        let topic = format!("session:{session_id}");
        let mut subscription = state.realtime.hub.subscribe(&topic);
        let me = join(&state, &viewer, session_id, share_token).await?;
        state.realtime.enter_session(session_id, me);
        let presence = Presence {
            realtime: state.realtime.clone(),
            session_id,
            user_id: me,
        };
        let (seq, present) = snapshot(
            &state.realtime,
            &topic,
            "SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.joined_at, p.id), '[]') \
             FROM public.collaboration_participants p WHERE p.session_id = $2 AND p.status <> 'offline'",
            session_id,
        )
        .await?;
        state.realtime.hub.learn_seq(&topic, seq);
        let present: Vec<collaboration_participants::Model> =
            serde_json::from_value(present).map_err(internal)?;
        Ok(async_stream::stream! {
            for row in present {
                yield Ok(PresenceEvent {
                    cursor: encode_cursor(seq),
                    kind: PresenceEventKind::Present,
                    user_id: row.user_id,
                    status: row.status,
                    participant: Some(CollaborationParticipant { row }),
                });
            }
            let mut last = seq;
            let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
            loop {
                let event = tokio::select! {
                    event = subscription.recv() => event,
                    _ = heartbeat.tick() => { presence.heartbeat().await; continue; }
                };
                let event = match event {
                    Ok(event) => event,
                    Err(lagged) => { yield Err(ApiError::Conflict { field: "presence".into(), message: lagged.to_string() }.into()); break; }
                };
                if event.seq <= last { continue; }
                last = event.seq;
                let kind = match event.kind.as_str() {
                    "joined" => PresenceEventKind::Joined,
                    "updated" => PresenceEventKind::Updated,
                    "left" => PresenceEventKind::Left,
                    _ => continue,
                };
                let (Some(user_id), Some(status)) = (field(&event.payload, "user_id"), field(&event.payload, "status")) else { continue };
                yield Ok(PresenceEvent {
                    cursor: encode_cursor(event.seq),
                    kind,
                    user_id,
                    status,
                    participant: row(&event).map(|row| CollaborationParticipant { row }),
                });
            }
        })
    }

    /// A job's progress: its current state first, then every change of status, progress or
    /// message; completes once the job succeeded, failed or was canceled.
    async fn job_progress(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<JobProgressEvent>> + use<>>
    {
        let (state, viewer) = socket(ctx)?;
        authorize::<Job>(&state, &viewer, job_id, "job").await?;
        state_feed::<JobState>(
            state.realtime.clone(),
            format!("job:{job_id}"),
            "SELECT to_jsonb(j) FROM public.jobs j WHERE j.id = $2",
            job_id,
            None,
        )
        .await
    }
    /// A wide research job's progress as its subtasks finish: its current state first (or,
    /// with `after`, every change since that cursor), then each change of its status or
    /// counts, however the subtasks were written; completes once the job is completed,
    /// failed or canceled.
    async fn wide_research_progress(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
        after: Option<String>,
    ) -> async_graphql::Result<
        impl Stream<Item = async_graphql::Result<WideResearchProgressEvent>> + use<>,
    > {
        let (state, viewer) = socket(ctx)?;
        let after = resume_after(after.as_deref())?;
        authorize::<WideResearchJob>(&state, &viewer, job_id, "research job").await?;
        state_feed::<ResearchState>(
            state.realtime.clone(),
            format!("research:{job_id}"),
            "SELECT to_jsonb(j) FROM public.wide_research_jobs j WHERE j.id = $2",
            job_id,
            after,
        )
        .await
    }

    /// An agent run's progress: its current state first (or, with `after`, the changes
    /// since that cursor), then every change of status, progress, message or step
    /// statistics, whoever writes them (the API, a worker, plain SQL); completes once the
    /// run is completed, failed, cancelled or timed out. Only the run's owner may follow it.
    async fn agent_run_events(
        &self,
        ctx: &Context<'_>,
        run_id: Uuid,
        after: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<AgentRunEvent>> + use<>>
    {
        let (state, viewer) = socket(ctx)?;
        let after = resume_after(after.as_deref())?;
        authorize::<AgentRun>(&state, &viewer, run_id, "agent run").await?;
        state_feed::<AgentRunState>(
            state.realtime.clone(),
            format!("agent_run:{run_id}"),
            "SELECT to_jsonb(r) FROM public.agent_runs r WHERE r.id = $2",
            run_id,
            after,
        )
        .await
    }
}

/// The socket's state and viewer (set by `connection_init`).
fn socket(ctx: &Context<'_>) -> Result<(AppState, Viewer), ApiError> {
    let state = ctx
        .data::<AppState>()
        .map_err(|_| missing("application state"))?;
    let viewer = ctx.data::<Viewer>().map_err(|_| missing("viewer"))?;
    Ok((state.clone(), viewer.clone()))
}

/// The position an `after` argument resumes from.
fn resume_after(after: Option<&str>) -> Result<Option<i64>, ApiError> {
    after
        .map(decode_cursor)
        .transpose()
        .map_err(|error| ApiError::bad_input("after", error.to_string()))
}

fn missing(what: &'static str) -> ApiError {
    internal(MissingSocketData(what))
}

fn internal(error: impl std::error::Error + Send + Sync + 'static) -> ApiError {
    ApiError::Internal(Arc::new(error))
}

/// A subscription was executed outside a WebSocket connection.
#[derive(Debug, thiserror::Error)]
#[error("subscriptions need a WebSocket connection; the {0} is missing")]
struct MissingSocketData(&'static str);

/// Checks, as `viewer` through row-level security, that the `T` row `id` is visible.
async fn authorize<T: Table>(
    state: &AppState,
    viewer: &Viewer,
    id: Uuid,
    what: &str,
) -> Result<(), ApiError> {
    let scope = state.scope(viewer.clone());
    let found = T::Entity::find()
        .filter(T::id_column().eq(id))
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    scope.finish(true).await?;
    found.map(|_| ()).ok_or_else(|| {
        ApiError::Forbidden(format!(
            "you may not follow this {what}, or it does not exist"
        ))
    })
}

/// Joins the session as `viewer` (seed 002 rules, in SQL) and returns the viewer's id.
async fn join(
    state: &AppState,
    viewer: &Viewer,
    session_id: Uuid,
    share_token: Option<String>,
) -> Result<Uuid, ApiError> {
    let scope = state.scope(viewer.clone());
    let joined = collaboration_participants::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT * FROM public.join_collaboration_session($1, $2)",
            [session_id.into(), share_token.into()],
        ))
        .one(&*scope.conn().await?)
        .await;
    let joined = match joined {
        Ok(joined) => joined,
        Err(error) => {
            scope.finish(false).await?;
            return Err(match ApiError::from(error) {
                ApiError::Forbidden(_) => ApiError::Forbidden(
                    "you may not join this collaboration session (not a participant, or a wrong share token)".into(),
                ),
                other => other,
            });
        }
    };
    scope.finish(true).await?;
    joined
        .map(|row| row.user_id)
        .ok_or_else(|| ApiError::Forbidden("you may not join this collaboration session".into()))
}

/// A topic's seq and a JSON value read in one statement (one snapshot), as the owner.
/// `rows_sql` is a scalar query over `$2` = `id`.
async fn snapshot(
    realtime: &Realtime,
    topic: &str,
    rows_sql: &str,
    id: Uuid,
) -> Result<(i64, serde_json::Value), ApiError> {
    let row = realtime
        .pool
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!("SELECT realtime.topic_seq($1) AS seq, ({rows_sql}) AS state"),
            [topic.into(), id.into()],
        ))
        .await
        .map_err(ApiError::from)?
        .ok_or_else(|| ApiError::NotFound("nothing to follow".into()))?;
    let seq: i64 = row.try_get("", "seq").map_err(ApiError::from)?;
    let state: Option<serde_json::Value> = row.try_get("", "state").map_err(ApiError::from)?;
    Ok((
        seq,
        state.ok_or_else(|| ApiError::NotFound("it no longer exists".into()))?,
    ))
}

/// The state a state-like feed follows: a row's status and progress fields, as the row
/// (at subscribe time) and as each event's payload (the trigger records them) carry them.
trait FeedState: DeserializeOwned + Send + 'static {
    /// The GraphQL event sent for one state.
    type Event: Send + 'static;

    /// Whether the feed ends with this state.
    fn is_terminal(&self) -> bool;

    /// The event for this state at `seq`; `kind` is the outbox event's kind, `None` for the
    /// current state at subscribe time.
    fn event(self, seq: i64, kind: Option<&str>, id: Uuid) -> Self::Event;
}

/// A state-like feed of `topic` about row `id`: the current state (`state_sql`, a scalar
/// query over `$2` = `id`) first, then the state of every later event, ending after a
/// terminal state. With `after` older than the current state, the events since `after`
/// replace the current state.
async fn state_feed<S: FeedState>(
    realtime: Realtime,
    topic: String,
    state_sql: &'static str,
    id: Uuid,
    after: Option<i64>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<S::Event>>> {
    let (seq, current) = snapshot(&realtime, &topic, state_sql, id).await?;
    let current: S = serde_json::from_value(current).map_err(internal)?;
    let replay = after.filter(|after| *after < seq);
    // Joining after the snapshot loses nothing: the feed replays the outbox after `seq`.
    let events = log_feed(realtime, topic, Some(replay.unwrap_or(seq)), false).await?;
    let current = replay.is_none().then_some(current);
    Ok(async_stream::stream! {
        if let Some(current) = current {
            let done = current.is_terminal();
            yield Ok(current.event(seq, None, id));
            if done { return; }
        }
        futures_util::pin_mut!(events);
        while let Some(event) = events.next().await {
            let event = match event {
                Ok(event) => event,
                Err(error) => { yield Err(error.into()); return; }
            };
            let Ok(state) = serde_json::from_value::<S>(event.payload.clone()) else { continue };
            let done = state.is_terminal();
            yield Ok(state.event(event.seq, Some(event.kind.as_str()), id));
            if done { return; }
        }
    })
}

/// Whether this run of a subscription only admits its subscriber ([`AdmissionOnly`]).
fn admitting(ctx: &Context<'_>) -> bool {
    ctx.data_opt::<AdmissionOnly>().is_some()
}

/// A log-like feed of `topic`: replays the outbox after `after` (or after the topic's
/// position when the feed is set up), then the live events, each seq once and in order.
/// Empty, without following the topic, when `admission_only`.
async fn log_feed(
    realtime: Realtime,
    topic: String,
    after: Option<i64>,
    admission_only: bool,
) -> Result<impl Stream<Item = Result<Arc<Event>, ApiError>>, ApiError> {
    if admission_only {
        return Ok(Either::Left(futures_util::stream::empty()));
    }
    // Read before joining the hub, and replayed from: whatever commits between the read and
    // the join still arrives, so once the hub counts the subscription it misses no commit.
    let known = realtime.topic_seq(&topic).await.map_err(ApiError::from)?;
    let mut subscription: HubSubscription = realtime.hub.subscribe(&topic);
    realtime.hub.learn_seq(&topic, known);
    let mut from = after.unwrap_or(known);
    Ok(Either::Right(async_stream::stream! {
        loop {
            // Boxed: the read's state would otherwise sit inline in every idle stream.
            let events = match Box::pin(realtime.read(&topic, from)).await {
                Ok(events) => events,
                Err(error) => { yield Err(ApiError::from(error)); return; }
            };
            if events.first().is_some_and(|first| first.seq > from + 1) {
                yield Err(ApiError::bad_input("after", "this cursor is older than the feed's 7-day history; reload, then subscribe without `after`"));
                return;
            }
            let count = events.len();
            for event in events {
                from = event.seq;
                yield Ok(event);
            }
            if count < usize::try_from(READ_BATCH).unwrap_or(usize::MAX) { break; }
        }
        loop {
            match subscription.recv().await {
                Ok(event) => {
                    if event.seq <= from { continue; }
                    from = event.seq;
                    yield Ok(event);
                }
                Err(lagged) => {
                    yield Err(ApiError::Conflict { field: "after".into(), message: lagged.to_string() });
                    return;
                }
            }
        }
    }))
}

/// The event's row as the entity `M`, when it still exists.
fn row<M: DeserializeOwned>(event: &Event) -> Option<M> {
    let row = event.row.clone()?;
    serde_json::from_value(row)
        .inspect_err(|error| tracing::error!(error = %error, seq = event.seq, "an outbox row does not match its entity"))
        .ok()
}

/// One field of an event payload.
fn field<T: DeserializeOwned>(payload: &serde_json::Value, name: &str) -> Option<T> {
    payload
        .get(name)
        .cloned()
        .and_then(|value| serde_json::from_value(value).ok())
}

/// The viewer's presence in a session while a `presence` subscription is open.
struct Presence {
    realtime: Realtime,
    session_id: Uuid,
    user_id: Uuid,
}

impl Presence {
    /// Also brings back online a viewer another process (or the sweeper) marked offline
    /// while this subscription was still open.
    const HEARTBEAT_SQL: &'static str = "UPDATE public.collaboration_participants \
         SET last_seen_at = now(), status = CASE WHEN status = 'offline' THEN 'online' ELSE status END \
         WHERE session_id = $1 AND user_id = $2";
    const LEAVE_SQL: &'static str = "UPDATE public.collaboration_participants SET status = 'offline' \
         WHERE session_id = $1 AND user_id = $2 AND status <> 'offline'";

    async fn heartbeat(&self) {
        run_presence(
            &self.realtime.pool,
            Self::HEARTBEAT_SQL,
            self.session_id,
            self.user_id,
        )
        .await;
    }
}

impl Drop for Presence {
    /// The subscription ended (socket closed, client stopped): the viewer goes offline
    /// unless another of their subscriptions to the session is still open here.
    fn drop(&mut self) {
        if !self.realtime.leave_session(self.session_id, self.user_id) {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (pool, session_id, user_id) =
                (self.realtime.pool.clone(), self.session_id, self.user_id);
            runtime.spawn(async move {
                run_presence(&pool, Self::LEAVE_SQL, session_id, user_id).await
            });
        }
    }
}

async fn run_presence(
    pool: &sea_orm::DatabaseConnection,
    sql: &str,
    session_id: Uuid,
    user_id: Uuid,
) {
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        [session_id.into(), user_id.into()],
    );
    if let Err(error) = pool.execute_raw(statement).await {
        tracing::warn!(error = %error, session.id = %session_id, user.id = %user_id, "updating presence failed");
    }
}
