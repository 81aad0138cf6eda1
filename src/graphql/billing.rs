//! Billing and credits: subscription tiers and subscriptions, the credit ledger of seed 002
//! (`checkCredits`, `reserveCredits`, `consumeCredits`, `releaseCredits`,
//! `grantMonthlyCredits`) and the monthly quotas of seed 003 (`checkQuota`,
//! `incrementQuota`, `decrementQuota`).
//!
//! The accounting itself lives in SQL functions of the billing migration: each locks the
//! user's balance row, so concurrent reservations never overdraw it, and logs every change
//! in `credit_transactions`. The functions here call them, and turn "refused" answers into
//! errors a person can act on.

use async_graphql::{Context, Object, SimpleObject};
use entity::billing::{
    QuotaMetric, credit_balances, credit_pricing, credit_transactions, payments,
    stripe_webhook_events, subscription_tiers, subscriptions, usage_records,
};
use sea_orm::{DbBackend, EntityTrait, FromQueryResult, Statement, Value};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{
    BigIntFilter, BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::scope;

crate::table! {
    /// Plans: price, monthly credits, concurrency and monthly quotas. Public read.
    SubscriptionTier => subscription_tiers,
    filter SubscriptionTierFilter {
        id: UuidFilter => Id,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        price_cents: IntFilter => PriceCents,
        monthly_credits: BigIntFilter => MonthlyCredits,
        max_concurrent_runs: IntFilter => MaxConcurrentRuns,
        is_active: BoolFilter => IsActive,
        sort_order: IntFilter => SortOrder,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order SubscriptionTierOrder / SubscriptionTierOrderField {
        Slug => Slug,
        Name => Name,
        PriceCents => PriceCents,
        MonthlyCredits => MonthlyCredits,
        MaxConcurrentRuns => MaxConcurrentRuns,
        SortOrder => SortOrder,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    SubscriptionTier {
        to_one {
        }
        to_many {
            /// A user's current plan (by `tier_id`).
            subscriptions: Subscription = subscriptions::Column::TierId,
        }
    }
}

crate::table! {
    /// A user's current plan; written by the billing provider's webhooks (service role).
    Subscription => subscriptions,
    filter SubscriptionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        tier_id: UuidFilter => TierId,
        status: EnumFilter<entity::billing::SubscriptionStatus> => Status,
        cycle_start: DateTimeFilter => CycleStart,
        cycle_end: DateTimeFilter => CycleEnd,
        cancel_at_period_end: BoolFilter => CancelAtPeriodEnd,
        provider: StringFilter => Provider,
        provider_customer_id: StringFilter => ProviderCustomerId,
        provider_subscription_id: StringFilter => ProviderSubscriptionId,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order SubscriptionOrder / SubscriptionOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    Subscription {
        to_one {
            /// Subscriber.
            owner: Profile = user_id,
            /// The plan.
            tier: SubscriptionTier = tier_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// Credit balance per user; changed only by the credit functions, each change logged in credit_transactions.
    CreditBalance => credit_balances,
    filter CreditBalanceFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        balance: BigIntFilter => Balance,
        reserved: BigIntFilter => Reserved,
        lifetime_granted: BigIntFilter => LifetimeGranted,
        lifetime_consumed: BigIntFilter => LifetimeConsumed,
        last_grant_at: DateTimeFilter => LastGrantAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order CreditBalanceOrder / CreditBalanceOrderField {
        Balance => Balance,
        Reserved => Reserved,
        LifetimeGranted => LifetimeGranted,
        LifetimeConsumed => LifetimeConsumed,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    CreditBalance {
        to_one {
            /// Whose credits.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// Append-only credit ledger: every balance change with the balance after it.
    CreditTransaction => credit_transactions,
    filter CreditTransactionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        kind: EnumFilter<entity::billing::CreditTransactionKind> => Kind,
        amount: BigIntFilter => Amount,
        balance_after: BigIntFilter => BalanceAfter,
        reserved_after: BigIntFilter => ReservedAfter,
        reference_id: UuidFilter => ReferenceId,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order CreditTransactionOrder / CreditTransactionOrderField {
        Amount => Amount,
        BalanceAfter => BalanceAfter,
        ReservedAfter => ReservedAfter,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    CreditTransaction {
        to_one {
            /// Whose credits.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// Credits charged per unit of each operation (seed 002). Public read.
    CreditPricing => credit_pricing,
    filter CreditPricingFilter {
        id: UuidFilter => Id,
        operation: StringFilter => Operation,
        unit: StringFilter => Unit,
        is_active: BoolFilter => IsActive,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order CreditPricingOrder / CreditPricingOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    CreditPricing {
        to_one {
        }
        to_many {
        }
    }
}

crate::table! {
    /// Payments (seed 001); written by the payment provider's webhooks, read by their payer.
    Payment => payments,
    filter PaymentFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        order_id: StringFilter => OrderId,
        amount_cents: BigIntFilter => AmountCents,
        currency: StringFilter => Currency,
        status: EnumFilter<entity::billing::PaymentStatus> => Status,
        payment_method: StringFilter => PaymentMethod,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
        completed_at: DateTimeFilter => CompletedAt,
    },
    order PaymentOrder / PaymentOrderField {
        AmountCents => AmountCents,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    Payment {
        to_one {
            /// Who paid (kept as null when the account is deleted).
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// Monthly quota usage per user and metric.
    UsageRecord => usage_records,
    filter UsageRecordFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        metric: EnumFilter<entity::billing::QuotaMetric> => Metric,
        period_start: DateTimeFilter => PeriodStart,
        amount: IntFilter => Amount,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order UsageRecordOrder / UsageRecordOrderField {
        Amount => Amount,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    UsageRecord {
        to_one {
            /// Whose usage.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
    /// Stripe webhook deliveries; service role only.
    StripeWebhookEvent => stripe_webhook_events,
    filter StripeWebhookEventFilter {
        id: UuidFilter => Id,
        event_id: StringFilter => EventId,
        r#type: StringFilter => Type,
        processed_at: DateTimeFilter => ProcessedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order StripeWebhookEventOrder / StripeWebhookEventOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

crate::relations! {
    StripeWebhookEvent {
        to_one {
        }
        to_many {
        }
    }
}

crate::change_feeds! {
    /// Live changes of the viewer's payments (a seed 001 realtime table), subscription,
    /// credit balance, credit ledger and usage meters.
    BillingChanges owned {
        /// The viewer's payments as they are created and change status, however written
        /// (a provider webhook, a worker, SQL). With `after`, every change since that cursor
        /// comes first.
        payment_changes: Payment => PaymentChange;
        /// The viewer's subscription as it renews, changes tier or is canceled. With
        /// `after`, every change since that cursor comes first.
        subscription_changes: Subscription => SubscriptionChange;
        /// The viewer's credit balance as credits are spent and granted. With `after`,
        /// every change since that cursor comes first.
        credit_balance_changes: CreditBalance => CreditBalanceChange;
        /// Entries of the viewer's credit ledger as they are written. With `after`, every
        /// entry since that cursor comes first.
        credit_transaction_changes: CreditTransaction => CreditTransactionChange;
        /// The viewer's usage meters (one row per metric and period) as usage is recorded.
        /// With `after`, every change since that cursor comes first.
        usage_record_changes: UsageRecord => UsageRecordChange;
    }
}

crate::root_fields! {
    /// By-id and list fields of the billing tables.
    BillingQuery {
        subscription_tier, subscription_tiers: SubscriptionTier;
        subscription, subscriptions: Subscription;
        credit_balance, credit_balances: CreditBalance;
        credit_transaction, credit_transactions: CreditTransaction;
        credit_price, credit_pricing: CreditPricing;
        payment, payments: Payment;
        usage_record, usage_records: UsageRecord;
        stripe_webhook_event, stripe_webhook_events: StripeWebhookEvent;
    }
}

/// Largest number of credits one call may move.
pub const MAX_CREDIT_AMOUNT: i32 = 1_000_000_000;

/// The user a credit or quota call acts for: `user_id` when given (the database lets only
/// that user or the service role act for it), otherwise the signed-in viewer.
pub fn acting_user(scope: &RequestScope, user_id: Option<Uuid>) -> Result<Uuid, ApiError> {
    user_id
        .or(scope.viewer().user_id)
        .ok_or_else(|| ApiError::Unauthenticated("sign in to use credits and quotas".into()))
}

/// The request scope and the user a resolver acts for (see [`acting_user`]).
fn acting<'a>(
    ctx: &Context<'a>,
    user_id: Option<Uuid>,
) -> Result<(&'a RequestScope, Uuid), ApiError> {
    let scope = scope(ctx)?;
    Ok((scope, acting_user(scope, user_id)?))
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

/// Runs one ledger function; `None` when it refused the change.
async fn ledger(
    scope: &RequestScope,
    sql: &str,
    values: Vec<Value>,
) -> Result<Option<credit_transactions::Model>, ApiError> {
    credit_transactions::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)
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
    let row = ledger(
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
    let row = ledger(
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
    ledger(
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
    ledger(
        scope,
        "SELECT * FROM public.grant_monthly_credits($1)",
        vec![user.into()],
    )
    .await
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

#[derive(FromQueryResult)]
struct QuotaRow {
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
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT tier, quota_limit, used FROM public.quota_status($1, $2)",
        [user.into(), metric.into()],
    );
    let row = QuotaRow::find_by_statement(statement)
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?
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

/// Runs one usage function; `None` when it refused the change.
async fn usage(
    scope: &RequestScope,
    sql: &str,
    user: Uuid,
    metric: QuotaMetric,
    amount: i64,
) -> Result<Option<usage_records::Model>, ApiError> {
    usage_records::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            [user.into(), metric.into(), amount.into()],
        ))
        .one(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)
}

/// Counts `amount` units of `metric` this month (seed 003's `increment_quota`); refused when
/// that would exceed the tier's quota.
pub async fn increment_quota(
    scope: &RequestScope,
    user: Uuid,
    metric: QuotaMetric,
    amount: i64,
) -> Result<QuotaStatus, ApiError> {
    let counted = usage(
        scope,
        "SELECT * FROM public.increment_quota($1, $2, $3::integer)",
        user,
        metric,
        amount,
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
    usage(
        scope,
        "SELECT * FROM public.decrement_quota($1, $2, $3::integer)",
        user,
        metric,
        amount,
    )
    .await?;
    check_quota(scope, user, metric).await
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
