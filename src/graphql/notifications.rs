//! Notifications: each person's own, created by triggers for social and messaging events.

use entity::notifications::notifications;

use crate::graphql::filter::{BoolFilter, DateTimeFilter, EnumFilter, UuidFilter};
use crate::graphql::identity::Profile;

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
