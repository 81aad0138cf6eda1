//! The identity operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

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
pub(super) const MAX_PASSWORD: usize = 128;

/// Shortest password accepted.
pub(super) const MIN_PASSWORD: usize = 8;

pub(super) fn now() -> DateTime<FixedOffset> {
    chrono::Utc::now().fixed_offset()
}

/// A trimmed, lowercased e-mail, or `BAD_USER_INPUT`.
pub(super) fn normalize_email(email: &str) -> Result<String, ApiError> {
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
pub(super) fn check_username(username: &str) -> Result<(), ApiError> {
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

pub(super) fn check_password(password: &str) -> Result<(), ApiError> {
    write::check_length("password", password, MIN_PASSWORD, MAX_PASSWORD)
}

pub(super) fn session(keys: &JwtKeys, user_id: Uuid) -> Result<AuthPayload, ApiError> {
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
    let _under_way = password_place(scope.client())?;
    let hash = hash_password(password).await?;
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
    // Taken before the turn: a client's flood waits for nothing every client shares.
    let _under_way = password_place(scope.client())?;
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
        // A password that finds no slot errs: the turn rolls back, and nothing is recorded.
        let accepted =
            password.chars().count() <= MAX_PASSWORD && verify_password(hash, password).await?;
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
