//! The notifications operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

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
