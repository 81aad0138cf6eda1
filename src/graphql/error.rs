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

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        let (code, constraint) = database_error(&error);
        if let Some(known) = constraint.as_deref().and_then(constraint_error) {
            return known;
        }
        match code.as_deref() {
            // insufficient_privilege: the viewer's role may not touch this table or column.
            Some("42501") => Self::Forbidden("you are not allowed to do this".into()),
            _ => Self::Internal(Arc::new(error)),
        }
    }
}

/// The client-facing error of a violated constraint, by its name (the one place constraint
/// names are mapped).
fn constraint_error(constraint: &str) -> Option<ApiError> {
    let bad = |field: &str, message: &str| Some(ApiError::bad_input(field, message));
    match constraint {
        "jobs_active_limit" => Some(ApiError::Conflict {
            field: "type".into(),
            message: "at most 10 of your jobs may be queued or running; wait for one to finish"
                .into(),
        }),
        "jobs_job_type_id_fkey" => bad("type", "unknown job type: see `jobTypes`"),
        "jobs_priority_check" => bad("priority", "priority must be between -100 and 100"),
        "jobs_dedup_key_length" => bad("dedupKey", "the dedup key is limited to 200 characters"),
        "jobs_progress_message_length" => {
            bad("message", "the message is limited to 500 characters")
        }
        "collaboration_participants_cursor_size" => bad("cursor", "the cursor is limited to 2 KB"),
        _ => None,
    }
}

/// The SQLSTATE and constraint name of a database error, if PostgreSQL reported them.
fn database_error(error: &DbError) -> (Option<String>, Option<String>) {
    let DbError::Query(
        sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(cause))
        | sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(cause)),
    ) = error
    else {
        return (None, None);
    };
    let Some(database) = cause.as_database_error() else {
        return (None, None);
    };
    (
        database.code().map(|code| code.into_owned()),
        database.constraint().map(str::to_owned),
    )
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
