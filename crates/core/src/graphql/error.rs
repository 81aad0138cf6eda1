//! The GraphQL layer's one error type, [`ApiError`], and [`annotate`], which gives every
//! error of a response its stable `extensions.code` exactly once.
//!
//! Resolvers return `async_graphql::Result` and use `?` on `ApiError` (or on anything that
//! converts into it, such as [`DbError`]); async-graphql keeps the original error as the
//! error's source, and the transport calls [`annotate`] on each error of the finished
//! response, where internal causes are logged and replaced by a generic message. A violated
//! constraint is [`ApiError::Violated`] until the transport [`explain`]s it with the
//! database's comment on the constraint.

use std::sync::Arc;

use async_graphql::{ServerError, Value};

use crate::auth::credentials::PasswordError;
use crate::db::DbError;
use crate::db::constraints::{ConstraintMessages, Violation};

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
    /// `TIMEOUT`: a statement ran longer than the statement timeout of the viewer's role and
    /// was cancelled; nothing of the request was written.
    #[error("{0}")]
    Timeout(String),
    /// `SERVER_BUSY`: every database connection stayed in use for the pool's whole wait;
    /// nothing of the request ran, and retrying shortly works.
    #[error("{0}")]
    Busy(String),
    /// `ABORTED`: not run, because an earlier field of the request failed and the request,
    /// rolled back whole, can no longer write or read.
    #[error("{0}")]
    Aborted(String),
    /// A constraint, or a rule a database function raises under a constraint's name, refused
    /// a write. [`explain`] puts the database's words on it ([`RAISED`] for a raised rule);
    /// until then, or when neither says, it reads as `generic`, an error of the SQLSTATE's kind.
    #[error("{generic}")]
    Violated {
        /// The constraint's (or raised rule's) name.
        constraint: String,
        /// The answer when nothing describes `constraint`.
        generic: Box<ApiError>,
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

    /// This error as one of a whole request (no path, no location), to be annotated.
    pub fn into_request_error(self) -> ServerError {
        let mut error = ServerError::new(self.to_string(), None);
        error.source = Some(Arc::new(self));
        error
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
            Self::Timeout(_) => "TIMEOUT",
            Self::Busy(_) => "SERVER_BUSY",
            Self::Aborted(_) => "ABORTED",
            Self::Internal(_) => "INTERNAL",
            Self::Violated { generic, .. } => generic.code(),
        }
    }

    /// The error a write would meet at the constraint `name`, for a pre-check that refuses
    /// before costly work (hashing a password), in the database's own words once
    /// [`explain`]ed.
    pub fn anticipating(name: &str, field: &str) -> Self {
        Self::Violated {
            constraint: name.to_owned(),
            generic: Box::new(Self::bad_input(field, "this value is not allowed")),
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            Self::BadUserInput { field, .. } | Self::Conflict { field, .. } => Some(field),
            Self::Violated { generic, .. } => generic.field(),
            _ => None,
        }
    }
}

/// Names that trigger functions raise (`RAISE … USING CONSTRAINT = '<name>'`) for rules no
/// catalog constraint can state (a status transition, a quota, a rate): there is no
/// constraint to comment on, so their messages live here. Every other name is answered
/// from its constraint's comment ([`crate::db::constraints`]); the test `constraints` checks that each
/// name a function raises is one or the other, and that each name here is still raised.
pub const RAISED: &[(&str, Violation, &str, &str)] = &[
    (
        "marketplace_purchases_item_for_sale",
        Violation::Missing,
        "itemId",
        "no such item for sale",
    ),
    (
        "comments_parent_same_target",
        Violation::Invalid,
        "parentCommentId",
        "a reply must be on the same post or creation as its parent",
    ),
    (
        "conversation_members_direct_pair",
        Violation::Invalid,
        "userIds",
        "a direct conversation has exactly two members",
    ),
    (
        "jobs_active_limit",
        Violation::Conflict,
        "type",
        "at most 10 of your jobs may be queued or running; wait for one to finish",
    ),
    (
        "agent_runs_concurrency_limit",
        Violation::Conflict,
        "input",
        "your plan's agent runs are all in use (free 1, pro 3, team 10 at a time): wait for one to finish, cancel one, or upgrade",
    ),
    (
        "agent_runs_status_transition",
        Violation::Conflict,
        "status",
        "a finished run (completed, failed, cancelled, timed out) stays finished, and a run never goes back to pending",
    ),
    (
        "automation_runs_automation_enabled",
        Violation::Conflict,
        "automationId",
        "this automation is disabled; enable it first",
    ),
    (
        "social_accounts_without_content",
        Violation::Conflict,
        "id",
        "this account still has content: delete its content first",
    ),
    (
        "content_clicks_rate_limit",
        Violation::Conflict,
        "clientId",
        "too many clicks from this client: at most 30 a minute, try again shortly",
    ),
    (
        "seo_submissions_within_quota",
        Violation::Conflict,
        "url",
        "your plan's monthly SEO submission quota is used up (the free plan has none): upgrade or wait for next month",
    ),
    (
        "agent_steps_run_finished",
        Violation::Conflict,
        "runId",
        "this run has finished and takes no new steps",
    ),
    (
        "agent_steps_status_transition",
        Violation::Conflict,
        "status",
        "a step goes pending → running → completed, failed or cancelled (or from pending straight to completed, failed, skipped or cancelled); a finished step stays finished",
    ),
    (
        "agent_steps_credit_budget_exceeded",
        Violation::Conflict,
        "creditsUsed",
        "the run's remaining credit budget does not cover these credits",
    ),
    (
        "agent_steps_credits_used_decrease",
        Violation::Invalid,
        "creditsUsed",
        "a step's `creditsUsed` is its running total and never decreases",
    ),
    (
        "ai_tasks_status_transition",
        Violation::Conflict,
        "status",
        "a task goes pending → in_progress → completed or failed, or from pending or in_progress to cancelled; a finished task stays finished",
    ),
    (
        "wide_research_jobs_subtask_count",
        Violation::Invalid,
        "queries",
        "a wide research job has 50 to 250 subtasks",
    ),
    (
        "marketplace_purchases_not_own_item",
        Violation::Invalid,
        "itemId",
        "you cannot buy your own item",
    ),
    (
        "marketplace_purchases_enough_credits",
        Violation::Conflict,
        "itemId",
        "not enough credits: an item costs its price rounded up, in credits",
    ),
    (
        "connector_usage_logs_rate_limit",
        Violation::RateLimited,
        "connectorId",
        "this connector's hourly call limit is reached; try again later",
    ),
];

/// A SeaORM error is a database error: one mapping for both.
impl From<sea_orm::DbErr> for ApiError {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::from(DbError::from(error))
    }
}

impl From<PasswordError> for ApiError {
    fn from(error: PasswordError) -> Self {
        match error {
            PasswordError::Busy => Self::Busy(error.to_string()),
            PasswordError::Crowded(_) => Self::RateLimited(error.to_string()),
            PasswordError::Failed => Self::Internal(Arc::new(error)),
        }
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::OutOfTime(limit) => {
                return Self::Timeout(format!(
                    "the request ran longer than {} s and was stopped: ask for less in one request",
                    limit.as_secs_f64()
                ));
            }
            DbError::Busy(wait) => {
                return Self::Busy(format!(
                    "the server is busy: no database connection came free within {} s, so \
                     nothing of this request ran; retry in a moment",
                    wait.as_secs_f64()
                ));
            }
            DbError::OverShare { share, wait } => {
                return Self::Busy(format!(
                    "your earlier requests still hold all {share} of the database connections \
                     one client may use at once, and none came free within {} s, so nothing \
                     of this request ran; retry once they have answered",
                    wait.as_secs_f64()
                ));
            }
            _ => {}
        }
        let Some((code, constraint)) = database_error(&error) else {
            return Self::Internal(Arc::new(error));
        };
        let generic = match code.as_str() {
            "23505" => Self::Conflict {
                field: String::new(),
                message: "this already exists".into(),
            },
            "23514" | "23502" | "22001" => Self::bad_input("", "a value is not allowed here"),
            "23503" => Self::NotFound("a row this refers to does not exist".into()),
            // character_not_in_repertoire, untranslatable_character: a NUL in text or JSON
            // that slipped past the document gate (e.g. built by a resolver).
            "22021" | "22P05" => Self::bad_input("", "text cannot hold a NUL character (\\u0000)"),
            // lock_not_available: a lock waited on longer than its lock timeout (sign-ins
            // of one account from one address take turns).
            "55P03" => Self::TooManyAttempts(
                "too many attempts at once: try again in a few seconds".into(),
            ),
            "57014" => Self::Timeout(
                "the query ran longer than the statement timeout and was cancelled: \
                 narrow its filter or ask for smaller pages"
                    .into(),
            ),
            // in_failed_sql_transaction: a later field of a request one of whose fields
            // failed (mutation fields run one after another in one transaction).
            "25P02" => Self::Aborted(
                "not run: an earlier field of this request failed, and the request is rolled \
                 back whole"
                    .into(),
            ),
            // insufficient_privilege, including a row-level-security WITH CHECK refusal.
            "42501" => Self::Forbidden("you are not allowed to do this".into()),
            _ => Self::Internal(Arc::new(error)),
        };
        match constraint {
            Some(constraint) => Self::Violated {
                constraint,
                generic: Box::new(generic),
            },
            None => generic,
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

/// Puts the database's words on a constraint violation: the comment on the constraint
/// (`constraints`), or [`RAISED`] for a rule a function raises. Runs before [`annotate`],
/// which then gives the error its code and field.
pub fn explain(error: &mut ServerError, constraints: &ConstraintMessages) {
    let Some(ApiError::Violated { constraint, .. }) = error.source::<ApiError>() else {
        return;
    };
    let (violation, field, message) = match constraints.get(constraint) {
        Some(known) => (known.violation, known.field.clone(), known.message.clone()),
        None => match RAISED.iter().find(|(raised, ..)| raised == constraint) {
            Some((_, violation, field, message)) => {
                (*violation, (*field).to_owned(), (*message).to_owned())
            }
            None => return,
        },
    };
    let explained = match violation {
        Violation::Conflict => ApiError::Conflict { field, message },
        Violation::Invalid => ApiError::BadUserInput { field, message },
        Violation::Missing => ApiError::NotFound(message),
        Violation::RateLimited => ApiError::RateLimited(message),
    };
    error.message = explained.to_string();
    error.source = Some(Arc::new(explained));
}

/// Gives one server error its code. Errors that carry no [`ApiError`] come from
/// async-graphql itself (parse, validation, argument coercion, limits): the request's fault.
pub fn annotate(error: &mut ServerError) {
    let (code, field) = if let Some(api) = error.source::<ApiError>() {
        let annotation = (api.code(), api.field().map(str::to_owned));
        let api = match api {
            ApiError::Violated { generic, .. } => generic,
            api => api,
        };
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
