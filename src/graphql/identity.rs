//! Identity: users (each visible to itself only), public profiles, settings, roles and API
//! keys, plus the `viewer` root field. Password and key hashes have no GraphQL field.

use std::net::IpAddr;
use std::sync::Arc;

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
use uuid::Uuid;

use crate::auth::JwtKeys;
use crate::auth::credentials::{hash_password, new_api_key, verify_password};
use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::table::Table;
use crate::graphql::write;

use crate::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use crate::graphql::messaging::{Conversation, ConversationMember, Message};
use crate::graphql::notifications::Notification;
use crate::graphql::resolve::{by_id, client_ip, keys, scope, security, viewer_id};
use crate::graphql::social::{Comment, Creation, Follow, Like, MediaAsset, Post};
use crate::security::{PasswordCheck, SecurityLog, SignInVerdict};

crate::table! {
    /// A sign-in account. Each user sees only their own.
    User => users,
    filter UserFilter {
        id: UuidFilter => Id,
        email: StringFilter => Email,
        created_at: DateTimeFilter => CreatedAt,
    },
    order UserOrder / UserOrderField { CreatedAt => CreatedAt, Email => Email } default CreatedAt,
}

crate::relations! {
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

crate::table! {
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

crate::relations! {
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

crate::table! {
    /// A user's preferences.
    UserSettings => user_settings,
    filter UserSettingsFilter { user_id: UuidFilter => UserId },
    order UserSettingsOrder / UserSettingsOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

crate::relations! {
    UserSettings {
        to_one {
            /// Whose settings these are.
            user: User = user_id,
        }
        to_many {}
    }
}

crate::table! {
    /// A role granted to a user (backs `has_role()`).
    UserRole => user_roles,
    filter UserRoleFilter {
        user_id: UuidFilter => UserId,
        role: EnumFilter<entity::identity::AppRole> => Role,
    },
    order UserRoleOrder / UserRoleOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

crate::relations! {
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

crate::table! {
    /// An API key of a user; only its prefix is shown, never the key or its hash.
    ApiKey => api_keys,
    filter ApiKeyFilter {
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        revoked_at: DateTimeFilter => RevokedAt,
    },
    order ApiKeyOrder / ApiKeyOrderField { CreatedAt => CreatedAt, Name => Name } default CreatedAt,
}

crate::relations! {
    ApiKey {
        to_one {
            /// The key's owner.
            user: User = user_id,
        }
        to_many {}
    }
}

crate::change_feeds! {
    /// Live changes of the viewer's own settings, for every device they are signed in on.
    IdentityChanges owned {
        /// The viewer's settings (language, interface mode, notification preferences) as
        /// any of their devices changes them. With `after`, every change since that cursor
        /// comes first.
        user_settings_changes: UserSettings => UserSettingsChange;
    }
}

crate::root_fields! {
    /// By-id and list fields of the identity tables.
    IdentityQuery {
        user, users: User;
        profile, profiles: Profile;
        user_settings_by_id, user_settings: UserSettings;
        user_role, user_roles: UserRole;
        api_key, api_keys: ApiKey;
    }
}

/// Who is asking: the signed-in user (if any) and the role the request runs as.
#[derive(Debug, SimpleObject)]
#[graphql(name = "Viewer", complex)]
pub struct ViewerInfo {
    /// The signed-in user's id; null for anonymous requests.
    pub id: Option<Uuid>,
    /// The database role: `anon`, `authenticated` or `service_role`.
    pub role: String,
}

#[ComplexObject]
impl ViewerInfo {
    /// The signed-in user's account.
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(by_id::<User>(ctx, self.id).await?)
    }

    /// The signed-in user's profile.
    async fn profile(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Profile>> {
        Ok(by_id::<Profile>(ctx, self.id).await?)
    }
}

/// The `viewer` root field.
#[derive(Debug, Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// Who is asking.
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<ViewerInfo> {
        let viewer = scope(ctx)?.viewer();
        Ok(ViewerInfo {
            id: viewer.user_id,
            role: viewer.role.as_str().to_owned(),
        })
    }
}

/// What `signUp` and `signIn` return: a session token and the account it opens.
#[derive(Debug, SimpleObject)]
#[graphql(complex)]
pub struct AuthPayload {
    /// A JWT to send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
    /// The signed-in user's id.
    pub user_id: Uuid,
}

#[ComplexObject]
impl AuthPayload {
    /// The signed-in user's public profile.
    async fn profile(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Profile>> {
        Ok(by_id::<Profile>(ctx, self.user_id).await?)
    }
}

/// Changes to the viewer's profile; absent fields stay as they are.
#[derive(Debug, InputObject)]
pub struct UpdateProfileInput {
    /// A new username (3 to 30 characters: lowercase letters, digits and _).
    pub username: Option<String>,
    /// Shown instead of the username (at most 100 characters).
    pub display_name: Option<String>,
    /// An http(s) URL of the avatar image.
    pub avatar_url: Option<String>,
    /// About the person (at most 1000 characters).
    pub bio: Option<String>,
    /// Free-form preferences (a JSON object).
    pub preferences: Option<serde_json::Value>,
}

/// Changes to the viewer's settings; absent fields stay as they are.
#[derive(Debug, InputObject)]
pub struct UpdateSettingsInput {
    /// Light, dark or following the system.
    pub ui_mode: Option<UiMode>,
    /// A language tag such as `en` or `pt-BR`.
    pub language: Option<String>,
    /// Which notifications to receive (a JSON object).
    pub notification_preferences: Option<serde_json::Value>,
}

/// A new API key: the plaintext is returned this once and never again.
#[derive(Debug, SimpleObject)]
pub struct CreatedApiKey {
    /// The key to send as `X-Api-Key`. Store it now: only its hash is kept.
    pub key: String,
    /// The stored key (prefix, scopes, expiry).
    pub api_key: ApiKey,
}

/// Sign-up, sign-in, profile, settings and API keys.
#[derive(Debug, Default)]
pub struct IdentityMutation;

#[Object]
impl IdentityMutation {
    /// Creates an account with a profile and settings, and signs it in.
    async fn sign_up(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
        username: String,
    ) -> async_graphql::Result<AuthPayload> {
        Ok(sign_up(scope(ctx)?, keys(ctx)?, &email, password, &username).await?)
    }

    /// Signs in with e-mail and password. A wrong password and an unknown e-mail give the
    /// same error (UNAUTHENTICATED) and are recorded as security events; after too many
    /// failures from one address for one account, sign-in is refused with TOO_MANY_ATTEMPTS
    /// until the lockout ends.
    async fn sign_in(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let attempt = SignInAttempt {
            security: security(ctx)?,
            ip: client_ip(ctx)?,
        };
        Ok(sign_in(scope(ctx)?, keys(ctx)?, attempt, &email, password).await?)
    }

    /// Updates the viewer's profile.
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateProfileInput,
    ) -> async_graphql::Result<Profile> {
        Ok(update_profile(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Updates (or first creates) the viewer's settings.
    async fn update_settings(
        &self,
        ctx: &Context<'_>,
        input: UpdateSettingsInput,
    ) -> async_graphql::Result<UserSettings> {
        Ok(update_settings(scope(ctx)?, viewer_id(ctx)?, input).await?)
    }

    /// Creates an API key for the viewer; the plaintext is returned once.
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        name: String,
        scopes: Option<Vec<String>>,
        expires_at: Option<DateTime<FixedOffset>>,
    ) -> async_graphql::Result<CreatedApiKey> {
        let scopes = scopes.unwrap_or_default();
        Ok(create_api_key(scope(ctx)?, viewer_id(ctx)?, &name, scopes, expires_at).await?)
    }

    /// Revokes one of the viewer's API keys; requests with it are refused from now on.
    async fn revoke_api_key(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<ApiKey> {
        Ok(revoke_api_key(scope(ctx)?, id).await?)
    }
}

/// Revokes an API key now; RLS lets only its owner through.
pub async fn revoke_api_key(scope: &RequestScope, id: Uuid) -> Result<ApiKey, ApiError> {
    let revoked = api_keys::ActiveModel {
        id: Unchanged(id),
        revoked_at: Set(Some(now())),
        ..Default::default()
    };
    write::update::<ApiKey, _>(scope, revoked).await
}

/// Longest password accepted (argon2 is slow on purpose; unbounded input would be a DoS).
const MAX_PASSWORD: usize = 128;
/// Shortest password accepted.
const MIN_PASSWORD: usize = 8;

fn now() -> DateTime<FixedOffset> {
    chrono::Utc::now().fixed_offset()
}

/// A trimmed, lowercased e-mail, or `BAD_USER_INPUT`.
fn normalize_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(ApiError::anticipating("users_email_format", "email"))
    }
}

/// The database's username rule, checked before a sign-up spends a password hash on it.
fn check_username(username: &str) -> Result<(), ApiError> {
    let valid = (3..=30).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(ApiError::anticipating(
            "profiles_username_format",
            "username",
        ))
    }
}

fn check_password(password: &str) -> Result<(), ApiError> {
    write::check_length("password", password, MIN_PASSWORD, MAX_PASSWORD)
}

fn session(keys: &JwtKeys, user_id: Uuid) -> Result<AuthPayload, ApiError> {
    let (token, expires_in) = keys
        .session(user_id)
        .map_err(|error| ApiError::Internal(Arc::new(error)))?;
    Ok(AuthPayload {
        token,
        expires_in,
        user_id,
    })
}

/// Creates the user, profile and settings rows (as the service role: nobody may create
/// accounts directly) and returns a session.
pub async fn sign_up(
    scope: &RequestScope,
    keys: &JwtKeys,
    email: &str,
    password: String,
    username: &str,
) -> Result<AuthPayload, ApiError> {
    let email = normalize_email(email)?;
    check_username(username)?;
    check_password(&password)?;
    let hash = hash_password(password)
        .await
        .map_err(|error| ApiError::Internal(Arc::new(error)))?;
    let user_id = Uuid::new_v4();
    scope
        .as_service(async {
            let conn = scope.conn().await?;
            users::ActiveModel {
                id: Set(user_id),
                email: Set(email),
                ..Default::default()
            }
            .insert(&*conn)
            .await
            .map_err(ApiError::from)?;
            // The hash column is outside the entity (no API role may select it).
            conn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "UPDATE public.users SET password_hash = $2 WHERE id = $1",
                [user_id.into(), hash.into()],
            ))
            .await
            .map_err(ApiError::from)?;
            profiles::ActiveModel {
                id: Set(user_id),
                username: Set(username.to_owned()),
                ..Default::default()
            }
            .insert(&*conn)
            .await
            .map_err(ApiError::from)?;
            user_settings::ActiveModel {
                user_id: Set(user_id),
                ..Default::default()
            }
            .insert(&*conn)
            .await
            .map_err(ApiError::from)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    tracing::info!(user.id = %user_id, "signed up");
    session(keys, user_id)
}

/// Where a sign-in comes from and where its failures are recorded.
#[derive(Debug, Clone, Copy)]
pub struct SignInAttempt<'a> {
    /// The security log (writes through the pool, outside the request's transaction).
    pub security: &'a SecurityLog,
    /// The client's address, when known.
    pub ip: Option<IpAddr>,
}

/// Checks the lockout, then the password (as the service role, which alone may read
/// hashes), and returns a session. A failure is recorded and may start a lockout.
pub async fn sign_in(
    scope: &RequestScope,
    keys: &JwtKeys,
    attempt: SignInAttempt<'_>,
    email: &str,
    password: String,
) -> Result<AuthPayload, ApiError> {
    let refused = || ApiError::Unauthenticated("invalid email or password".into());
    let email = normalize_email(email).map_err(|_| refused())?;
    let check = async {
        let account = scope
            .as_service(async {
                scope
                    .conn()
                    .await?
                    .query_one_raw(Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        "SELECT id, password_hash FROM public.users WHERE email = $1",
                        [email.as_str().into()],
                    ))
                    .await
                    .map_err(ApiError::from)
            })
            .await?;
        let owner = account
            .as_ref()
            .and_then(|row| row.try_get::<Uuid>("", "id").ok());
        let hash = account.and_then(|row| {
            row.try_get::<Option<String>>("", "password_hash")
                .ok()
                .flatten()
        });
        let accepted =
            password.chars().count() <= MAX_PASSWORD && verify_password(hash, password).await;
        Ok::<_, ApiError>(match owner {
            Some(id) if accepted => PasswordCheck::Accepted(id),
            _ => PasswordCheck::Refused { owner },
        })
    };
    let user_id = match attempt.security.sign_in(attempt.ip, &email, check).await? {
        SignInVerdict::Accepted(user_id) => user_id,
        SignInVerdict::Refused => return Err(refused()),
        SignInVerdict::LockedOut(seconds) => {
            return Err(ApiError::TooManyAttempts(format!(
                "too many failed sign-ins: try again in {seconds} seconds"
            )));
        }
    };
    scope
        .as_service(async {
            users::ActiveModel {
                id: Unchanged(user_id),
                last_login_at: Set(Some(now())),
                ..Default::default()
            }
            .update(&*scope.conn().await?)
            .await
            .map_err(ApiError::from)
        })
        .await?;
    tracing::info!(user.id = %user_id, "signed in");
    session(keys, user_id)
}

/// Applies the given profile changes, validating each.
pub async fn update_profile(
    scope: &RequestScope,
    user_id: Uuid,
    input: UpdateProfileInput,
) -> Result<Profile, ApiError> {
    let mut profile = profiles::ActiveModel {
        id: Unchanged(user_id),
        ..Default::default()
    };
    if let Some(username) = input.username {
        profile.username = Set(username);
    }
    if let Some(name) = input.display_name {
        profile.display_name = Set(Some(name).filter(|name| !name.trim().is_empty()));
    }
    if let Some(url) = input.avatar_url {
        write::check_length("avatarUrl", &url, 0, 2048)?;
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ApiError::bad_input("avatarUrl", "use an http(s) URL"));
        }
        profile.avatar_url = Set(Some(url).filter(|url| !url.is_empty()));
    }
    if let Some(bio) = input.bio {
        profile.bio = Set(Some(bio));
    }
    if let Some(preferences) = input.preferences {
        if !preferences.is_object() {
            return Err(ApiError::bad_input(
                "preferences",
                "preferences must be a JSON object",
            ));
        }
        profile.preferences = Set(preferences);
    }
    if !profile.is_changed() {
        return Ok(Profile::from_model(
            write::find::<Profile>(scope, user_id).await?,
        ));
    }
    write::update::<Profile, _>(scope, profile).await
}

/// Updates the viewer's settings row, creating it with defaults first if missing.
pub async fn update_settings(
    scope: &RequestScope,
    user_id: Uuid,
    input: UpdateSettingsInput,
) -> Result<UserSettings, ApiError> {
    if let Some(preferences) = &input.notification_preferences
        && !preferences.is_object()
    {
        return Err(ApiError::bad_input(
            "notificationPreferences",
            "notification preferences must be a JSON object",
        ));
    }
    let existing = user_settings::Entity::find()
        .filter(user_settings::Column::UserId.eq(user_id))
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    let mut settings = match &existing {
        Some(row) => user_settings::ActiveModel {
            id: Unchanged(row.id),
            ..Default::default()
        },
        None => user_settings::ActiveModel {
            user_id: Set(user_id),
            ..Default::default()
        },
    };
    if let Some(mode) = input.ui_mode {
        settings.ui_mode = Set(mode);
    }
    if let Some(language) = input.language {
        settings.language = Set(language);
    }
    if let Some(preferences) = input.notification_preferences {
        settings.notification_preferences = Set(preferences);
    }
    match existing {
        None => write::insert::<UserSettings, _>(scope, settings).await,
        Some(row) if !settings.is_changed() => Ok(UserSettings::from_model(row)),
        Some(_) => write::update::<UserSettings, _>(scope, settings).await,
    }
}

/// Creates an API key row holding only the key's hash.
pub async fn create_api_key(
    scope: &RequestScope,
    user_id: Uuid,
    name: &str,
    scopes: Vec<String>,
    expires_at: Option<DateTime<FixedOffset>>,
) -> Result<CreatedApiKey, ApiError> {
    write::check_count("scopes", &scopes, 20)?;
    for scope_name in &scopes {
        write::check_length("scopes", scope_name, 1, 64)?;
    }
    if expires_at.is_some_and(|at| at <= now()) {
        return Err(ApiError::bad_input(
            "expiresAt",
            "the expiry must be in the future",
        ));
    }
    let key = new_api_key();
    // The hash column is outside the entity (no API role may select it, so the entity's
    // `INSERT … RETURNING` could not name it): insert in SQL, then read the row back.
    let id = Uuid::new_v4();
    scope
        .conn()
        .await?
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO public.api_keys (id, user_id, name, key_prefix, key_hash, scopes, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [
                id.into(),
                user_id.into(),
                name.trim().into(),
                key.prefix.into(),
                key.hash.into(),
                scopes.into(),
                expires_at.into(),
            ],
        ))
        .await
        .map_err(ApiError::from)?;
    let api_key = ApiKey::from_model(write::find::<ApiKey>(scope, id).await?);
    tracing::info!(user.id = %user_id, api_key.id = %api_key.row.id, "API key created");
    Ok(CreatedApiKey {
        key: key.plaintext,
        api_key,
    })
}
