//! The billing API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// The request scope and the user a resolver acts for (see [`acting_user`]).
pub(super) fn acting<'a>(
    ctx: &Context<'a>,
    user_id: Option<Uuid>,
) -> Result<(&'a RequestScope, Uuid), ApiError> {
    let scope = scope(ctx)?;
    Ok((scope, acting_user(scope, user_id)?))
}

/// A user's credits and whether they cover an amount (seed 002's `check_credits`).
#[derive(Debug, Clone, SimpleObject, FromQueryResult)]
pub struct CreditCheck {
    /// Credits owned, reserved ones included.
    pub balance: i64,
    /// Credits held for running work.
    pub reserved: i64,
    /// Credits free to reserve or spend: `balance - reserved`.
    pub available: i64,
    /// Whether `available` covers the amount asked about.
    pub sufficient: bool,
}

/// A user's standing against one monthly quota (seed 003's `check_quota`).
#[derive(Debug, Clone, SimpleObject)]
pub struct QuotaStatus {
    /// What is counted.
    pub metric: QuotaMetric,
    /// The tier the quota comes from.
    pub tier: String,
    /// Units allowed this month; null when unlimited.
    pub limit: Option<i32>,
    /// Units used this month.
    pub used: i32,
    /// Units left this month; null when unlimited.
    pub remaining: Option<i32>,
    /// Whether one more unit is allowed.
    pub allowed: bool,
}

/// The credit and quota checks.
#[derive(Debug, Default)]
pub struct CreditsQuery;

#[Object]
impl CreditsQuery {
    /// The credits of `userId` (default: the viewer) and whether `amount` of them are
    /// available. Only the user themself or the service role may ask.
    async fn check_credits(
        &self,
        ctx: &Context<'_>,
        amount: Option<i32>,
        user_id: Option<Uuid>,
    ) -> async_graphql::Result<CreditCheck> {
        let (scope, user) = acting(ctx, user_id)?;
        let amount = match amount {
            Some(amount) => positive_amount("amount", amount)?,
            None => 0,
        };
        Ok(check_credits(scope, user, amount).await?)
    }

    /// Where `userId` (default: the viewer) stands against this month's `metric` quota.
    async fn check_quota(
        &self,
        ctx: &Context<'_>,
        metric: QuotaMetric,
        user_id: Option<Uuid>,
    ) -> async_graphql::Result<QuotaStatus> {
        let (scope, user) = acting(ctx, user_id)?;
        Ok(check_quota(scope, user, metric).await?)
    }
}

/// Credit and quota changes. Each acts for `userId` (default: the viewer), which only that
/// user or the service role may name.
#[derive(Debug, Default)]
pub struct CreditsMutation;

#[Object]
impl CreditsMutation {
    /// Holds `amount` credits for the work `reference` names (e.g. an agent run). Fails with
    /// CONFLICT when fewer credits are available.
    async fn reserve_credits(
        &self,
        ctx: &Context<'_>,
        amount: i32,
        reference: Option<Uuid>,
        description: Option<String>,
        user_id: Option<Uuid>,
    ) -> async_graphql::Result<CreditTransaction> {
        let (scope, user) = acting(ctx, user_id)?;
        let amount = positive_amount("amount", amount)?;
        let row = reserve_credits(scope, user, amount, reference, description).await?;
        Ok(CreditTransaction { row })
    }

    /// Spends `amount` credits: out of the reservation under `reference` when given (which
    /// must cover it), otherwise out of the available credits.
    async fn consume_credits(
        &self,
        ctx: &Context<'_>,
        amount: i32,
        reference: Option<Uuid>,
        description: Option<String>,
        user_id: Option<Uuid>,
    ) -> async_graphql::Result<CreditTransaction> {
        let (scope, user) = acting(ctx, user_id)?;
        let amount = positive_amount("amount", amount)?;
        let row = consume_credits(scope, user, amount, reference, description).await?;
        Ok(CreditTransaction { row })
    }

    /// Gives back the credits still reserved under `reference` (at most `amount` when
    /// given), after a failure or a cancellation.
    async fn release_credits(
        &self,
        ctx: &Context<'_>,
        reference: Uuid,
        amount: Option<i32>,
        description: Option<String>,
        user_id: Option<Uuid>,
    ) -> async_graphql::Result<CreditTransaction> {
        let (scope, user) = acting(ctx, user_id)?;
        let amount = amount
            .map(|amount| positive_amount("amount", amount))
            .transpose()?;
        let row = release_credits(scope, user, reference, amount, description).await?;
        Ok(CreditTransaction { row })
    }

    /// Adds the tier's monthly credits, once per calendar month (UTC). Null when this
    /// month's grant already happened.
    async fn grant_monthly_credits(
        &self,
        ctx: &Context<'_>,
        user_id: Option<Uuid>,
    ) -> async_graphql::Result<Option<CreditTransaction>> {
        let (scope, user) = acting(ctx, user_id)?;
        let row = grant_monthly_credits(scope, user).await?;
        Ok(row.map(|row| CreditTransaction { row }))
    }

    /// Counts `amount` (default 1) units of `metric` this month; CONFLICT when the tier's
    /// quota would be exceeded.
    async fn increment_quota(
        &self,
        ctx: &Context<'_>,
        metric: QuotaMetric,
        amount: Option<i32>,
        user_id: Option<Uuid>,
    ) -> async_graphql::Result<QuotaStatus> {
        let (scope, user) = acting(ctx, user_id)?;
        let amount = positive_amount("amount", amount.unwrap_or(1))?;
        Ok(increment_quota(scope, user, metric, amount).await?)
    }

    /// Gives back `amount` (default 1) units of `metric` this month, e.g. after a failed
    /// sync.
    async fn decrement_quota(
        &self,
        ctx: &Context<'_>,
        metric: QuotaMetric,
        amount: Option<i32>,
        user_id: Option<Uuid>,
    ) -> async_graphql::Result<QuotaStatus> {
        let (scope, user) = acting(ctx, user_id)?;
        let amount = positive_amount("amount", amount.unwrap_or(1))?;
        Ok(decrement_quota(scope, user, metric, amount).await?)
    }
}
