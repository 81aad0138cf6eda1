-- Billing and credits: subscription tiers (seeds 002 and 003), subscriptions, the credit
-- ledger of seed 002 (balances, an append-only transaction log, per-operation pricing),
-- payments (seed 001), quota usage (seeds 000 and 003) and Stripe webhook idempotency.
--
-- Credits are whole numbers (bigint): prices per unit may be fractional (0.3 credits per
-- 1K tokens) and a charge is rounded up to whole credits by the caller. Balances change
-- only through the SECURITY DEFINER functions at the end of this file, which lock the
-- balance row, so concurrent reservations can never overdraw it.

-- ---------------------------------------------------------------------------------------
-- subscription_tiers: the plans (seed 002 free/pro/team/enterprise, seed 003 quotas).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.subscription_tiers (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    slug                text        NOT NULL, -- Stable identifier (`free`, `pro`, `team`, `enterprise`).
    name                text        NOT NULL, -- Display name.
    description         text        NOT NULL DEFAULT '', -- What the tier offers.
    price_cents         integer     NOT NULL DEFAULT 0, -- Monthly price in US cents.
    monthly_credits     bigint      NOT NULL DEFAULT 0, -- Credits granted at the start of each month.
    max_concurrent_runs integer     NOT NULL DEFAULT 1, -- Agent runs that may be active at once.
    quotas              jsonb       NOT NULL DEFAULT '{}', -- Monthly quota per metric (`syncs`, `ai_analyses`, `seo_submissions`); a missing or null metric is unlimited.
    is_active           boolean     NOT NULL DEFAULT true, -- Whether new subscriptions may choose it.
    sort_order          integer     NOT NULL DEFAULT 0, -- Position in plan listings.
    created_at          timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at          timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT subscription_tiers_pkey PRIMARY KEY (id),
    CONSTRAINT subscription_tiers_slug_key UNIQUE (slug),
    CONSTRAINT subscription_tiers_slug_format CHECK (slug ~ '^[a-z0-9_]{2,40}$'),
    CONSTRAINT subscription_tiers_price_nonnegative CHECK (price_cents >= 0),
    CONSTRAINT subscription_tiers_monthly_credits_nonnegative CHECK (monthly_credits >= 0),
    CONSTRAINT subscription_tiers_max_concurrent_runs_positive CHECK (max_concurrent_runs > 0),
    CONSTRAINT subscription_tiers_quotas_is_object CHECK (jsonb_typeof(quotas) = 'object')
);
COMMENT ON TABLE public.subscription_tiers IS 'Plans: price, monthly credits, concurrency and monthly quotas. Public read.';

CREATE INDEX subscription_tiers_sort_order_idx ON public.subscription_tiers (sort_order);
CREATE INDEX subscription_tiers_created_at_idx ON public.subscription_tiers (created_at DESC);

CREATE TRIGGER subscription_tiers_set_updated_at
    BEFORE UPDATE ON public.subscription_tiers
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Seed 002's tiers with seed 003's quotas (free: 10 syncs, 25 AI analyses, no SEO
-- submissions). Enterprise is "unlimited": null quotas and a grant large enough that
-- contracts, not the ledger, are the limit.
INSERT INTO public.subscription_tiers (slug, name, description, price_cents, monthly_credits, max_concurrent_runs, quotas, sort_order) VALUES
    ('free', 'Free', '100 credits a month, one run at a time', 0, 100, 1,
     '{"syncs": 10, "ai_analyses": 25, "seo_submissions": 0}', 1),
    ('pro', 'Pro', '1,000 credits a month, three concurrent runs', 1900, 1000, 3,
     '{"syncs": 100, "ai_analyses": 250, "seo_submissions": 50}', 2),
    ('team', 'Team', '5,000 credits a month, ten concurrent runs', 4900, 5000, 10,
     '{"syncs": 500, "ai_analyses": 1000, "seo_submissions": 250}', 3),
    ('enterprise', 'Enterprise', 'Unlimited credits, custom limits', 0, 1000000000, 100,
     '{"syncs": null, "ai_analyses": null, "seo_submissions": null}', 4);

-- ---------------------------------------------------------------------------------------
-- subscriptions: a user's current plan (seeds 000, 002, 003), one per user.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.subscriptions (
    id                       uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id                  uuid        NOT NULL, -- Subscriber.
    tier_id                  uuid        NOT NULL, -- The plan.
    status                   text        NOT NULL DEFAULT 'active', -- Lifecycle state. [SubscriptionStatus]
    cycle_start              timestamptz NOT NULL DEFAULT now(), -- Start of the current billing cycle.
    cycle_end                timestamptz NOT NULL DEFAULT now() + interval '1 month', -- End of the current billing cycle.
    cancel_at_period_end     boolean     NOT NULL DEFAULT false, -- Whether it ends when the cycle does.
    provider                 text, -- Payment provider (e.g. `stripe`).
    provider_customer_id     text, -- The provider's customer id.
    provider_subscription_id text, -- The provider's subscription id.
    created_at               timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at               timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT subscriptions_pkey PRIMARY KEY (id),
    CONSTRAINT subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT subscriptions_tier_id_fkey FOREIGN KEY (tier_id) REFERENCES public.subscription_tiers (id) ON DELETE RESTRICT,
    CONSTRAINT subscriptions_user_id_key UNIQUE (user_id),
    CONSTRAINT subscriptions_provider_subscription_id_key UNIQUE (provider_subscription_id),
    CONSTRAINT subscriptions_status_check CHECK (status IN ('active', 'trialing', 'past_due', 'canceled', 'paused')),
    CONSTRAINT subscriptions_cycle_order CHECK (cycle_end > cycle_start)
);
COMMENT ON TABLE public.subscriptions IS 'A user''s current plan; written by the billing provider''s webhooks (service role).';

CREATE INDEX subscriptions_tier_id_idx ON public.subscriptions (tier_id);
CREATE INDEX subscriptions_created_at_idx ON public.subscriptions (created_at DESC);

CREATE TRIGGER subscriptions_set_updated_at
    BEFORE UPDATE ON public.subscriptions
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- credit_balances: one per user (seed 002). reserved is held for running work.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.credit_balances (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id           uuid        NOT NULL, -- Whose credits.
    balance           bigint      NOT NULL DEFAULT 0, -- Credits owned, reserved ones included.
    reserved          bigint      NOT NULL DEFAULT 0, -- Credits held for running work; `balance - reserved` is available.
    lifetime_granted  bigint      NOT NULL DEFAULT 0, -- Credits ever added (grants, purchases, refunds).
    lifetime_consumed bigint      NOT NULL DEFAULT 0, -- Credits ever consumed.
    last_grant_at     timestamptz, -- When the last monthly grant happened.
    created_at        timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at        timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT credit_balances_pkey PRIMARY KEY (id),
    CONSTRAINT credit_balances_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT credit_balances_user_id_key UNIQUE (user_id),
    CONSTRAINT credit_balances_balance_nonnegative CHECK (balance >= 0),
    CONSTRAINT credit_balances_reserved_nonnegative CHECK (reserved >= 0),
    CONSTRAINT credit_balances_reserved_within_balance CHECK (reserved <= balance)
);
COMMENT ON TABLE public.credit_balances IS 'Credit balance per user; changed only by the credit functions, each change logged in credit_transactions.';

CREATE INDEX credit_balances_created_at_idx ON public.credit_balances (created_at DESC);

CREATE TRIGGER credit_balances_set_updated_at
    BEFORE UPDATE ON public.credit_balances
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- credit_transactions: the append-only ledger (seed 002).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.credit_transactions (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id        uuid        NOT NULL, -- Whose credits.
    kind           text        NOT NULL, -- What happened. [CreditTransactionKind]
    amount         bigint      NOT NULL, -- Credits moved (always positive; the kind says which way).
    balance_after  bigint      NOT NULL, -- The balance right after this change.
    reserved_after bigint      NOT NULL, -- The reserved credits right after this change.
    reference_id   uuid, -- What the credits were for, e.g. an agent run id.
    description    text        NOT NULL DEFAULT '', -- Human-readable reason.
    created_at     timestamptz NOT NULL DEFAULT now(), -- When it happened.
    updated_at     timestamptz NOT NULL DEFAULT now(), -- Equal to `created_at`: the ledger is append-only.
    CONSTRAINT credit_transactions_pkey PRIMARY KEY (id),
    CONSTRAINT credit_transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT credit_transactions_kind_check CHECK (kind IN ('grant', 'reserve', 'consume', 'release', 'purchase', 'refund')),
    CONSTRAINT credit_transactions_amount_positive CHECK (amount > 0),
    CONSTRAINT credit_transactions_balance_after_nonnegative CHECK (balance_after >= 0),
    CONSTRAINT credit_transactions_reserved_after_within_balance CHECK (reserved_after BETWEEN 0 AND balance_after)
);
COMMENT ON TABLE public.credit_transactions IS 'Append-only credit ledger: every balance change with the balance after it.';

CREATE INDEX credit_transactions_user_id_created_at_idx ON public.credit_transactions (user_id, created_at DESC);
CREATE INDEX credit_transactions_user_id_reference_id_idx ON public.credit_transactions (user_id, reference_id) WHERE reference_id IS NOT NULL;
CREATE INDEX credit_transactions_created_at_idx ON public.credit_transactions (created_at DESC);
CREATE INDEX credit_transactions_amount_idx ON public.credit_transactions (amount);

-- ---------------------------------------------------------------------------------------
-- credit_pricing: what an operation costs (seed 002). Public read.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.credit_pricing (
    id               uuid             NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    operation        text             NOT NULL, -- Stable operation name, e.g. `gpt-4-turbo.input`.
    description      text             NOT NULL DEFAULT '', -- What is charged.
    unit             text             NOT NULL, -- What one unit is, e.g. `1k_tokens`, `second`, `item`.
    credits_per_unit double precision NOT NULL, -- Credits per unit (fractional; charges round up).
    is_active        boolean          NOT NULL DEFAULT true, -- Whether the price applies.
    created_at       timestamptz      NOT NULL DEFAULT now(), -- When the row was created.
    updated_at       timestamptz      NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT credit_pricing_pkey PRIMARY KEY (id),
    CONSTRAINT credit_pricing_operation_key UNIQUE (operation),
    CONSTRAINT credit_pricing_credits_nonnegative CHECK (credits_per_unit >= 0)
);
COMMENT ON TABLE public.credit_pricing IS 'Credits charged per unit of each operation (seed 002). Public read.';

CREATE INDEX credit_pricing_created_at_idx ON public.credit_pricing (created_at DESC);

CREATE TRIGGER credit_pricing_set_updated_at
    BEFORE UPDATE ON public.credit_pricing
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Seed 002's 13 operations.
INSERT INTO public.credit_pricing (operation, description, unit, credits_per_unit) VALUES
    ('gpt-4-turbo.input', 'GPT-4 Turbo input tokens', '1k_tokens', 0.3),
    ('gpt-4-turbo.output', 'GPT-4 Turbo output tokens', '1k_tokens', 0.6),
    ('claude-3-opus.input', 'Claude 3 Opus input tokens', '1k_tokens', 0.45),
    ('claude-3-opus.output', 'Claude 3 Opus output tokens', '1k_tokens', 0.9),
    ('code.execution', 'Sandboxed code execution', 'second', 0.1),
    ('wide-research.item', 'One Wide Research item', 'item', 5),
    ('image.generation', 'One generated image', 'image', 10),
    ('browser.action', 'One browser action', 'action', 2),
    ('connector.call', 'One connector API call', 'call', 1),
    ('file.read', 'File read', 'operation', 0),
    ('file.write', 'File write', 'operation', 0),
    ('web.search', 'One web search', 'search', 1),
    ('embedding.generation', 'Embedding tokens', '1k_tokens', 0.01);

-- ---------------------------------------------------------------------------------------
-- payments: payment records (seed 001 columns; amount in cents instead of DECIMAL).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.payments (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id        uuid, -- Who paid (kept as null when the account is deleted).
    order_id       text        NOT NULL, -- The provider's order id.
    amount_cents   bigint      NOT NULL, -- Amount in the currency's minor unit.
    currency       text        NOT NULL DEFAULT 'USD', -- ISO 4217 code.
    status         text        NOT NULL DEFAULT 'created', -- Where the payment stands. [PaymentStatus]
    description    text, -- What was bought.
    payment_method text        NOT NULL DEFAULT 'paypal', -- How it was paid, e.g. `paypal`, `stripe`.
    metadata       jsonb       NOT NULL DEFAULT '{}', -- Invoice details (a JSON object).
    created_at     timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at     timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    completed_at   timestamptz, -- When the payment completed.
    CONSTRAINT payments_pkey PRIMARY KEY (id),
    CONSTRAINT payments_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE SET NULL,
    CONSTRAINT payments_order_id_key UNIQUE (order_id),
    CONSTRAINT payments_amount_nonnegative CHECK (amount_cents >= 0),
    CONSTRAINT payments_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT payments_status_check CHECK (status IN ('created', 'pending', 'completed', 'failed', 'refunded', 'canceled')),
    CONSTRAINT payments_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
COMMENT ON TABLE public.payments IS 'Payments (seed 001); written by the payment provider''s webhooks, read by their payer.';

CREATE INDEX payments_user_id_created_at_idx ON public.payments (user_id, created_at DESC);
CREATE INDEX payments_status_idx ON public.payments (status);
CREATE INDEX payments_created_at_idx ON public.payments (created_at DESC);
CREATE INDEX payments_amount_cents_idx ON public.payments (amount_cents);

CREATE TRIGGER payments_set_updated_at
    BEFORE UPDATE ON public.payments
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- usage_records: quota usage per user, metric and month (seed 000 usage_tracking, seed 003
-- quota_usage_history). Kept by increment_quota / decrement_quota.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.usage_records (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id      uuid        NOT NULL, -- Whose usage.
    metric       text        NOT NULL, -- What is counted. [QuotaMetric]
    period_start timestamptz NOT NULL, -- Start of the month counted.
    amount       integer     NOT NULL DEFAULT 0, -- Units used in the period.
    created_at   timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at   timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT usage_records_pkey PRIMARY KEY (id),
    CONSTRAINT usage_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT usage_records_user_id_metric_period_start_key UNIQUE (user_id, metric, period_start),
    CONSTRAINT usage_records_metric_check CHECK (metric IN ('syncs', 'ai_analyses', 'seo_submissions')),
    CONSTRAINT usage_records_amount_nonnegative CHECK (amount >= 0)
);
COMMENT ON TABLE public.usage_records IS 'Monthly quota usage per user and metric.';

CREATE INDEX usage_records_period_start_idx ON public.usage_records (period_start DESC);
CREATE INDEX usage_records_created_at_idx ON public.usage_records (created_at DESC);

CREATE TRIGGER usage_records_set_updated_at
    BEFORE UPDATE ON public.usage_records
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- stripe_webhook_events: processed webhook deliveries (seed 003), for idempotency.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.stripe_webhook_events (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    event_id     text        NOT NULL, -- Stripe's event id; a redelivery collides here.
    type         text        NOT NULL, -- Stripe's event type, e.g. `invoice.paid`.
    payload      jsonb       NOT NULL DEFAULT '{}', -- The event as delivered.
    processed_at timestamptz, -- When it was processed.
    error        text, -- Why processing failed, if it did.
    created_at   timestamptz NOT NULL DEFAULT now(), -- When it was received.
    updated_at   timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT stripe_webhook_events_pkey PRIMARY KEY (id),
    CONSTRAINT stripe_webhook_events_event_id_key UNIQUE (event_id)
);
COMMENT ON TABLE public.stripe_webhook_events IS 'Stripe webhook deliveries; service role only.';

CREATE INDEX stripe_webhook_events_created_at_idx ON public.stripe_webhook_events (created_at DESC);

CREATE TRIGGER stripe_webhook_events_set_updated_at
    BEFORE UPDATE ON public.stripe_webhook_events
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- Grants and row-level security. Users read their own rows; balances, the ledger and
-- usage change only through the functions below; subscriptions, payments and webhook
-- events are written by the service role.
-- ---------------------------------------------------------------------------------------
GRANT ALL ON public.subscription_tiers, public.subscriptions, public.credit_balances,
    public.credit_transactions, public.credit_pricing, public.payments, public.usage_records,
    public.stripe_webhook_events TO service_role;
-- anon may SELECT so that row-level security answers "no rows" rather than a permission
-- error, which would abort the rest of an anonymous request's transaction.
GRANT SELECT ON public.subscription_tiers, public.subscriptions, public.credit_balances,
    public.credit_transactions, public.credit_pricing, public.payments, public.usage_records,
    public.stripe_webhook_events TO anon, authenticated;

ALTER TABLE public.subscription_tiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.credit_balances ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.credit_transactions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.credit_pricing ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.usage_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.stripe_webhook_events ENABLE ROW LEVEL SECURITY;

CREATE POLICY subscription_tiers_select_all ON public.subscription_tiers
    FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY credit_pricing_select_all ON public.credit_pricing
    FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY subscriptions_select_own ON public.subscriptions
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY credit_balances_select_own ON public.credit_balances
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY credit_transactions_select_own ON public.credit_transactions
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY payments_select_own ON public.payments
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY usage_records_select_own ON public.usage_records
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
-- stripe_webhook_events: no policy, so only the service role (BYPASSRLS) sees rows.

-- ---------------------------------------------------------------------------------------
-- Credit functions (seed 002). SECURITY DEFINER: callers cannot write the balance or the
-- ledger themselves. Each function acts for `p_user_id`, which must be the caller unless
-- the caller is the service role, locks that user's balance row, and logs the change.
-- Functions return the ledger row they wrote, or no row when the change is refused
-- (insufficient credits, nothing to release, already granted).
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION public.assert_acting_for(p_user_id uuid) RETURNS void
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    IF auth.role() IS DISTINCT FROM 'service_role' AND auth.uid() IS DISTINCT FROM p_user_id THEN
        RAISE EXCEPTION 'you may only act on your own account' USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
COMMENT ON FUNCTION public.assert_acting_for(uuid) IS
    'Raises insufficient_privilege unless the caller is p_user_id or the service role.';

-- Appends a ledger row for the balance row just changed.
CREATE FUNCTION public.log_credit_change(
    p_balance public.credit_balances, p_kind text, p_amount bigint, p_reference uuid, p_description text
) RETURNS SETOF public.credit_transactions
LANGUAGE sql
AS $$
    INSERT INTO public.credit_transactions (user_id, kind, amount, balance_after, reserved_after, reference_id, description)
    VALUES (p_balance.user_id, p_kind, p_amount, p_balance.balance, p_balance.reserved, p_reference, coalesce(p_description, ''))
    RETURNING *
$$;

-- Credits still held under p_reference: reserved, minus what was consumed from or released
-- back out of that reservation.
CREATE FUNCTION public.outstanding_reservation(p_user_id uuid, p_reference uuid) RETURNS bigint
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(sum(CASE kind WHEN 'reserve' THEN amount ELSE -amount END), 0)::bigint
    FROM public.credit_transactions
    WHERE user_id = p_user_id AND reference_id = p_reference AND kind IN ('reserve', 'consume', 'release')
$$;

CREATE FUNCTION public.check_credits(p_user_id uuid, p_amount bigint) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    RETURN EXISTS (
        SELECT FROM public.credit_balances
        WHERE user_id = p_user_id AND balance - reserved >= p_amount
    );
END
$$;

CREATE FUNCTION public.reserve_credits(p_user_id uuid, p_amount bigint, p_reference uuid, p_description text)
RETURNS SETOF public.credit_transactions
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    changed public.credit_balances;
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    -- The row lock taken by UPDATE serialises concurrent reservations; each re-checks the
    -- condition against the balance its predecessor left.
    UPDATE public.credit_balances SET reserved = reserved + p_amount
    WHERE user_id = p_user_id AND balance - reserved >= p_amount
    RETURNING * INTO changed;
    IF FOUND THEN
        RETURN QUERY SELECT * FROM public.log_credit_change(changed, 'reserve', p_amount, p_reference, p_description);
    END IF;
END
$$;

-- Consumes p_amount: from the reservation held under p_reference when one is given (it must
-- cover the amount), otherwise from the available credits.
CREATE FUNCTION public.consume_credits(p_user_id uuid, p_amount bigint, p_reference uuid, p_description text)
RETURNS SETOF public.credit_transactions
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    current public.credit_balances;
    changed public.credit_balances;
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    SELECT * INTO current FROM public.credit_balances WHERE user_id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF p_reference IS NOT NULL THEN
        IF public.outstanding_reservation(p_user_id, p_reference) < p_amount THEN
            RETURN;
        END IF;
        UPDATE public.credit_balances
        SET balance = balance - p_amount, reserved = reserved - p_amount,
            lifetime_consumed = lifetime_consumed + p_amount
        WHERE id = current.id RETURNING * INTO changed;
    ELSE
        IF current.balance - current.reserved < p_amount THEN
            RETURN;
        END IF;
        UPDATE public.credit_balances
        SET balance = balance - p_amount, lifetime_consumed = lifetime_consumed + p_amount
        WHERE id = current.id RETURNING * INTO changed;
    END IF;
    RETURN QUERY SELECT * FROM public.log_credit_change(changed, 'consume', p_amount, p_reference, p_description);
END
$$;

-- Releases what is still held under p_reference (at most p_amount when given).
CREATE FUNCTION public.release_credits(p_user_id uuid, p_reference uuid, p_amount bigint, p_description text)
RETURNS SETOF public.credit_transactions
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    current public.credit_balances;
    changed public.credit_balances;
    releasing bigint;
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    SELECT * INTO current FROM public.credit_balances WHERE user_id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    releasing := public.outstanding_reservation(p_user_id, p_reference);
    IF p_amount IS NOT NULL THEN
        releasing := least(releasing, p_amount);
    END IF;
    IF releasing <= 0 THEN
        RETURN;
    END IF;
    UPDATE public.credit_balances SET reserved = reserved - releasing
    WHERE id = current.id RETURNING * INTO changed;
    RETURN QUERY SELECT * FROM public.log_credit_change(changed, 'release', releasing, p_reference, p_description);
END
$$;

-- The tier a user is billed at: their active or trialing subscription's, otherwise free.
CREATE FUNCTION public.user_tier(p_user_id uuid) RETURNS public.subscription_tiers
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$
    SELECT t.* FROM public.subscription_tiers t
    WHERE t.id = coalesce(
        (SELECT s.tier_id FROM public.subscriptions s
         WHERE s.user_id = p_user_id AND s.status IN ('active', 'trialing')),
        (SELECT f.id FROM public.subscription_tiers f WHERE f.slug = 'free'))
$$;

-- Adds the user's tier's monthly credits once per calendar month (UTC); no row when this
-- month's grant already happened. Creates the balance row on first use.
CREATE FUNCTION public.grant_monthly_credits(p_user_id uuid)
RETURNS SETOF public.credit_transactions
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    credits bigint := (public.user_tier(p_user_id)).monthly_credits;
    changed public.credit_balances;
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    INSERT INTO public.credit_balances (user_id) VALUES (p_user_id) ON CONFLICT (user_id) DO NOTHING;
    UPDATE public.credit_balances
    SET balance = balance + credits, lifetime_granted = lifetime_granted + credits, last_grant_at = now()
    WHERE user_id = p_user_id
      AND (last_grant_at IS NULL
           OR date_trunc('month', last_grant_at AT TIME ZONE 'UTC') < date_trunc('month', now() AT TIME ZONE 'UTC'))
    RETURNING * INTO changed;
    IF FOUND AND credits > 0 THEN
        RETURN QUERY SELECT * FROM public.log_credit_change(changed, 'grant', credits, NULL, 'monthly credits');
    END IF;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Quota functions (seed 003): monthly usage against the user's tier's quota.
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION public.quota_period_start() RETURNS timestamptz
LANGUAGE sql STABLE
AS $$
    SELECT date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;

-- The user's tier, the metric's monthly limit (NULL = unlimited) and this month's usage.
CREATE FUNCTION public.quota_status(p_user_id uuid, p_metric text)
RETURNS TABLE (tier text, quota_limit integer, used integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    plan public.subscription_tiers := public.user_tier(p_user_id);
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    RETURN QUERY SELECT plan.slug, (plan.quotas ->> p_metric)::integer,
        coalesce((SELECT u.amount FROM public.usage_records u
                  WHERE u.user_id = p_user_id AND u.metric = p_metric
                    AND u.period_start = public.quota_period_start()), 0);
END
$$;

CREATE FUNCTION public.check_quota(p_user_id uuid, p_metric text) RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT quota_limit IS NULL OR used < quota_limit FROM public.quota_status(p_user_id, p_metric)
$$;

-- Counts p_amount units of use; no row when that would exceed the quota. The conditional
-- upsert makes concurrent increments safe.
CREATE FUNCTION public.increment_quota(p_user_id uuid, p_metric text, p_amount integer)
RETURNS SETOF public.usage_records
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    quota_limit integer := ((public.user_tier(p_user_id)).quotas ->> p_metric)::integer;
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    IF quota_limit IS NOT NULL AND p_amount > quota_limit THEN
        RETURN;
    END IF;
    RETURN QUERY
    INSERT INTO public.usage_records AS u (user_id, metric, period_start, amount)
    VALUES (p_user_id, p_metric, public.quota_period_start(), p_amount)
    ON CONFLICT (user_id, metric, period_start) DO UPDATE SET amount = u.amount + excluded.amount
    WHERE quota_limit IS NULL OR u.amount + excluded.amount <= quota_limit
    RETURNING u.*;
END
$$;

-- Gives back p_amount units (never below zero), e.g. after a failed sync.
CREATE FUNCTION public.decrement_quota(p_user_id uuid, p_metric text, p_amount integer)
RETURNS SETOF public.usage_records
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    RETURN QUERY
    INSERT INTO public.usage_records AS u (user_id, metric, period_start, amount)
    VALUES (p_user_id, p_metric, public.quota_period_start(), 0)
    ON CONFLICT (user_id, metric, period_start) DO UPDATE SET amount = greatest(u.amount - p_amount, 0)
    RETURNING u.*;
END
$$;

-- Internal helpers: only the functions above (running as the owner) call them.
REVOKE EXECUTE ON FUNCTION public.log_credit_change(public.credit_balances, text, bigint, uuid, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION public.user_tier(uuid) FROM PUBLIC;
