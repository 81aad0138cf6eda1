//! `notificationEvents`: the viewer's notifications, a log-like feed that replays from
//! `after` and may run as a shared execution (of one viewer's sockets: the topic is theirs).
//!
//! Data enters as the outbox events of the viewer's topic (a notification created, read,
//! archived, updated or deleted, with the row as it is now and the unread count in the
//! payload); it leaves as [`NotificationEvent`]s.

use async_graphql::{Enum, SimpleObject};
use futures_util::Stream;
use uuid::Uuid;

use super::sharing::Sharing;
use switchyard_community::notifications::Notification;
use switchyard_core::auth::Viewer;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::live::Live;
use switchyard_core::graphql::live::outbox::{Step, each_event, field, log_feed, row};
use switchyard_core::realtime::{Topic, encode_cursor};

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

/// The `notificationEvents` feed of `viewer`, resuming after `after`.
pub(super) async fn notification_events(
    live: Live,
    viewer: Viewer,
    after: Option<i64>,
    sharing: Sharing,
) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<NotificationEvent>>> {
    let user = viewer
        .user_id
        .ok_or_else(|| ApiError::Unauthenticated("sign in to follow your notifications".into()))?;
    let topic = Topic::User(user);
    let events = log_feed(live.realtime.clone(), topic, after, sharing.admission_only).await?;
    Ok(each_event(events, |event| {
        let kind = match event.kind.as_str() {
            "created" => NotificationEventKind::Created,
            "read" => NotificationEventKind::Read,
            "archived" => NotificationEventKind::Archived,
            "updated" => NotificationEventKind::Updated,
            "deleted" => NotificationEventKind::Deleted,
            _ => return Step::Skip,
        };
        Step::Send(NotificationEvent {
            cursor: encode_cursor(event.seq),
            kind,
            notification_id: event.row_id,
            notification: row(event).map(|row| Notification { row }),
            unread_count: field(&event.payload, "unread_count").unwrap_or_default(),
        })
    }))
}
