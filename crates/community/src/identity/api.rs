//! The identity API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

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
