-- Business rules of content, marketplace and SEO (issue #6): tags kept as rows, search
-- keyword counting, SEO submissions within the tier's quota, and marketplace purchases
-- paid with credits. Everything here runs inside the caller's request transaction.

-- ---------------------------------------------------------------------------------------
-- Vault references: connections name a secret, they never hold one. A name is short and
-- plain; a pasted token (long, with `=`/`+` or spaces) does not fit.
-- ---------------------------------------------------------------------------------------
ALTER TABLE public.platform_connections
    ADD CONSTRAINT platform_connections_vault_secret_name_format
    CHECK (vault_secret_name ~ '^[A-Za-z0-9_./:-]{1,120}$');
ALTER TABLE public.seo_connections
    ADD CONSTRAINT seo_connections_vault_secret_name_format
    CHECK (vault_secret_name ~ '^[A-Za-z0-9_./:-]{1,120}$');
ALTER TABLE public.seo_connections
    ADD CONSTRAINT seo_connections_site_url_format
    CHECK (site_url ~ '^https?://[^[:space:]]+$' AND char_length(site_url) <= 2048);
ALTER TABLE public.seo_submissions
    ADD CONSTRAINT seo_submissions_submitted_url_format
    CHECK (submitted_url ~ '^https?://[^[:space:]]+$' AND char_length(submitted_url) <= 2048);

-- A sync refreshes the account's follower count and last sync time.
GRANT UPDATE (followers_count, last_synced_at) ON public.social_accounts TO authenticated;

-- ---------------------------------------------------------------------------------------
-- content_tags mirror content_items.tags (the array feeds the search vector; the rows feed
-- tag browsing). DEFINER: the rows follow the item whoever changes it.
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION public.content_items_sync_tags() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    DELETE FROM public.content_tags t
    WHERE t.content_item_id = NEW.id AND NOT (t.tag = ANY (NEW.tags));
    INSERT INTO public.content_tags (content_item_id, tag)
    SELECT DISTINCT NEW.id, tag FROM unnest(NEW.tags) AS tag
    ON CONFLICT (content_item_id, tag) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER content_items_sync_tags
    AFTER INSERT OR UPDATE OF tags ON public.content_items
    FOR EACH ROW EXECUTE FUNCTION public.content_items_sync_tags();

-- ---------------------------------------------------------------------------------------
-- Clicks: 000014's track_content_click returned the click row, which only the content's
-- owner may read, so RETURNING refused every other clicker. This version returns nothing
-- and serialises one client's clicks (advisory lock on the client key) so that concurrent
-- clicks cannot slip past the per-minute limit.
-- ---------------------------------------------------------------------------------------
DROP FUNCTION public.track_content_click(uuid, text, text, integer);
CREATE FUNCTION public.track_content_click(item uuid, client text, referrer text, per_minute integer)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = item) THEN
        RAISE EXCEPTION 'no such content' USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = 'content_clicks_content_item_id_fkey', TABLE = 'content_clicks', SCHEMA = 'public';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('content_clicks:' || client, 0));
    IF public.recent_clicks(client) >= per_minute THEN
        RAISE EXCEPTION 'too many clicks from this client' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'content_clicks_rate_limit', TABLE = 'content_clicks', SCHEMA = 'public';
    END IF;
    INSERT INTO public.content_clicks (content_item_id, user_id, client_key, referrer)
        VALUES (item, auth.uid(), client, referrer);
END
$$;
GRANT EXECUTE ON FUNCTION public.track_content_click(uuid, text, text, integer) TO anon, authenticated;

-- ---------------------------------------------------------------------------------------
-- Trending keywords: every content search counts its (normalised) text. trend_score is an
-- exponentially decaying count (time constant one day), so recent searches weigh more.
-- DEFINER: searchers may not write the public list themselves.
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION public.count_search_keyword(p_keyword text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = public
AS $$
    INSERT INTO public.trending_keywords AS k (keyword, search_count, trend_score)
    VALUES (p_keyword, 1, 1)
    ON CONFLICT (keyword) DO UPDATE
    SET search_count = k.search_count + 1,
        trend_score = k.trend_score * exp(-extract(epoch FROM now() - k.updated_at) / 86400.0) + 1,
        updated_at = now()
$$;
REVOKE EXECUTE ON FUNCTION public.count_search_keyword(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.count_search_keyword(text) TO anon, authenticated, service_role;

-- The trending list is recomputed by the service (a scheduler or an operator).
GRANT EXECUTE ON FUNCTION public.refresh_trending_content() TO service_role;

-- ---------------------------------------------------------------------------------------
-- SEO submissions count against the tier's monthly `seo_submissions` quota (billing's
-- increment_quota); seo_usage keeps the per-period count.
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION public.submit_seo_url(p_connection uuid, p_url text, p_content_item uuid)
RETURNS SETOF public.seo_submissions
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.seo_connections c WHERE c.id = p_connection) THEN
        RAISE EXCEPTION 'no such SEO connection' USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = 'seo_submissions_connection_id_fkey', TABLE = 'seo_submissions', SCHEMA = 'public';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.increment_quota(auth.uid(), 'seo_submissions', 1)) THEN
        RAISE EXCEPTION 'the monthly SEO submission quota is used up' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'seo_submissions_within_quota', TABLE = 'seo_submissions', SCHEMA = 'public';
    END IF;
    RETURN QUERY INSERT INTO public.seo_submissions (user_id, connection_id, content_item_id, submitted_url)
        VALUES (auth.uid(), p_connection, p_content_item, p_url) RETURNING *;
END
$$;

CREATE FUNCTION public.seo_submissions_count_usage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    INSERT INTO public.seo_usage AS u (user_id, period_start, submissions_count)
    VALUES (NEW.user_id, public.quota_period_start(), 1)
    ON CONFLICT (user_id, period_start) DO UPDATE
    SET submissions_count = u.submissions_count + 1, updated_at = now();
    RETURN NULL;
END
$$;
CREATE TRIGGER seo_submissions_count_usage
    AFTER INSERT ON public.seo_submissions
    FOR EACH ROW EXECUTE FUNCTION public.seo_submissions_count_usage();

-- ---------------------------------------------------------------------------------------
-- Marketplace purchases are paid with credits: ceil(price) credits (one credit per unit
-- of the listed price), reserved and consumed through billing's credit functions with the
-- purchase as reference. The purchase row comes first, so a second purchase fails on the unique key
-- before anything is charged; a charge that fails raises, undoing the purchase.
-- Replaces 000015's version, whose FOR SHARE lock needed the seller's UPDATE policy and so
-- refused every buyer.
-- ---------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION public.purchase_marketplace_item(item uuid) RETURNS SETOF public.marketplace_purchases
LANGUAGE plpgsql
AS $$
DECLARE
    listed public.marketplace_items%ROWTYPE;
    bought public.marketplace_purchases%ROWTYPE;
    cost bigint;
BEGIN
    SELECT * INTO listed FROM public.marketplace_items i WHERE i.id = item AND i.is_published;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such item for sale' USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = 'marketplace_purchases_item_for_sale', TABLE = 'marketplace_purchases', SCHEMA = 'public';
    END IF;
    IF listed.seller_id = auth.uid() THEN
        RAISE EXCEPTION 'sellers cannot buy their own items' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'marketplace_purchases_not_own_item', TABLE = 'marketplace_purchases', SCHEMA = 'public';
    END IF;
    INSERT INTO public.marketplace_purchases (buyer_id, item_id, price_paid, currency)
        VALUES (auth.uid(), item, listed.price, listed.currency) RETURNING * INTO bought;
    cost := ceil(listed.price)::bigint;
    IF cost > 0 THEN
        -- Reserve, then consume the reservation: both ledger rows name the purchase.
        IF NOT EXISTS (
            SELECT 1 FROM public.reserve_credits(auth.uid(), cost, bought.id, 'marketplace: ' || listed.title)
        ) THEN
            RAISE EXCEPTION 'not enough credits for this item' USING ERRCODE = 'check_violation',
                CONSTRAINT = 'marketplace_purchases_enough_credits', TABLE = 'marketplace_purchases', SCHEMA = 'public';
        END IF;
        PERFORM public.consume_credits(auth.uid(), cost, bought.id, 'marketplace: ' || listed.title);
    END IF;
    RETURN NEXT bought;
END
$$;
