-- Undo the content and marketplace rules: 000015's purchase function comes back.
CREATE OR REPLACE FUNCTION public.purchase_marketplace_item(item uuid) RETURNS SETOF public.marketplace_purchases
LANGUAGE plpgsql
AS $$
DECLARE
    listed public.marketplace_items%ROWTYPE;
BEGIN
    SELECT * INTO listed FROM public.marketplace_items i WHERE i.id = item AND i.is_published FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such item for sale' USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = 'marketplace_purchases_item_id_fkey', TABLE = 'marketplace_purchases', SCHEMA = 'public';
    END IF;
    IF listed.seller_id = auth.uid() THEN
        RAISE EXCEPTION 'sellers cannot buy their own items' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'marketplace_purchases_not_own_item', TABLE = 'marketplace_purchases', SCHEMA = 'public';
    END IF;
    RETURN QUERY INSERT INTO public.marketplace_purchases (buyer_id, item_id, price_paid, currency)
        VALUES (auth.uid(), item, listed.price, listed.currency) RETURNING *;
END
$$;
DROP TRIGGER seo_submissions_count_usage ON public.seo_submissions;
DROP FUNCTION public.seo_submissions_count_usage();
DROP FUNCTION public.submit_seo_url(uuid, text, uuid);
REVOKE EXECUTE ON FUNCTION public.refresh_trending_content() FROM service_role;
DROP FUNCTION public.count_search_keyword(text);
DROP FUNCTION public.track_content_click(uuid, text, text, integer);
CREATE FUNCTION public.track_content_click(item uuid, client text, referrer text, per_minute integer)
RETURNS SETOF public.content_clicks
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = item) THEN
        RAISE EXCEPTION 'no such content' USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = 'content_clicks_content_item_id_fkey', TABLE = 'content_clicks', SCHEMA = 'public';
    END IF;
    IF public.recent_clicks(client) >= per_minute THEN
        RAISE EXCEPTION 'too many clicks from this client' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'content_clicks_rate_limit', TABLE = 'content_clicks', SCHEMA = 'public';
    END IF;
    RETURN QUERY INSERT INTO public.content_clicks (content_item_id, user_id, client_key, referrer)
        VALUES (item, auth.uid(), client, referrer) RETURNING *;
END
$$;
GRANT EXECUTE ON FUNCTION public.track_content_click(uuid, text, text, integer) TO anon, authenticated;
DROP TRIGGER content_items_sync_tags ON public.content_items;
DROP FUNCTION public.content_items_sync_tags();
REVOKE UPDATE (followers_count, last_synced_at) ON public.social_accounts FROM authenticated;
ALTER TABLE public.seo_submissions DROP CONSTRAINT seo_submissions_submitted_url_format;
ALTER TABLE public.seo_connections DROP CONSTRAINT seo_connections_site_url_format;
ALTER TABLE public.seo_connections DROP CONSTRAINT seo_connections_vault_secret_name_format;
ALTER TABLE public.platform_connections DROP CONSTRAINT platform_connections_vault_secret_name_format;
