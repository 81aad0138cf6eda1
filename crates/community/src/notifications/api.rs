//! The notifications API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// The viewer's unread count.
#[derive(Debug, Default)]
pub struct UnreadNotificationsQuery;

#[Object]
impl UnreadNotificationsQuery {
    /// How many of the viewer's notifications are unread and not archived (0 when signed out).
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        Ok(unread_notification_count(scope(ctx)?).await?)
    }
}

/// Reading and archiving the viewer's notifications (seed 004's functions).
#[derive(Debug, Default)]
pub struct NotificationsMutation;

#[Object]
impl NotificationsMutation {
    /// Marks one notification read (seed 004's `mark_notification_read`).
    async fn mark_notification_read(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Notification> {
        viewer_id(ctx)?;
        Ok(mark_notification_read(scope(ctx)?, id).await?)
    }

    /// Marks all the viewer's notifications read (seed 004's `mark_all_notifications_read`);
    /// returns how many changed.
    async fn mark_all_notifications_read(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let user = viewer_id(ctx)?;
        Ok(mark_all_notifications_read(scope(ctx)?, user).await?)
    }

    /// Archives one notification.
    async fn archive_notification(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Notification> {
        viewer_id(ctx)?;
        Ok(archive_notification(scope(ctx)?, id).await?)
    }
}
