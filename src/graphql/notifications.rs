//! Notifications: each person's own, created by triggers for social and messaging events.

use async_graphql::{Context, Object};
use entity::notifications::notifications;
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{BoolFilter, DateTimeFilter, EnumFilter, UuidFilter};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{scope, viewer_id};
use crate::graphql::write;

crate::table! {
    /// Something that happened that a person should know about. Visible to its recipient.
    Notification => notifications,
    filter NotificationFilter {
        user_id: UuidFilter => UserId,
        r#type: EnumFilter<entity::notifications::NotificationType> => Type,
        is_read: BoolFilter => IsRead,
        is_archived: BoolFilter => IsArchived,
        created_at: DateTimeFilter => CreatedAt,
    },
    order NotificationOrder / NotificationOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

crate::relations! {
    Notification {
        to_one {
            /// The recipient.
            user: Profile = user_id,
        }
        to_many {}
    }
}

crate::root_fields! {
    /// By-id and list fields of notifications.
    NotificationsQuery {
        notification, notifications: Notification;
    }
}

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

/// How many of the viewer's notifications are unread and not archived.
pub async fn unread_notification_count(scope: &RequestScope) -> Result<u64, ApiError> {
    Ok(notifications::Entity::find()
        .filter(notifications::Column::IsRead.eq(false))
        .filter(notifications::Column::IsArchived.eq(false))
        .count(&*scope.conn().await?)
        .await?)
}

/// Marks notification `id` read; RLS lets only its owner through.
pub async fn mark_notification_read(
    scope: &RequestScope,
    id: Uuid,
) -> Result<Notification, ApiError> {
    let read = notifications::ActiveModel {
        id: Unchanged(id),
        is_read: Set(true),
        ..Default::default()
    };
    write::update::<Notification, _>(scope, read).await
}

/// Archives notification `id`; RLS lets only its owner through.
pub async fn archive_notification(
    scope: &RequestScope,
    id: Uuid,
) -> Result<Notification, ApiError> {
    let archived = notifications::ActiveModel {
        id: Unchanged(id),
        is_archived: Set(true),
        ..Default::default()
    };
    write::update::<Notification, _>(scope, archived).await
}

/// Marks all of `user`'s unread notifications read; how many changed.
pub async fn mark_all_notifications_read(
    scope: &RequestScope,
    user: Uuid,
) -> Result<u64, ApiError> {
    let updated = notifications::Entity::update_many()
        .col_expr(notifications::Column::IsRead, true.into())
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::IsRead.eq(false))
        .exec(&*scope.conn().await?)
        .await?;
    Ok(updated.rows_affected)
}
