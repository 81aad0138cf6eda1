//! `jobProgress`, `wideResearchProgress` and `agentRunEvents`: the progress of a job, a wide
//! research job and an agent run, state-like feeds sharing [`state_feed`]. Each starts with
//! the row's current state (or, with `after`, the changes since), then follows the state
//! each event's payload carries until a terminal state ends it.
//!
//! Data enters as the row read with its topic's seq, then as the outbox events of the row's
//! topic (the trigger records the state in the payload); it leaves as one GraphQL event per
//! state.

use async_graphql::{Enum, SimpleObject};
use entity::agents::AgentRunStatus;
use entity::automation::ResearchJobStatus;
use entity::jobs::JobStatus;
use futures_util::{Stream, StreamExt as _};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use switchyard_agents::AgentRun;
use switchyard_core::auth::Viewer;
use switchyard_core::graphql::live::Live;
use switchyard_core::graphql::live::access::{authorize, internal};
use switchyard_core::graphql::live::outbox::{Step, each_event, log_feed, snapshot};
use switchyard_core::realtime::{Realtime, Topic, encode_cursor};
use switchyard_jobs::Job;
use switchyard_research::WideResearchJob;

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
    topic: Topic,
    state_sql: &'static str,
    id: Uuid,
    after: Option<i64>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<S::Event>>> {
    let (seq, current) = snapshot(&realtime, topic, state_sql, id).await?;
    let current: S = serde_json::from_value(current).map_err(internal)?;
    let replay = after.filter(|after| *after < seq);
    // Joining after the snapshot loses nothing: the feed replays the outbox after `seq`.
    let events = log_feed(realtime, topic, Some(replay.unwrap_or(seq)), false).await?;
    let current = replay.is_none().then_some(current);
    let later = each_event(events, move |event| {
        let Ok(state) = serde_json::from_value::<S>(event.payload.clone()) else {
            return Step::Skip;
        };
        let done = state.is_terminal();
        let sent = state.event(event.seq, Some(event.kind.as_str()), id);
        if done {
            Step::Last(sent)
        } else {
            Step::Send(sent)
        }
    });
    Ok(async_stream::stream! {
        if let Some(current) = current {
            let done = current.is_terminal();
            yield Ok(current.event(seq, None, id));
            if done { return; }
        }
        futures_util::pin_mut!(later);
        while let Some(sent) = later.next().await {
            yield sent;
        }
    })
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

/// The `jobProgress` feed of `job_id`, if `viewer` may see the job.
pub(super) async fn job_progress(
    live: Live,
    viewer: Viewer,
    job_id: Uuid,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<JobProgressEvent>>> {
    authorize::<Job>(&live, &viewer, job_id, "job").await?;
    state_feed::<JobState>(
        live.realtime.clone(),
        Topic::Job(job_id),
        "SELECT to_jsonb(j) FROM public.jobs j WHERE j.id = $2",
        job_id,
        None,
    )
    .await
}

/// The `wideResearchProgress` feed of `job_id` after `after`, if `viewer` may see the job.
pub(super) async fn wide_research_progress(
    live: Live,
    viewer: Viewer,
    job_id: Uuid,
    after: Option<i64>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<WideResearchProgressEvent>>> {
    authorize::<WideResearchJob>(&live, &viewer, job_id, "research job").await?;
    state_feed::<ResearchState>(
        live.realtime.clone(),
        Topic::Research(job_id),
        "SELECT to_jsonb(j) FROM public.wide_research_jobs j WHERE j.id = $2",
        job_id,
        after,
    )
    .await
}

/// The `agentRunEvents` feed of `run_id` after `after`, if `viewer` may see the run.
pub(super) async fn agent_run_events(
    live: Live,
    viewer: Viewer,
    run_id: Uuid,
    after: Option<i64>,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<AgentRunEvent>>> {
    authorize::<AgentRun>(&live, &viewer, run_id, "agent run").await?;
    state_feed::<AgentRunState>(
        live.realtime.clone(),
        Topic::AgentRun(run_id),
        "SELECT to_jsonb(r) FROM public.agent_runs r WHERE r.id = $2",
        run_id,
        after,
    )
    .await
}
