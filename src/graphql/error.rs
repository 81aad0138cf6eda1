//! The GraphQL layer's one error type, [`ApiError`], and [`annotate`], which gives every
//! error of a response its stable `extensions.code` exactly once.
//!
//! Resolvers return `async_graphql::Result` and use `?` on `ApiError` (or on anything that
//! converts into it, such as [`DbError`]); async-graphql keeps the original error as the
//! error's source, and the transport calls [`annotate`] on each error of the finished
//! response, where internal causes are logged and replaced by a generic message.

use std::sync::Arc;

use async_graphql::{ServerError, Value};

use crate::db::DbError;

/// An error a client can act on. The variant decides `extensions.code`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// `UNAUTHENTICATED`: the operation needs a signed-in viewer, or the token was refused.
    #[error("{0}")]
    Unauthenticated(String),
    /// `FORBIDDEN`: the viewer is known but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// `NOT_FOUND`: no such row, or row-level security hides it (indistinguishable on purpose).
    #[error("{0}")]
    NotFound(String),
    /// `BAD_USER_INPUT`: an argument is invalid; `field` names it.
    #[error("{message}")]
    BadUserInput {
        /// The offending argument or input field.
        field: String,
        /// What is wrong with it and what would be accepted.
        message: String,
    },
    /// `CONFLICT`: the write collides with existing data (e.g. a taken username).
    #[error("{message}")]
    Conflict {
        /// The field whose value collides.
        field: String,
        /// What collides.
        message: String,
    },
    /// `RATE_LIMITED`: the viewer used up an allowance (e.g. a connector's hourly calls);
    /// retrying later works.
    #[error("{0}")]
    RateLimited(String),
    /// `TOO_MANY_ATTEMPTS`: sign-in is locked for this address and account after repeated
    /// failures, even with the right password, until the lockout ends.
    #[error("{0}")]
    TooManyAttempts(String),
    /// `INTERNAL`: a failure of ours. The cause is logged; the client sees a generic message.
    #[error("internal error")]
    Internal(#[source] Arc<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// A bad argument, named.
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadUserInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The stable machine-readable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadUserInput { .. } => "BAD_USER_INPUT",
            Self::Conflict { .. } => "CONFLICT",
            Self::RateLimited(_) => "RATE_LIMITED",
            Self::TooManyAttempts(_) => "TOO_MANY_ATTEMPTS",
            Self::Internal(_) => "INTERNAL",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            Self::BadUserInput { field, .. } | Self::Conflict { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// What a violated constraint means to the client: the error kind, the input field at fault
/// and a sentence. Constraints not listed fall back to a generic sentence of the right kind.
const CONSTRAINTS: &[(&str, Violation, &str, &str)] = &[
    (
        "users_email_key",
        Violation::Conflict,
        "email",
        "an account with this email already exists",
    ),
    (
        "users_email_format",
        Violation::Invalid,
        "email",
        "this is not an email address",
    ),
    (
        "profiles_username_key",
        Violation::Conflict,
        "username",
        "this username is taken",
    ),
    (
        "profiles_username_format",
        Violation::Invalid,
        "username",
        USERNAME_RULE,
    ),
    (
        "profiles_display_name_length",
        Violation::Invalid,
        "displayName",
        "display names are at most 100 characters",
    ),
    (
        "profiles_bio_length",
        Violation::Invalid,
        "bio",
        "a bio is at most 1000 characters",
    ),
    (
        "user_settings_language_format",
        Violation::Invalid,
        "language",
        "use a language tag such as `en` or `pt-BR`",
    ),
    (
        "api_keys_name_length",
        Violation::Invalid,
        "name",
        "key names are 1 to 100 characters",
    ),
    (
        "api_keys_expires_after_creation",
        Violation::Invalid,
        "expiresAt",
        "the expiry must be in the future",
    ),
    (
        "posts_body_length",
        Violation::Invalid,
        "body",
        "posts are at most 10000 characters",
    ),
    (
        "posts_not_empty",
        Violation::Invalid,
        "body",
        "a post needs text or media",
    ),
    (
        "posts_media_urls_limit",
        Violation::Invalid,
        "mediaUrls",
        "a post has at most 20 media URLs",
    ),
    (
        "creations_title_length",
        Violation::Invalid,
        "title",
        "titles are 1 to 200 characters",
    ),
    (
        "comments_one_target",
        Violation::Invalid,
        "postId",
        "comment on exactly one post or creation",
    ),
    (
        "comments_parent_same_target",
        Violation::Invalid,
        "parentCommentId",
        "a reply must be on the same post or creation as its parent",
    ),
    (
        "comments_content_length",
        Violation::Invalid,
        "content",
        "comments are 1 to 5000 characters",
    ),
    (
        "likes_one_target",
        Violation::Invalid,
        "target",
        "like exactly one post, creation or comment",
    ),
    (
        "follows_no_self_follow",
        Violation::Invalid,
        "userId",
        "you cannot follow yourself",
    ),
    (
        "conversation_members_direct_pair",
        Violation::Invalid,
        "userIds",
        "a direct conversation has exactly two members",
    ),
    (
        "conversation_members_conversation_id_user_id_key",
        Violation::Conflict,
        "userIds",
        "already a member of this conversation",
    ),
    (
        "conversations_title_length",
        Violation::Invalid,
        "title",
        "titles are at most 200 characters",
    ),
    (
        "messages_body_length",
        Violation::Invalid,
        "body",
        "messages are at most 10000 characters",
    ),
    (
        "messages_not_empty",
        Violation::Invalid,
        "body",
        "a message needs text or an attachment",
    ),
    (
        "jobs_active_limit",
        Violation::Conflict,
        "type",
        "at most 10 of your jobs may be queued or running; wait for one to finish",
    ),
    (
        "jobs_job_type_id_fkey",
        Violation::Invalid,
        "type",
        "unknown job type: see `jobTypes`",
    ),
    (
        "jobs_priority_check",
        Violation::Invalid,
        "priority",
        "priority must be between -100 and 100",
    ),
    (
        "jobs_dedup_key_length",
        Violation::Invalid,
        "dedupKey",
        "the dedup key is limited to 200 characters",
    ),
    (
        "jobs_progress_message_length",
        Violation::Invalid,
        "message",
        "the message is limited to 500 characters",
    ),
    (
        "collaboration_participants_cursor_size",
        Violation::Invalid,
        "cursor",
        "the cursor is limited to 2 KB",
    ),
    (
        "connector_credentials_connector_id_fkey",
        Violation::Invalid,
        "connectorId",
        "unknown connector: see `connectorDefinitions`",
    ),
    (
        "connector_usage_logs_connector_id_fkey",
        Violation::Invalid,
        "connectorId",
        "unknown connector: see `connectorDefinitions`",
    ),
    (
        "connector_usage_logs_credential_id_fkey",
        Violation::Invalid,
        "connectorId",
        "connect this connector first (`saveConnectorCredential`)",
    ),
    (
        "connector_usage_logs_operation_length",
        Violation::Invalid,
        "operation",
        "operations are 1 to 200 characters",
    ),
    (
        "connector_usage_logs_rate_limit",
        Violation::RateLimited,
        "connectorId",
        "this connector's hourly call limit is reached; try again later",
    ),
    (
        "gaming_sessions_game_length",
        Violation::Invalid,
        "game",
        "game names are 1 to 200 characters",
    ),
    (
        "gaming_sessions_ends_after_start",
        Violation::Invalid,
        "id",
        "a session cannot end before it started",
    ),
    (
        "cache_entries_key_length",
        Violation::Invalid,
        "key",
        "cache keys are 1 to 500 characters",
    ),
];

/// The rule usernames follow, said the same way by validation and by the database.
pub const USERNAME_RULE: &str = "usernames are 3 to 30 characters: lowercase letters, digits and _";

#[derive(Clone, Copy)]
enum Violation {
    Conflict,
    Invalid,
    RateLimited,
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        let Some((code, constraint)) = database_error(&error) else {
            return Self::Internal(Arc::new(error));
        };
        let known = constraint.as_deref().and_then(|name| {
            CONSTRAINTS
                .iter()
                .find(|(constraint, ..)| *constraint == name)
        });
        if let Some((_, kind, field, message)) = known {
            let (field, message) = ((*field).to_owned(), (*message).to_owned());
            return match kind {
                Violation::Conflict => Self::Conflict { field, message },
                Violation::Invalid => Self::BadUserInput { field, message },
                Violation::RateLimited => Self::RateLimited(message),
            };
        }
        match code.as_str() {
            "23505" => Self::Conflict {
                field: String::new(),
                message: "this already exists".into(),
            },
            "23514" | "23502" | "22001" => Self::bad_input("", "a value is not allowed here"),
            "23503" => Self::NotFound("a row this refers to does not exist".into()),
            // insufficient_privilege, including a row-level-security WITH CHECK refusal.
            "42501" => Self::Forbidden("you are not allowed to do this".into()),
            _ => Self::Internal(Arc::new(error)),
        }
    }
}

/// The SQLSTATE and constraint name of an error PostgreSQL reported, if it is one.
fn database_error(error: &DbError) -> Option<(String, Option<String>)> {
    let DbError::Query(
        sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(cause))
        | sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(cause)),
    ) = error
    else {
        return None;
    };
    let database = cause.as_database_error()?;
    Some((
        database.code()?.into_owned(),
        database.constraint().map(str::to_owned),
    ))
}

/// Gives one server error its code. Errors that carry no [`ApiError`] come from
/// async-graphql itself (parse, validation, argument coercion, limits): the request's fault.
pub fn annotate(error: &mut ServerError) {
    let (code, field) = if let Some(api) = error.source::<ApiError>() {
        let annotation = (api.code(), api.field().map(str::to_owned));
        if let ApiError::Internal(cause) = api {
            tracing::error!(error = %cause, path = ?error.path, "request failed");
            error.message = "internal error".into();
        }
        annotation
    } else if error.source::<DbError>().is_some() {
        // Resolvers convert database errors into ApiError; one that slipped through is a bug
        // of ours, so it is reported as internal and logged.
        tracing::error!(error = %error.message, path = ?error.path, "request failed");
        error.message = "internal error".into();
        ("INTERNAL", None)
    } else {
        ("BAD_USER_INPUT", None)
    };
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", Value::from(code));
    }
    if let Some(field) = field {
        extensions.set("field", Value::from(field));
    }
}
