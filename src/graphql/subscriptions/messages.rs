//! `messageEvents`: the messages of a conversation, a log-like feed that replays from
//! `after` and may run as a shared execution.
//!
//! Data enters as the outbox events of the conversation's topic (a message added, edited
//! or deleted, with the row as it is now; a member removed, with the user in the payload);
//! it leaves as [`MessageEvent`]s, and as FORBIDDEN once the viewer is removed.

use async_graphql::{Enum, SimpleObject};
use futures_util::Stream;
use uuid::Uuid;

use super::sharing::{Sharing, removal};
use switchyard_community::messaging::{Conversation, Message};
use switchyard_core::auth::Viewer;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::live::Live;
use switchyard_core::graphql::live::access::authorize;
use switchyard_core::graphql::live::outbox::{Step, each_event, field, log_feed, row};
use switchyard_core::realtime::{Topic, encode_cursor};

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

/// The `messageEvents` feed of `conversation_id` for `viewer`, resuming after `after`.
pub(super) async fn message_events(
    live: Live,
    viewer: Viewer,
    conversation_id: Uuid,
    after: Option<i64>,
    sharing: Sharing,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<MessageEvent>>> {
    authorize::<Conversation>(&live, &viewer, conversation_id, "conversation").await?;
    let topic = Topic::Conversation(conversation_id);
    let events = log_feed(live.realtime.clone(), topic, after, sharing.admission_only).await?;
    let me = viewer.user_id;
    Ok(each_event(events, move |event| {
        let kind = match event.kind.as_str() {
            "added" => MessageEventKind::Added,
            "edited" => MessageEventKind::Edited,
            "deleted" => MessageEventKind::Deleted,
            "member_removed" => {
                return removal(
                    &sharing,
                    me,
                    field::<Uuid>(&event.payload, "user_id"),
                    ApiError::Forbidden("you were removed from this conversation".into()),
                );
            }
            _ => return Step::Skip,
        };
        Step::Send(MessageEvent {
            cursor: encode_cursor(event.seq),
            kind,
            message_id: event.row_id,
            message: row(event).map(|row| Message { row }),
        })
    }))
}
