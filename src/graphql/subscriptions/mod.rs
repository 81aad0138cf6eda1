//! The live feeds, over WebSocket. Each checks at subscribe time, through row-level security
//! as the socket's viewer, that the viewer may follow the topic, then follows it through
//! the process's [hub](switchyard_core::realtime::hub).
//!
//! Delivery contract: every event carries `cursor`; log-like feeds (`messageEvents`,
//! `notificationEvents`) take `after` and first replay everything committed after it from
//! the outbox, then go live without gap or duplicate (the hub is joined before the replay
//! and events are de-duplicated by seq). State-like feeds (`presence`, `jobProgress`,
//! `agentRunEvents`, `wideResearchProgress`) start with the current state, read in the
//! same snapshot as its seq; all but `presence` share `progress`'s `state_feed`, which
//! then follows the state carried by each event's payload until a terminal state.
//! `collaborationEdits` is log-like and, without `after`, starts from the document merged
//! up to the same snapshot's seq.
//!
//! A subscription run with [`AdmissionOnly`](switchyard_core::graphql::live::AdmissionOnly) in its request data makes every check a
//! subscriber meets (arguments, access) and then ends without following its topic: how a
//! subscriber joining a shared execution ([`crate::http::fanout`]) is checked like any other.
//!
//! This module holds the hand-written feeds and their root object: each resolver takes what
//! the transport attached (the [`Live`](switchyard_core::graphql::live::Live) hub and scopes, and the viewer) and its arguments
//! ([`access`](switchyard_core::graphql::live::access)), and hands them to its feed. Data enters each
//! feed as outbox events of its [`Topic`](switchyard_core::realtime::Topic)
//! ([`outbox`](switchyard_core::graphql::live::outbox)) and leaves as that feed's GraphQL events:
//! `messages`, `notifications`, `presence`, `documents` and `progress` (jobs, wide
//! research, agent runs). `sharing` is what a shared execution asks of a feed. The tables'
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

use documents::CollaborationEditEvent;
use messages::MessageEvent;
use notifications::NotificationEvent;
use presence::PresenceEvent;
use progress::{AgentRunEvent, JobProgressEvent, WideResearchProgressEvent};
use sharing::Sharing;
pub use sharing::{REVOKED_USER, SharedAcrossViewers, reads_alike};
use switchyard_core::graphql::live::access::{attached, resume_after};

/// The subscription root, merging the hand-written feeds with the areas' `change_feeds`,
/// and the list of the change feeds' root fields, from one list of the areas' feeds.
macro_rules! subscription_root {
    ($( $changes:ty ),+ $(,)?) => {
        /// Every live feed: the hand-written ones and the tables' change feeds.
        #[derive(MergedSubscription, Default)]
        pub struct SubscriptionRoot(Feeds, $( $changes ),+);

        /// The root fields of the tables' change feeds, as Rust spells them.
        const CHANGE_FEEDS: &[&[&str]] = &[$( <$changes>::FIELDS ),+];
    };
}

subscription_root!(
    switchyard_ai::AiChanges,
    switchyard_billing::BillingChanges,
    switchyard_operations::OperationsChanges,
    switchyard_collaboration::CollaborationChanges,
    switchyard_crypto::CryptoChanges,
    switchyard_agents::AgentChanges,
    switchyard_content::ContentChanges,
    switchyard_automation::AutomationChanges,
    switchyard_community::identity::IdentityChanges,
    switchyard_marketplace::MarketplaceChanges,
    switchyard_community::social::SocialChanges,
);

/// Whether the subscription root field `name` (as GraphQL spells it) is a table's change
/// feed: a log-like feed of the viewer's own rows or a group's.
pub fn is_change_feed(name: &str) -> bool {
    CHANGE_FEEDS
        .iter()
        .flat_map(|fields| fields.iter())
        .any(|field| snake_is_camel(field, name))
}

/// Whether the Rust name `snake` is `camel` as async-graphql spells fields
/// (`ai_clone_changes` is `aiCloneChanges`).
fn snake_is_camel(snake: &str, camel: &str) -> bool {
    snake
        .split('_')
        .enumerate()
        .flat_map(|(n, word)| {
            word.chars().enumerate().map(move |(at, c)| {
                if n > 0 && at == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
        })
        .eq(camel.chars())
}

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
        documents::collaboration_edits(live, viewer, session_id, after, Sharing::of(ctx)).await
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

#[cfg(test)]
mod tests {
    use super::{CHANGE_FEEDS, is_change_feed};
    use crate::graphql::build_schema;
    use switchyard_core::config::Limits;

    #[test]
    fn every_change_feed_is_known_by_its_graphql_name_and_no_other_feed_is() {
        let sdl = build_schema(Limits::default()).sdl();
        let root = sdl
            .split("type SubscriptionRoot {")
            .nth(1)
            .and_then(|rest| rest.split("\n}").next())
            .unwrap_or_default();
        let fields: Vec<&str> = root
            .lines()
            .filter_map(|line| line.strip_prefix('\t'))
            .filter_map(|line| line.split(['(', ':']).next())
            .filter(|name| name.chars().all(char::is_alphanumeric) && !name.is_empty())
            .collect();
        let changes: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|name| is_change_feed(name))
            .collect();
        assert_eq!(
            changes.len(),
            CHANGE_FEEDS.iter().map(|feeds| feeds.len()).sum::<usize>()
        );
        assert!(changes.contains(&"userSettingsChanges"), "{changes:?}");
        assert!(!is_change_feed("messageEvents"));
        assert!(!is_change_feed("user_settings_changes"));
    }
}
