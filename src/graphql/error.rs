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
        "agent_runs_status_transition",
        Violation::Conflict,
        "status",
        "a finished run (completed, failed, cancelled, timed out) stays finished, and a run never goes back to pending",
    ),
    (
        "agent_runs_failure_explained",
        Violation::Invalid,
        "error",
        "a failed run needs an `error` saying why",
    ),
    (
        "agent_runs_title_length",
        "automations_name_length",
        Violation::Invalid,
        "name",
        "names are 1 to 200 characters",
    ),
    (
        "automations_description_length",
        Violation::Invalid,
        "description",
        "descriptions are at most 2000 characters",
    ),
    (
        "automation_steps_operation_length",
        Violation::Invalid,
        "steps",
        "each step's operation is 1 to 100 characters",
    ),
    (
        "automation_steps_config_size",
        Violation::Invalid,
        "steps",
        "a step's config is limited to 16 KB",
    ),
    (
        "automation_runs_automation_enabled",
        Violation::Conflict,
        "automationId",
        "this automation is disabled; enable it first",
    ),
    (
        "automation_runs_steps_completed_check",
        Violation::Invalid,
        "stepsCompleted",
        "steps completed is 0 to 50",
    ),
    (
        "scheduled_tasks_name_length",
        Violation::Invalid,
        "name",
        "names are 1 to 200 characters",
    ),
    (
        "scheduled_tasks_description_length",
        Violation::Invalid,
        "description",
        "descriptions are at most 2000 characters",
    ),
    (
        "scheduled_tasks_action_length",
        Violation::Invalid,
        "action",
        "the action is 1 to 100 characters",
    ),
    (
        "scheduled_tasks_max_consecutive_failures_check",
        Violation::Invalid,
        "maxConsecutiveFailures",
        "pause after 1 to 100 failures in a row",
    ),
    (
        "wide_research_templates_name_length",
        Violation::Invalid,
        "name",
        "names are 1 to 200 characters",
    ),
    (
        "wide_research_templates_prompt_template_format",
        Violation::Invalid,
        "promptTemplate",
        "the prompt is at most 4000 characters and contains `{item}`",
    ),
    (
        "wide_research_templates_max_attempts_check",
        Violation::Invalid,
        "maxAttempts",
        "a subtask gets 1 to 10 attempts",
    ),
    (
        "wide_research_jobs_title_length",
        Violation::Invalid,
        "title",
        "titles are 1 to 200 characters",
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
        "agent_steps_failure_explained",
        Violation::Invalid,
        "error",
        "a failed step needs an `error` saying why",
    ),
    (
        "agent_artifacts_content_hash_format",
        Violation::Invalid,
        "contentHash",
        "the content hash is a SHA-256: 64 lowercase hex digits",
    ),
    (
        "ai_tasks_status_transition",
        Violation::Conflict,
        "status",
        "a task goes pending → in_progress → completed or failed, or from pending or in_progress to cancelled; a finished task stays finished",
    ),
    (
        "ai_tasks_failure_explained",
        Violation::Invalid,
        "errorMessage",
        "a failed task needs an `errorMessage` saying why",
        "wide_research_jobs_subtask_count",
        Violation::Invalid,
        "queries",
        "a wide research job has 50 to 250 subtasks",
    ),
    (
        "wide_research_subtasks_result_size",
        Violation::Invalid,
        "result",
        "a subtask's result is limited to 64 KB",
    ),
];

/// The rule usernames follow, said the same way by validation and by the database.
pub const USERNAME_RULE: &str = "usernames are 3 to 30 characters: lowercase letters, digits and _";

#[derive(Clone, Copy)]
enum Violation {
    Conflict,
    Invalid,
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
