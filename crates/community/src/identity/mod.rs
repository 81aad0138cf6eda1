//! Identity: users (each visible to itself only), public profiles, settings, roles and API
//! keys, plus the `viewer` root field. Password and key hashes have no GraphQL field.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{ComplexObject, Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, FixedOffset};
use entity::identity::{UiMode, api_keys, profiles, user_roles, user_settings, users};
use entity::messaging::{conversation_members, conversations, messages};
use entity::notifications::notifications;
use entity::social::{comments, creations, follows, likes, media_assets, posts};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement,
};
use std::net::IpAddr;
use std::sync::Arc;
use uuid::Uuid;

use crate::messaging::{Conversation, ConversationMember, Message};
use crate::notifications::Notification;
use crate::social::{Comment, Creation, Follow, Like, MediaAsset, Post};
use switchyard_core::auth::JwtKeys;
use switchyard_core::auth::credentials::{
    hash_password, new_api_key, password_place, verify_password,
};
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{by_id, client_ip, keys, scope, security, viewer_id};
use switchyard_core::graphql::table::Table;
use switchyard_core::graphql::write;
use switchyard_core::security::{PasswordCheck, SecurityLog, SignInVerdict};

switchyard_core::table! {
    /// A sign-in account. Each user sees only their own.
    User => users,
    filter UserFilter {
        id: UuidFilter => Id,
        email: StringFilter => Email,
        created_at: DateTimeFilter => CreatedAt,
    },
    order UserOrder / UserOrderField { CreatedAt => CreatedAt, Email => Email } default CreatedAt,
}

switchyard_core::relations! {
    User {
        to_one {
            /// The user's public profile.
            profile: Profile = id,
        }
        to_many {
            /// The roles granted to the user.
            roles: UserRole = user_roles::Column::UserId,
            /// The user's API keys (hashes are never exposed).
            api_keys: ApiKey = api_keys::Column::UserId,
        }
        unique {
            /// The user's settings.
            settings: UserSettings = user_settings::Column::UserId,
        }
    }
}

switchyard_core::table! {
    /// A person's public face: readable by anyone, editable by its owner.
    Profile => profiles,
    filter ProfileFilter {
        id: UuidFilter => Id,
        username: StringFilter => Username,
        display_name: StringFilter => DisplayName,
        tier: EnumFilter<entity::identity::ProfileTier> => Tier,
        is_verified: BoolFilter => IsVerified,
        followers_count: IntFilter => FollowersCount,
        created_at: DateTimeFilter => CreatedAt,
    },
    order ProfileOrder / ProfileOrderField {
        CreatedAt => CreatedAt,
        Username => Username,
        FollowersCount => FollowersCount,
        CreationsCount => CreationsCount,
    } default CreatedAt,
}

switchyard_core::relations! {
    Profile {
        to_one {
            /// The account behind the profile (visible to its owner only).
            user: User = id,
        }
        to_many {
            /// Posts written by this person.
            posts: Post = posts::Column::AuthorId,
            /// Creations made by this person.
            creations: Creation = creations::Column::UserId,
            /// Comments written by this person.
            comments: Comment = comments::Column::UserId,
            /// Likes given by this person.
            likes: Like = likes::Column::UserId,
            /// Follows pointing at this person.
            followers: Follow = follows::Column::FollowingId,
            /// Follows made by this person.
            following: Follow = follows::Column::FollowerId,
            /// Uploaded media (owner only).
            media_assets: MediaAsset = media_assets::Column::UserId,
            /// Conversations this person belongs to.
            memberships: ConversationMember = conversation_members::Column::UserId,
            /// Conversations this person started.
            started_conversations: Conversation = conversations::Column::CreatedBy,
            /// Messages sent by this person.
            sent_messages: Message = messages::Column::SenderId,
            /// Notifications for this person (owner only).
            notifications: Notification = notifications::Column::UserId,
        }
    }
}

switchyard_core::table! {
    /// A user's preferences.
    UserSettings => user_settings,
    filter UserSettingsFilter { user_id: UuidFilter => UserId },
    order UserSettingsOrder / UserSettingsOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

switchyard_core::relations! {
    UserSettings {
        to_one {
            /// Whose settings these are.
            user: User = user_id,
        }
        to_many {}
    }
}

switchyard_core::table! {
    /// A role granted to a user (backs `has_role()`).
    UserRole => user_roles,
    filter UserRoleFilter {
        user_id: UuidFilter => UserId,
        role: EnumFilter<entity::identity::AppRole> => Role,
    },
    order UserRoleOrder / UserRoleOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

switchyard_core::relations! {
    UserRole {
        to_one {
            /// Who holds the role.
            user: User = user_id,
            /// Who granted it.
            granted_by_user: User = granted_by,
        }
        to_many {}
    }
}

switchyard_core::table! {
    /// An API key of a user; only its prefix is shown, never the key or its hash.
    ApiKey => api_keys,
    filter ApiKeyFilter {
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        revoked_at: DateTimeFilter => RevokedAt,
    },
    order ApiKeyOrder / ApiKeyOrderField { CreatedAt => CreatedAt, Name => Name } default CreatedAt,
}

switchyard_core::relations! {
    ApiKey {
        to_one {
            /// The key's owner.
            user: User = user_id,
        }
        to_many {}
    }
}

switchyard_core::change_feeds! {
    /// Live changes of the viewer's own settings, for every device they are signed in on.
    IdentityChanges owned {
        /// The viewer's settings (language, interface mode, notification preferences) as
        /// any of their devices changes them. With `after`, every change since that cursor
        /// comes first.
        user_settings_changes: UserSettings => UserSettingsChange;
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the identity tables.
    IdentityQuery {
        user, users: User;
        profile, profiles: Profile;
        user_settings_by_id, user_settings: UserSettings;
        user_role, user_roles: UserRole;
        api_key, api_keys: ApiKey;
    }
}
