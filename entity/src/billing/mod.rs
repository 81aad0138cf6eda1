//! Billing and credits: subscription tiers and subscriptions, the credit ledger (balances,
//! transactions, pricing), payments, quota usage and Stripe webhook events.
//!
//! Balances, the ledger and usage change only through the database's credit and quota
//! functions (`reserve_credits`, `increment_quota`, ...); read them, do not write them.

pub mod credit_balances;
pub mod credit_pricing;
pub mod credit_transactions;
pub mod enums;
pub mod payments;
pub mod stripe_webhook_events;
pub mod subscription_tiers;
pub mod subscriptions;
pub mod usage_records;

pub use crate::identity::SubscriptionStatus;
pub use enums::{CreditTransactionKind, PaymentStatus, QuotaMetric};
