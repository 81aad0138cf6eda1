-- Marketplace and customization (seed 000): items sold by creators, purchases (one per
-- buyer and item), reviews by buyers with rating aggregates, themes and dashboard widgets.

CREATE TABLE public.marketplace_items (
    id              uuid          NOT NULL DEFAULT gen_random_uuid(),
    seller_id       uuid          NOT NULL,
    kind            text          NOT NULL,
    title           text          NOT NULL,
    description     text          NOT NULL DEFAULT '',
    price           numeric(12,2) NOT NULL DEFAULT 0,
    currency        text          NOT NULL DEFAULT 'USD',
    tags            text[]        NOT NULL DEFAULT '{}',
    is_published    boolean       NOT NULL DEFAULT false,
    rating_average  numeric(3,2),
    rating_count    integer       NOT NULL DEFAULT 0,
    purchases_count integer       NOT NULL DEFAULT 0,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT marketplace_items_pkey PRIMARY KEY (id),
    CONSTRAINT marketplace_items_seller_id_fkey FOREIGN KEY (seller_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT marketplace_items_kind_check CHECK (kind IN ('bot', 'theme', 'widget', 'automation')),
    CONSTRAINT marketplace_items_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    CONSTRAINT marketplace_items_price_nonnegative CHECK (price >= 0),
    CONSTRAINT marketplace_items_currency_format CHECK (currency ~ '^[A-Z]{3}$')
);
COMMENT ON TABLE public.marketplace_items IS 'Bots, themes, widgets and automations for sale; public when published.';
CREATE INDEX marketplace_items_seller_id_idx ON public.marketplace_items (seller_id);
CREATE INDEX marketplace_items_kind_published_idx ON public.marketplace_items (kind, is_published);
CREATE INDEX marketplace_items_created_at_idx ON public.marketplace_items (created_at DESC);
CREATE INDEX marketplace_items_purchases_count_idx ON public.marketplace_items (purchases_count DESC);
CREATE INDEX marketplace_items_rating_count_idx ON public.marketplace_items (rating_count DESC);
CREATE INDEX marketplace_items_title_trgm_idx ON public.marketplace_items USING gin (title gin_trgm_ops);
CREATE TRIGGER marketplace_items_set_updated_at
    BEFORE UPDATE ON public.marketplace_items
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('rating_average', 'rating_count', 'purchases_count');

CREATE TABLE public.marketplace_purchases (
    id         uuid          NOT NULL DEFAULT gen_random_uuid(),
    buyer_id   uuid          NOT NULL,
    item_id    uuid          NOT NULL,
    price_paid numeric(12,2) NOT NULL,
    currency   text          NOT NULL,
    created_at timestamptz   NOT NULL DEFAULT now(),
    updated_at timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT marketplace_purchases_pkey PRIMARY KEY (id),
    CONSTRAINT marketplace_purchases_buyer_id_fkey FOREIGN KEY (buyer_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT marketplace_purchases_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.marketplace_items (id) ON DELETE RESTRICT,
    CONSTRAINT marketplace_purchases_buyer_item_key UNIQUE (buyer_id, item_id)
);
COMMENT ON TABLE public.marketplace_purchases IS 'Who bought what, at which price; one purchase per buyer and item.';
CREATE INDEX marketplace_purchases_item_id_idx ON public.marketplace_purchases (item_id);
CREATE INDEX marketplace_purchases_created_at_idx ON public.marketplace_purchases (created_at DESC);

-- Buys a published item of someone else at its current price, atomically: the unique key
-- refuses a second purchase even under concurrency. Runs as the caller.
CREATE FUNCTION public.purchase_marketplace_item(item uuid) RETURNS SETOF public.marketplace_purchases
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

CREATE FUNCTION public.marketplace_purchases_count() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    UPDATE public.marketplace_items SET purchases_count = purchases_count + 1 WHERE id = NEW.item_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER marketplace_purchases_count
    AFTER INSERT ON public.marketplace_purchases
    FOR EACH ROW EXECUTE FUNCTION public.marketplace_purchases_count();

CREATE TABLE public.marketplace_reviews (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    item_id     uuid        NOT NULL,
    reviewer_id uuid        NOT NULL,
    rating      integer     NOT NULL,
    comment     text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT marketplace_reviews_pkey PRIMARY KEY (id),
    CONSTRAINT marketplace_reviews_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.marketplace_items (id) ON DELETE CASCADE,
    CONSTRAINT marketplace_reviews_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT marketplace_reviews_item_reviewer_key UNIQUE (item_id, reviewer_id),
    CONSTRAINT marketplace_reviews_rating_range CHECK (rating BETWEEN 1 AND 5),
    CONSTRAINT marketplace_reviews_comment_length CHECK (char_length(comment) <= 5000)
);
COMMENT ON TABLE public.marketplace_reviews IS 'Ratings (1-5) and comments by buyers; public read.';
CREATE INDEX marketplace_reviews_reviewer_id_idx ON public.marketplace_reviews (reviewer_id);
CREATE INDEX marketplace_reviews_created_at_idx ON public.marketplace_reviews (created_at DESC);
CREATE TRIGGER marketplace_reviews_set_updated_at
    BEFORE UPDATE ON public.marketplace_reviews
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Keeps an item's rating_average and rating_count equal to its reviews.
CREATE FUNCTION public.marketplace_reviews_aggregate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    target uuid := coalesce(NEW.item_id, OLD.item_id);
BEGIN
    UPDATE public.marketplace_items i
    SET rating_count = s.n, rating_average = s.average
    FROM (SELECT count(*)::integer AS n, round(avg(rating), 2) AS average
          FROM public.marketplace_reviews WHERE item_id = target) s
    WHERE i.id = target;
    RETURN NULL;
END
$$;
CREATE TRIGGER marketplace_reviews_aggregate
    AFTER INSERT OR UPDATE OF rating OR DELETE ON public.marketplace_reviews
    FOR EACH ROW EXECUTE FUNCTION public.marketplace_reviews_aggregate();

CREATE TABLE public.themes (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    name       text        NOT NULL,
    colors     jsonb       NOT NULL DEFAULT '{}',
    is_public  boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT themes_pkey PRIMARY KEY (id),
    CONSTRAINT themes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT themes_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
    CONSTRAINT themes_colors_is_object CHECK (jsonb_typeof(colors) = 'object')
);
COMMENT ON TABLE public.themes IS 'Color schemes; public ones are readable by everyone.';
CREATE INDEX themes_user_id_idx ON public.themes (user_id);
CREATE INDEX themes_created_at_idx ON public.themes (created_at DESC);
CREATE TRIGGER themes_set_updated_at BEFORE UPDATE ON public.themes
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.user_widgets (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL,
    widget_type text        NOT NULL,
    layout      jsonb       NOT NULL DEFAULT '{}',
    config      jsonb       NOT NULL DEFAULT '{}',
    sort_order  integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_widgets_pkey PRIMARY KEY (id),
    CONSTRAINT user_widgets_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT user_widgets_widget_type_length CHECK (char_length(btrim(widget_type)) BETWEEN 1 AND 100),
    CONSTRAINT user_widgets_layout_is_object CHECK (jsonb_typeof(layout) = 'object'),
    CONSTRAINT user_widgets_config_is_object CHECK (jsonb_typeof(config) = 'object')
);
COMMENT ON TABLE public.user_widgets IS 'A user''s dashboard widgets: position and configuration.';
CREATE INDEX user_widgets_user_id_sort_order_idx ON public.user_widgets (user_id, sort_order);
CREATE INDEX user_widgets_created_at_idx ON public.user_widgets (created_at DESC);
CREATE TRIGGER user_widgets_set_updated_at BEFORE UPDATE ON public.user_widgets
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

GRANT ALL ON public.marketplace_items, public.marketplace_purchases, public.marketplace_reviews,
    public.themes, public.user_widgets TO service_role;
GRANT SELECT ON public.marketplace_items, public.marketplace_purchases, public.marketplace_reviews,
    public.themes, public.user_widgets TO anon, authenticated;
GRANT INSERT (id, seller_id, kind, title, description, price, currency, tags, is_published),
    UPDATE (title, description, price, currency, tags, is_published), DELETE
    ON public.marketplace_items TO authenticated;
GRANT INSERT (id, buyer_id, item_id, price_paid, currency) ON public.marketplace_purchases TO authenticated;
GRANT INSERT (id, item_id, reviewer_id, rating, comment), UPDATE (rating, comment), DELETE
    ON public.marketplace_reviews TO authenticated;
GRANT INSERT (id, user_id, name, colors, is_public), UPDATE (name, colors, is_public), DELETE
    ON public.themes TO authenticated;
GRANT INSERT (id, user_id, widget_type, layout, config, sort_order), UPDATE (layout, config, sort_order), DELETE
    ON public.user_widgets TO authenticated;

ALTER TABLE public.marketplace_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.marketplace_purchases ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.marketplace_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.themes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.user_widgets ENABLE ROW LEVEL SECURITY;

CREATE POLICY marketplace_items_select_published_or_own ON public.marketplace_items
    FOR SELECT TO anon, authenticated USING (is_published OR auth.uid() = seller_id);
CREATE POLICY marketplace_items_write_own ON public.marketplace_items
    FOR ALL TO authenticated USING (auth.uid() = seller_id) WITH CHECK (auth.uid() = seller_id);

-- Buyers see their purchases, sellers the purchases of their items.
CREATE POLICY marketplace_purchases_select_buyer_or_seller ON public.marketplace_purchases
    FOR SELECT TO authenticated USING (
        auth.uid() = buyer_id
        OR EXISTS (SELECT 1 FROM public.marketplace_items i
                   WHERE i.id = marketplace_purchases.item_id AND i.seller_id = auth.uid()));
CREATE POLICY marketplace_purchases_insert_own ON public.marketplace_purchases
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = buyer_id);

-- Reviews: public read; only buyers of the item write one.
CREATE POLICY marketplace_reviews_select_public ON public.marketplace_reviews
    FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY marketplace_reviews_insert_buyer ON public.marketplace_reviews
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = reviewer_id
        AND EXISTS (SELECT 1 FROM public.marketplace_purchases p
                    WHERE p.item_id = marketplace_reviews.item_id AND p.buyer_id = auth.uid()));
CREATE POLICY marketplace_reviews_update_own ON public.marketplace_reviews
    FOR UPDATE TO authenticated USING (auth.uid() = reviewer_id) WITH CHECK (auth.uid() = reviewer_id);
CREATE POLICY marketplace_reviews_delete_own ON public.marketplace_reviews
    FOR DELETE TO authenticated USING (auth.uid() = reviewer_id);

CREATE POLICY themes_select_public_or_own ON public.themes
    FOR SELECT TO anon, authenticated USING (is_public OR auth.uid() = user_id);
CREATE POLICY themes_write_own ON public.themes
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY user_widgets_all_own ON public.user_widgets
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
