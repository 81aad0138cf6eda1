//! Rate limits in the schema: each operation is charged its complexity against the
//! allowances of [`crate::rate_limit`] once validation has measured it, before anything
//! runs, on every transport. A refusal is `RATE_LIMITED` with `extensions.retryAfter`, counted
//! in `/metrics` and recorded in the security log. An operation over the complexity limit
//! is told the limit and how its cost is counted, rather than async-graphql's bare "Query is
//! too complex.".

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::{ServerError, ValidationResult, Value};

use crate::config::Limits;
use crate::graphql::error::ApiError;
use crate::graphql::resolve::RequestContext;
use crate::graphql::table::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// async-graphql's whole message for an operation over the complexity limit.
const TOO_COMPLEX: &str = "Query is too complex.";

/// The schema extension that charges each operation its complexity once validation has
/// measured it, before anything runs. It reads the limits, the client's address, the
/// viewer and the security log from the request's context; a request without one (none
/// attached) is not charged.
pub struct RateLimitExtension;

impl ExtensionFactory for RateLimitExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RateLimitExtension)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for RateLimitExtension {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let validated = next.run(ctx).await.map_err(|mut errors| {
            if let Some(limits) = ctx.data_opt::<Limits>() {
                for error in errors
                    .iter_mut()
                    .filter(|error| error.message == TOO_COMPLEX)
                {
                    error.message = too_complex(limits.max_complexity);
                }
            }
            errors
        })?;
        let Some(request) = ctx.data_opt::<RequestContext>() else {
            return Ok(validated);
        };
        let ip = request.client.0;
        let user = request.scope.viewer().user_id;
        let Err(refusal) = request.rate_limits.charge(ip, user, validated.complexity) else {
            return Ok(validated);
        };
        request
            .scope
            .metrics()
            .rate_limited(refusal.exhausted.label());
        request.security.rate_limited(ip, refusal.exhausted).await;
        let mut error = ApiError::RateLimited(refusal.message()).into_request_error();
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("retryAfter", Value::from(refusal.retry_after_seconds()));
        Err(vec![error])
    }
}

/// What an operation over the complexity limit `max` is told.
fn too_complex(max: usize) -> String {
    format!(
        "the query is too complex: its cost may be at most {max}. Most fields cost 1, and a \
         connection its page size (`first` or `last`, {DEFAULT_PAGE_SIZE} when absent, at most \
         {MAX_PAGE_SIZE}) times the cost of its selection; ask for smaller pages, fewer nested \
         connections or fewer fields"
    )
}
