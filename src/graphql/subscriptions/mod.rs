//! The live feeds, over WebSocket. Each checks at subscribe time, through row-level security
//! as the socket's viewer, that the viewer may follow the topic, then follows it through
//! the process's [hub](crate::realtime::hub).
//!
//! Delivery contract: every event carries `cursor`; log-like feeds (`messageEvents`,
//! `notificationEvents`) take `after` and first replay everything committed after it from
//! the outbox, then go live without gap or duplicate (the hub is joined before the replay
//! and events are de-duplicated by seq). State-like feeds (`presence`, `jobProgress`,
//! `agentRunEvents`, `wideResearchProgress`) start with the current state, read in the
//! same snapshot as its seq; all but `presence` share [`progress`]'s `state_feed`, which
//! then follows the state carried by each event's payload until a terminal state.
//! `collaborationEdits` is log-like and, without `after`, starts from the document merged
//! up to the same snapshot's seq.
//!
//! A subscription run with [`AdmissionOnly`] in its request data makes every check a
//! subscriber meets (arguments, access) and then ends without following its topic: how a
//! subscriber joining a shared execution ([`crate::http::fanout`]) is checked like any other.
//!
//! This module holds the hand-written feeds and their root object: each resolver takes what
//! the transport attached (the [`Live`](crate::graphql::live::Live) hub and scopes, and the viewer) and its arguments
//! ([`access`](crate::graphql::live::access)), and hands them to its feed. Data enters each
//! feed as outbox events of its [`Topic`](crate::realtime::Topic)
//! ([`outbox`](crate::graphql::live::outbox)) and leaves as that feed's GraphQL events:
//! [`messages`], [`notifications`], [`presence`], [`documents`] and [`progress`] (jobs, wide
//! research, agent runs). [`sharing`] is what a shared execution asks of a feed. The tables'
//! change feeds are declared beside their tables and merged in here ([`SubscriptionRoot`]).

mod documents;
mod messages;
mod notifications;
mod presence;
mod progress;
mod sharing;

use async_graphql::{Context, MergedSubscription, Subscription};
use futures_util::Stream;
use uuid::Uuid;

use crate::graphql::live::access::{attached, resume_after};
use documents::CollaborationEditEvent;
use messages::MessageEvent;
use notifications::NotificationEvent;
use presence::PresenceEvent;
use progress::{AgentRunEvent, JobProgressEvent, WideResearchProgressEvent};
use sharing::Sharing;
pub use sharing::{AdmissionOnly, REVOKED_USER, SharedAcrossViewers, reads_alike};

/// Every live feed: the hand-written ones and the tables' change feeds.
#[derive(MergedSubscription, Default)]
pub struct SubscriptionRoot(
    Feeds,
    crate::graphql::ai::AiChanges,
    crate::graphql::billing::BillingChanges,
    crate::graphql::operations::OperationsChanges,
    crate::graphql::collaboration::CollaborationChanges,
    crate::graphql::crypto::CryptoChanges,
    crate::graphql::agents::AgentChanges,
    crate::graphql::content::ContentChanges,
    crate::graphql::automation::AutomationChanges,
    crate::graphql::identity::IdentityChanges,
    crate::graphql::marketplace::MarketplaceChanges,
    crate::graphql::social::SocialChanges,
);

/// The hand-written feeds.
#[derive(Debug, Default)]
pub struct Feeds;

#[Subscription]
impl Feeds {
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
        let (live, viewer) = attached(ctx)?;
        let after = resume_after(after.as_deref())?;
        messages::message_events(live, viewer, conversation_id, after, Sharing::of(ctx)).await
    }

    /// The viewer's notifications: created, read, archived, with the unread count. With
    /// `after`, everything since that cursor comes first.
    async fn notification_events(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<NotificationEvent>> + use<>>
    {
        let (live, viewer) = attached(ctx)?;
        let after = resume_after(after.as_deref())?;
        notifications::notification_events(live, viewer, after, Sharing::of(ctx)).await
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
        let (live, viewer) = attached(ctx)?;
        presence::presence(live, viewer, session_id, share_token).await
    }

    /// A collaboration session's document as its owner and editors change it, for anyone
    /// who may see the session: the whole document merged into one Yjs update first (or,
    /// with `after`, every edit since that cursor), then each edit as it is committed,
    /// whoever wrote it. Ends with FORBIDDEN when the viewer is removed from the session.
    async fn collaboration_edits(
        &self,
        ctx: &Context<'_>,
        session_id: Uuid,
        after: Option<String>,
    ) -> async_graphql::Result<
        impl Stream<Item = async_graphql::Result<CollaborationEditEvent>> + use<>,
    > {
        let (live, viewer) = attached(ctx)?;
        let after = resume_after(after.as_deref())?;
        documents::collaboration_edits(live, viewer, session_id, after).await
    }

    /// A job's progress: its current state first, then every change of status, progress or
    /// message; completes once the job succeeded, failed or was canceled.
    async fn job_progress(
        &self,
        ctx: &Context<'_>,
        job_id: Uuid,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<JobProgressEvent>> + use<>>
    {
        let (live, viewer) = attached(ctx)?;
        progress::job_progress(live, viewer, job_id).await
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
        let (live, viewer) = attached(ctx)?;
        let after = resume_after(after.as_deref())?;
        progress::wide_research_progress(live, viewer, job_id, after).await
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
        let (live, viewer) = attached(ctx)?;
        let after = resume_after(after.as_deref())?;
        progress::agent_run_events(live, viewer, run_id, after).await
    }
}
