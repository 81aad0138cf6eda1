//! Notifications: each person's own, created by triggers for social and messaging events.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, Object};
use entity::notifications::notifications;
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{BoolFilter, DateTimeFilter, EnumFilter, UuidFilter};
use switchyard_core::graphql::resolve::{scope, viewer_id};
use switchyard_core::graphql::write;

switchyard_core::table! {
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

switchyard_core::relations! {
    Notification {
        to_one {
            /// The recipient.
            user: Profile = user_id,
        }
        to_many {}
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of notifications.
    NotificationsQuery {
        notification, notifications: Notification;
    }
}
