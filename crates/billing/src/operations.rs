//! The billing operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Largest number of credits one call may move.
pub const MAX_CREDIT_AMOUNT: i32 = 1_000_000_000;

/// The user a credit or quota call acts for: `user_id` when given (the database lets only
/// that user or the service role act for it), otherwise the signed-in viewer.
pub fn acting_user(scope: &RequestScope, user_id: Option<Uuid>) -> Result<Uuid, ApiError> {
    user_id
        .or(scope.viewer().user_id)
        .ok_or_else(|| ApiError::Unauthenticated("sign in to use credits and quotas".into()))
}

/// Checks that a credit or quota amount is positive and within [`MAX_CREDIT_AMOUNT`].
pub fn positive_amount(field: &str, amount: i32) -> Result<i64, ApiError> {
    if (1..=MAX_CREDIT_AMOUNT).contains(&amount) {
        Ok(amount.into())
    } else {
        Err(ApiError::bad_input(
            field,
            format!("`{field}` must be between 1 and {MAX_CREDIT_AMOUNT}"),
        ))
    }
}

/// The user's credits and whether `amount` is available.
pub async fn check_credits(
    scope: &RequestScope,
    user: Uuid,
    amount: i64,
) -> Result<CreditCheck, ApiError> {
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT coalesce(b.balance, 0) AS balance, coalesce(b.reserved, 0) AS reserved, \
                coalesce(b.balance - b.reserved, 0) AS available, \
                public.check_credits($1, $2) AS sufficient \
         FROM (SELECT) AS one LEFT JOIN public.credit_balances b ON b.user_id = $1",
        [user.into(), amount.into()],
    );
    let check = CreditCheck::find_by_statement(statement)
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    check.ok_or_else(|| ApiError::NotFound("no credit balance".into()))
}

/// The refusal of a reservation or charge larger than the available credits; `field` names
/// the argument that asked for them.
pub async fn insufficient(scope: &RequestScope, user: Uuid, field: &str, amount: i64) -> ApiError {
    match check_credits(scope, user, amount).await {
        Ok(check) => ApiError::Conflict {
            field: field.into(),
            message: format!(
                "not enough credits: {amount} needed, {} available",
                check.available
            ),
        },
        Err(error) => error,
    }
}

/// Holds `amount` credits for work identified by `reference` (seed 002's
/// `reserve_credits`); refused when fewer are available.
pub async fn reserve_credits(
    scope: &RequestScope,
    user: Uuid,
    amount: i64,
    reference: Option<Uuid>,
    description: Option<String>,
) -> Result<credit_transactions::Model, ApiError> {
    let row = call_row::<credit_transactions::Model>(
        scope,
        "SELECT * FROM public.reserve_credits($1, $2, $3, $4)",
        vec![
            user.into(),
            amount.into(),
            reference.into(),
            description.into(),
        ],
    )
    .await?;
    match row {
        Some(row) => Ok(row),
        None => Err(insufficient(scope, user, "amount", amount).await),
    }
}

/// Spends `amount` credits (seed 002's `consume_credits`): out of the reservation held
/// under `reference` when given, otherwise out of the available credits.
pub async fn consume_credits(
    scope: &RequestScope,
    user: Uuid,
    amount: i64,
    reference: Option<Uuid>,
    description: Option<String>,
) -> Result<credit_transactions::Model, ApiError> {
    let row = call_row::<credit_transactions::Model>(
        scope,
        "SELECT * FROM public.consume_credits($1, $2, $3, $4)",
        vec![
            user.into(),
            amount.into(),
            reference.into(),
            description.into(),
        ],
    )
    .await?;
    match (row, reference) {
        (Some(row), _) => Ok(row),
        (None, Some(_)) => Err(ApiError::Conflict {
            field: "amount".into(),
            message: format!("the reservation for this reference holds less than {amount} credits"),
        }),
        (None, None) => Err(insufficient(scope, user, "amount", amount).await),
    }
}

/// Gives back what is still reserved under `reference`, or at most `amount` of it (seed
/// 002's `release_credits`, on failure or cancellation).
pub async fn release_credits(
    scope: &RequestScope,
    user: Uuid,
    reference: Uuid,
    amount: Option<i64>,
    description: Option<String>,
) -> Result<credit_transactions::Model, ApiError> {
    call_row::<credit_transactions::Model>(
        scope,
        "SELECT * FROM public.release_credits($1, $2, $3, $4)",
        vec![
            user.into(),
            reference.into(),
            amount.into(),
            description.into(),
        ],
    )
    .await?
    .ok_or_else(|| ApiError::Conflict {
        field: "reference".into(),
        message: "nothing is reserved under this reference".into(),
    })
}

/// Adds the user's tier's monthly credits (seed 002's `grant_monthly_credits`); `None`
/// when this month's grant already happened.
pub async fn grant_monthly_credits(
    scope: &RequestScope,
    user: Uuid,
) -> Result<Option<credit_transactions::Model>, ApiError> {
    call_row::<credit_transactions::Model>(
        scope,
        "SELECT * FROM public.grant_monthly_credits($1)",
        vec![user.into()],
    )
    .await
}

#[derive(FromQueryResult)]
pub(super) struct QuotaRow {
    tier: String,
    quota_limit: Option<i32>,
    used: i32,
}

/// The user's tier, limit and usage of `metric` this month.
pub async fn check_quota(
    scope: &RequestScope,
    user: Uuid,
    metric: QuotaMetric,
) -> Result<QuotaStatus, ApiError> {
    let row = call_row::<QuotaRow>(
        scope,
        "SELECT tier, quota_limit, used FROM public.quota_status($1, $2)",
        [user.into(), metric.into()],
    )
    .await?
    .ok_or_else(|| ApiError::NotFound("no subscription tier".into()))?;
    let remaining = row.quota_limit.map(|limit| (limit - row.used).max(0));
    Ok(QuotaStatus {
        metric,
        tier: row.tier,
        limit: row.quota_limit,
        used: row.used,
        remaining,
        allowed: remaining.is_none_or(|left| left > 0),
    })
}

/// Counts `amount` units of `metric` this month (seed 003's `increment_quota`); refused when
/// that would exceed the tier's quota.
pub async fn increment_quota(
    scope: &RequestScope,
    user: Uuid,
    metric: QuotaMetric,
    amount: i64,
) -> Result<QuotaStatus, ApiError> {
    let counted = call_row::<usage_records::Model>(
        scope,
        "SELECT * FROM public.increment_quota($1, $2, $3::integer)",
        [user.into(), metric.into(), amount.into()],
    )
    .await?;
    let status = check_quota(scope, user, metric).await?;
    match (counted, status.limit) {
        (Some(_), _) | (None, None) => Ok(status),
        (None, Some(limit)) => Err(ApiError::Conflict {
            field: "amount".into(),
            message: format!(
                "the {} tier allows {limit} a month and {} are used",
                status.tier, status.used
            ),
        }),
    }
}

/// Gives back `amount` units of `metric` this month, never below zero (seed 003's
/// `decrement_quota`).
pub async fn decrement_quota(
    scope: &RequestScope,
    user: Uuid,
    metric: QuotaMetric,
    amount: i64,
) -> Result<QuotaStatus, ApiError> {
    call_row::<usage_records::Model>(
        scope,
        "SELECT * FROM public.decrement_quota($1, $2, $3::integer)",
        [user.into(), metric.into(), amount.into()],
    )
    .await?;
    check_quota(scope, user, metric).await
}
