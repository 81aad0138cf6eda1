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
        "agent_runs_failure_explained",
        Violation::Invalid,
        "error",
        "a failed run needs an `error` saying why",
    ),
    (
        "agent_runs_title_length",
        Violation::Invalid,
        "title",
        "titles are 1 to 200 characters",
    ),
    (
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
        "social_accounts_without_content",
        Violation::Conflict,
        "id",
        "this account still has content: delete its content first",
    ),
    (
        "social_accounts_platform_handle_key",
        Violation::Conflict,
        "handle",
        "this handle is already registered on this platform",
    ),
    (
        "social_accounts_handle_length",
        Violation::Invalid,
        "handle",
        "handles are 1 to 100 characters",
    ),
    (
        "social_accounts_platform_id_fkey",
        Violation::Invalid,
        "platformId",
        "unknown platform: see `platforms`",
    ),
    (
        "social_accounts_connection_id_fkey",
        Violation::Invalid,
        "connectionId",
        "no such platform connection",
    ),
    (
        "platform_connections_user_platform_account_key",
        Violation::Conflict,
        "platformUserId",
        "this platform account is already connected",
    ),
    (
        "platform_connections_platform_id_fkey",
        Violation::Invalid,
        "platformId",
        "unknown platform: see `platforms`",
    ),
    (
        "platform_connections_vault_secret_name_format",
        Violation::Invalid,
        "vaultSecretName",
        "name the vault entry holding the token (1 to 120 letters, digits, `_./:-`), never the token",
    ),
    (
        "content_items_account_platform_content_key",
        Violation::Conflict,
        "platformContentId",
        "this account already has an item with this platform id",
    ),
    (
        "content_items_content_type_id_fkey",
        Violation::Invalid,
        "contentTypeId",
        "unknown content type: see `contentTypes`",
    ),
    (
        "content_items_category_id_fkey",
        Violation::Invalid,
        "categoryId",
        "unknown category: see `contentCategories`",
    ),
    (
        "content_items_title_length",
        Violation::Invalid,
        "title",
        "titles are 1 to 500 characters",
    ),
    (
        "content_items_counts_nonnegative",
        Violation::Invalid,
        "viewsCount",
        "counts cannot be negative",
    ),
    (
        "content_tags_tag_length",
        Violation::Invalid,
        "tags",
        "tags are 1 to 100 characters",
    ),
    (
        "content_clicks_rate_limit",
        Violation::Conflict,
        "clientId",
        "too many clicks from this client: at most 30 a minute, try again shortly",
    ),
    (
        "content_clicks_referrer_length",
        Violation::Invalid,
        "referrer",
        "referrers are at most 2048 characters",
    ),
    (
        "seo_connections_user_engine_site_key",
        Violation::Conflict,
        "siteUrl",
        "this site is already connected to this search engine",
    ),
    (
        "seo_connections_search_engine_id_fkey",
        Violation::Invalid,
        "searchEngineId",
        "unknown search engine: see `searchEngines`",
    ),
    (
        "seo_connections_vault_secret_name_format",
        Violation::Invalid,
        "vaultSecretName",
        "name the vault entry holding the credentials (1 to 120 letters, digits, `_./:-`), never the secret",
    ),
    (
        "seo_connections_site_url_format",
        Violation::Invalid,
        "siteUrl",
        "use an http(s) URL",
    ),
    (
        "seo_submissions_submitted_url_format",
        Violation::Invalid,
        "url",
        "use an http(s) URL",
    ),
    (
        "seo_submissions_within_quota",
        Violation::Conflict,
        "url",
        "your plan's monthly SEO submission quota is used up (the free plan has none): upgrade or wait for next month",
    ),
    (
        "seo_submissions_content_item_id_fkey",
        Violation::Invalid,
        "contentItemId",
        "no such content item",
    ),
    (
        "marketplace_items_title_length",
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
    ),
    (
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
    (
        "marketplace_items_price_nonnegative",
        Violation::Invalid,
        "price",
        "prices cannot be negative",
    ),
    (
        "marketplace_items_currency_format",
        Violation::Invalid,
        "currency",
        "use an ISO 4217 code such as `USD`",
    ),
    (
        "marketplace_purchases_item_id_fkey",
        Violation::Conflict,
        "id",
        "this item has been bought: unpublish it instead of deleting it",
    ),
    (
        "marketplace_purchases_buyer_item_key",
        Violation::Conflict,
        "itemId",
        "you already bought this item",
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
        "marketplace_reviews_item_reviewer_key",
        Violation::Conflict,
        "itemId",
        "you already reviewed this item: update your review instead",
    ),
    (
        "marketplace_reviews_rating_range",
        Violation::Invalid,
        "rating",
        "ratings are 1 to 5",
    ),
    (
        "marketplace_reviews_comment_length",
        Violation::Invalid,
        "comment",
        "comments are at most 5000 characters",
    ),
    (
        "themes_name_length",
        Violation::Invalid,
        "name",
        "theme names are 1 to 100 characters",
    ),
    (
        "themes_colors_is_object",
        Violation::Invalid,
        "colors",
        "colors must be a JSON object",
    ),
    (
        "user_widgets_widget_type_length",
        Violation::Invalid,
        "widgetType",
        "widget types are 1 to 100 characters",
    ),
    (
        "user_widgets_layout_is_object",
        Violation::Invalid,
        "layout",
        "the layout must be a JSON object",
    ),
    (
        "user_widgets_config_is_object",
        Violation::Invalid,
        "config",
        "the config must be a JSON object",
    ),
    (
        "wallets_address_format",
        Violation::Invalid,
        "address",
        crate::graphql::crypto::ADDRESS_RULE,
    ),
    (
        "wallets_user_chain_address_key",
        Violation::Conflict,
        "address",
        "you already added this wallet",
    ),
    (
        "wallets_label_length",
        Violation::Invalid,
        "label",
        "labels are at most 100 characters",
    ),
    (
        "crypto_transactions_amount_positive",
        Violation::Invalid,
        "amount",
        "amounts must be greater than zero",
    ),
    (
        "crypto_transactions_asset_format",
        Violation::Invalid,
        "asset",
        "assets are 2 to 10 capital letters or digits, e.g. ETH",
    ),
    (
        "crypto_transactions_wallet_tx_hash_key",
        Violation::Conflict,
        "txHash",
        "this transaction is already recorded on this wallet",
    ),
    (
        "featured_creators_user_id_fkey",
        Violation::Invalid,
        "userId",
        "no such profile",
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

/// A SeaORM error is a database error: one mapping for both.
impl From<sea_orm::DbErr> for ApiError {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::from(DbError::from(error))
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
            _ => {}
        }
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
