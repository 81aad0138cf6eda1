//! Billing and credits: subscription tiers and subscriptions, the credit ledger of seed 002
//! (`checkCredits`, `reserveCredits`, `consumeCredits`, `releaseCredits`,
//! `grantMonthlyCredits`) and the monthly quotas of seed 003 (`checkQuota`,
//! `incrementQuota`, `decrementQuota`).
//!
//! The accounting itself lives in SQL functions of the billing migration: each locks the
//! user's balance row, so concurrent reservations never overdraw it, and logs every change
//! in `credit_transactions`. The functions here call them, and turn "refused" answers into
//! errors a person can act on.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, Object, SimpleObject};
use entity::billing::{
    QuotaMetric, credit_balances, credit_pricing, credit_transactions, payments,
    stripe_webhook_events, subscription_tiers, subscriptions, usage_records,
};
use sea_orm::{DbBackend, FromQueryResult, Statement};
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BigIntFilter, BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{call_row, scope};

switchyard_core::table! {
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

switchyard_core::relations! {
    SubscriptionTier {
        to_one {
        }
        to_many {
            /// A user's current plan (by `tier_id`).
            subscriptions: Subscription = subscriptions::Column::TierId,
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
    CreditBalance {
        to_one {
            /// Whose credits.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    CreditTransaction {
        to_one {
            /// Whose credits.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    CreditPricing {
        to_one {
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    Payment {
        to_one {
            /// Who paid (kept as null when the account is deleted).
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    UsageRecord {
        to_one {
            /// Whose usage.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
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

switchyard_core::relations! {
    StripeWebhookEvent {
        to_one {
        }
        to_many {
        }
    }
}

switchyard_core::change_feeds! {
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

switchyard_core::root_fields! {
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
