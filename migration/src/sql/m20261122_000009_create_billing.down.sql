-- Undo billing and credits.
DROP FUNCTION public.decrement_quota(uuid, text, integer);
DROP FUNCTION public.increment_quota(uuid, text, integer);
DROP FUNCTION public.check_quota(uuid, text);
DROP FUNCTION public.quota_status(uuid, text);
DROP FUNCTION public.quota_period_start();
DROP FUNCTION public.grant_monthly_credits(uuid);
DROP FUNCTION public.user_tier(uuid);
DROP FUNCTION public.release_credits(uuid, uuid, bigint, text);
DROP FUNCTION public.consume_credits(uuid, bigint, uuid, text);
DROP FUNCTION public.reserve_credits(uuid, bigint, uuid, text);
DROP FUNCTION public.check_credits(uuid, bigint);
DROP FUNCTION public.outstanding_reservation(uuid, uuid);
DROP FUNCTION public.log_credit_change(public.credit_balances, text, bigint, uuid, text);
DROP FUNCTION public.assert_acting_for(uuid);
DROP TABLE public.stripe_webhook_events, public.usage_records, public.payments, public.credit_pricing,
    public.credit_transactions, public.credit_balances, public.subscriptions, public.subscription_tiers;
