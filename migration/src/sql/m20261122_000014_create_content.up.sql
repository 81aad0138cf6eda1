-- Content and discovery (seed 003 StreamVibe): platforms and connected accounts, synced
-- content with full-text search and revisions, categories and tags, anonymous click
-- tracking, trending content and keywords, featured creators and SEO submissions.
-- Platform tokens never enter this database: connections keep a vault reference only.

-- ---------------------------------------------------------------------------------------
-- Lookup tables (public read, seeded here).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.platforms (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug            text        NOT NULL,
    name            text        NOT NULL,
    oauth_supported boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT platforms_pkey PRIMARY KEY (id),
    CONSTRAINT platforms_slug_key UNIQUE (slug)
);
COMMENT ON TABLE public.platforms IS 'Social platforms content is synced from (seed 003 platform).';

CREATE TABLE public.account_statuses (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug        text        NOT NULL,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_statuses_pkey PRIMARY KEY (id),
    CONSTRAINT account_statuses_slug_key UNIQUE (slug)
);
COMMENT ON TABLE public.account_statuses IS 'States a connected social account can be in (seed 003 account_status).';

CREATE TABLE public.content_types (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug       text        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_types_pkey PRIMARY KEY (id),
    CONSTRAINT content_types_slug_key UNIQUE (slug)
);
COMMENT ON TABLE public.content_types IS 'Kinds of synced content (seed 003 content_type).';

CREATE TABLE public.content_categories (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug        text        NOT NULL,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    sort_order  integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_categories_pkey PRIMARY KEY (id),
    CONSTRAINT content_categories_slug_key UNIQUE (slug)
);
COMMENT ON TABLE public.content_categories IS 'Browsable categories of content (seed 003: 15 categories).';
CREATE INDEX content_categories_sort_order_idx ON public.content_categories (sort_order);

CREATE TABLE public.search_engines (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug           text        NOT NULL,
    name           text        NOT NULL,
    submission_url text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT search_engines_pkey PRIMARY KEY (id),
    CONSTRAINT search_engines_slug_key UNIQUE (slug)
);
COMMENT ON TABLE public.search_engines IS 'Search engines content can be submitted to (seed 003 search_engine).';

INSERT INTO public.platforms (slug, name) VALUES
    ('youtube', 'YouTube'), ('instagram', 'Instagram'), ('tiktok', 'TikTok'),
    ('twitch', 'Twitch'), ('facebook', 'Facebook');
INSERT INTO public.account_statuses (slug, name, description) VALUES
    ('active', 'Active', 'Connected and syncing'),
    ('paused', 'Paused', 'Connected; syncing paused by the owner'),
    ('disconnected', 'Disconnected', 'The platform authorization was withdrawn or expired'),
    ('suspended', 'Suspended', 'Suspended by a moderator');
INSERT INTO public.content_types (slug, name) VALUES
    ('video', 'Video'), ('short', 'Short video'), ('livestream', 'Live stream'),
    ('image', 'Image'), ('post', 'Post');
INSERT INTO public.content_categories (slug, name, sort_order) VALUES
    ('gaming', 'Gaming', 1), ('music', 'Music', 2), ('education', 'Education', 3),
    ('entertainment', 'Entertainment', 4), ('technology', 'Technology', 5),
    ('sports', 'Sports', 6), ('news', 'News', 7), ('comedy', 'Comedy', 8),
    ('lifestyle', 'Lifestyle', 9), ('travel', 'Travel', 10), ('food', 'Food', 11),
    ('fitness', 'Fitness', 12), ('beauty', 'Beauty', 13), ('art', 'Art', 14),
    ('science', 'Science', 15);
INSERT INTO public.search_engines (slug, name, submission_url) VALUES
    ('google', 'Google', 'https://www.google.com/ping'),
    ('bing', 'Bing', 'https://www.bing.com/indexnow'),
    ('yandex', 'Yandex', 'https://yandex.com/indexnow'),
    ('baidu', 'Baidu', 'https://data.zz.baidu.com/urls');

-- ---------------------------------------------------------------------------------------
-- Connections and accounts (owner).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.platform_connections (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id           uuid        NOT NULL,
    platform_id       uuid        NOT NULL,
    platform_user_id  text        NOT NULL,
    vault_secret_name text        NOT NULL,
    scopes            text[]      NOT NULL DEFAULT '{}',
    expires_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT platform_connections_pkey PRIMARY KEY (id),
    CONSTRAINT platform_connections_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT platform_connections_platform_id_fkey FOREIGN KEY (platform_id) REFERENCES public.platforms (id),
    CONSTRAINT platform_connections_user_platform_account_key UNIQUE (user_id, platform_id, platform_user_id)
);
COMMENT ON TABLE public.platform_connections IS 'OAuth connections to platforms; the token lives in a vault, named by vault_secret_name.';
CREATE INDEX platform_connections_platform_id_idx ON public.platform_connections (platform_id);
CREATE INDEX platform_connections_created_at_idx ON public.platform_connections (created_at DESC);

CREATE TABLE public.social_accounts (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid        NOT NULL,
    platform_id     uuid        NOT NULL,
    connection_id   uuid,
    status_id       uuid        NOT NULL,
    handle          text        NOT NULL,
    display_name    text,
    profile_url     text,
    followers_count bigint      NOT NULL DEFAULT 0,
    last_synced_at  timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT social_accounts_pkey PRIMARY KEY (id),
    CONSTRAINT social_accounts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT social_accounts_platform_id_fkey FOREIGN KEY (platform_id) REFERENCES public.platforms (id),
    CONSTRAINT social_accounts_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.platform_connections (id) ON DELETE SET NULL,
    CONSTRAINT social_accounts_status_id_fkey FOREIGN KEY (status_id) REFERENCES public.account_statuses (id),
    CONSTRAINT social_accounts_platform_handle_key UNIQUE (platform_id, handle),
    CONSTRAINT social_accounts_handle_length CHECK (char_length(btrim(handle)) BETWEEN 1 AND 100),
    CONSTRAINT social_accounts_followers_nonnegative CHECK (followers_count >= 0)
);
COMMENT ON TABLE public.social_accounts IS 'A creator''s account on one platform; cannot be deleted while it has content.';
CREATE INDEX social_accounts_user_id_idx ON public.social_accounts (user_id);
CREATE INDEX social_accounts_platform_id_idx ON public.social_accounts (platform_id);
CREATE INDEX social_accounts_connection_id_idx ON public.social_accounts (connection_id);
CREATE INDEX social_accounts_status_id_idx ON public.social_accounts (status_id);
CREATE INDEX social_accounts_created_at_idx ON public.social_accounts (created_at DESC);

-- array_to_string is only STABLE (it calls the element type's output function); for text[]
-- it is immutable, which a generated column needs.
CREATE FUNCTION public.tags_to_text(tags text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT array_to_string(tags, ' ')
$$;

-- ---------------------------------------------------------------------------------------
-- content_items: synced content, deduplicated per account and platform id, searchable.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.content_items (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id             uuid        NOT NULL,
    social_account_id   uuid        NOT NULL,
    content_type_id     uuid        NOT NULL,
    category_id         uuid,
    platform_content_id text        NOT NULL,
    title               text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    url                 text        NOT NULL,
    thumbnail_url       text,
    tags                text[]      NOT NULL DEFAULT '{}',
    visibility          text        NOT NULL DEFAULT 'public',
    views_count         bigint      NOT NULL DEFAULT 0,
    likes_count         bigint      NOT NULL DEFAULT 0,
    total_clicks        bigint      NOT NULL DEFAULT 0,
    published_at        timestamptz NOT NULL DEFAULT now(),
    search_vector       tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', public.tags_to_text(tags)), 'B')
        || setweight(to_tsvector('english', coalesce(description, '')), 'C')
    ) STORED,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_items_pkey PRIMARY KEY (id),
    CONSTRAINT content_items_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT content_items_social_account_id_fkey FOREIGN KEY (social_account_id) REFERENCES public.social_accounts (id) ON DELETE RESTRICT,
    CONSTRAINT content_items_content_type_id_fkey FOREIGN KEY (content_type_id) REFERENCES public.content_types (id),
    CONSTRAINT content_items_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.content_categories (id) ON DELETE SET NULL,
    CONSTRAINT content_items_account_platform_content_key UNIQUE (social_account_id, platform_content_id),
    CONSTRAINT content_items_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 500),
    CONSTRAINT content_items_visibility_check CHECK (visibility IN ('public', 'unlisted', 'private')),
    CONSTRAINT content_items_counts_nonnegative CHECK (views_count >= 0 AND likes_count >= 0 AND total_clicks >= 0)
);
COMMENT ON TABLE public.content_items IS 'Synced content; public when visibility is public, owner-only otherwise. Full-text search on search_vector.';
CREATE INDEX content_items_user_id_idx ON public.content_items (user_id);
CREATE INDEX content_items_social_account_id_idx ON public.content_items (social_account_id);
CREATE INDEX content_items_content_type_id_idx ON public.content_items (content_type_id);
CREATE INDEX content_items_category_id_idx ON public.content_items (category_id);
CREATE INDEX content_items_published_at_idx ON public.content_items (published_at DESC);
CREATE INDEX content_items_created_at_idx ON public.content_items (created_at DESC);
CREATE INDEX content_items_total_clicks_idx ON public.content_items (total_clicks DESC);
CREATE INDEX content_items_views_count_idx ON public.content_items (views_count DESC);
CREATE INDEX content_items_search_vector_idx ON public.content_items USING gin (search_vector);
CREATE INDEX content_items_tags_idx ON public.content_items USING gin (tags);

CREATE TRIGGER content_items_set_updated_at
    BEFORE UPDATE ON public.content_items
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('views_count', 'likes_count', 'total_clicks');

-- Seed 003's prevent_account_deletion_with_content(): a clear refusal instead of the
-- foreign key's generic one. SECURITY DEFINER so content the caller cannot see counts too.
CREATE FUNCTION public.social_accounts_prevent_delete_with_content() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.content_items c WHERE c.social_account_id = OLD.id) THEN
        RAISE EXCEPTION 'cannot delete a social account with existing content'
            USING ERRCODE = 'foreign_key_violation',
                  CONSTRAINT = 'social_accounts_without_content',
                  TABLE = 'social_accounts',
                  SCHEMA = 'public';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER social_accounts_prevent_delete_with_content
    BEFORE DELETE ON public.social_accounts
    FOR EACH ROW EXECUTE FUNCTION public.social_accounts_prevent_delete_with_content();

-- ---------------------------------------------------------------------------------------
-- Children of a content item: revisions (kept by trigger), tags, media, clicks.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.content_revisions (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    content_item_id uuid        NOT NULL,
    revision_number integer     NOT NULL,
    title           text        NOT NULL,
    description     text        NOT NULL,
    tags            text[]      NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_revisions_pkey PRIMARY KEY (id),
    CONSTRAINT content_revisions_content_item_id_fkey FOREIGN KEY (content_item_id) REFERENCES public.content_items (id) ON DELETE CASCADE,
    CONSTRAINT content_revisions_item_number_key UNIQUE (content_item_id, revision_number)
);
COMMENT ON TABLE public.content_revisions IS 'Earlier versions of a content item''s text, one row per edit (kept by trigger).';
CREATE INDEX content_revisions_created_at_idx ON public.content_revisions (created_at DESC);

CREATE FUNCTION public.content_items_keep_revision() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF (NEW.title, NEW.description, NEW.tags) IS DISTINCT FROM (OLD.title, OLD.description, OLD.tags) THEN
        INSERT INTO public.content_revisions (content_item_id, revision_number, title, description, tags)
        SELECT OLD.id, coalesce(max(r.revision_number), 0) + 1, OLD.title, OLD.description, OLD.tags
        FROM public.content_revisions r WHERE r.content_item_id = OLD.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER content_items_keep_revision
    AFTER UPDATE ON public.content_items
    FOR EACH ROW EXECUTE FUNCTION public.content_items_keep_revision();

CREATE TABLE public.content_tags (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    content_item_id uuid        NOT NULL,
    tag             text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_tags_pkey PRIMARY KEY (id),
    CONSTRAINT content_tags_content_item_id_fkey FOREIGN KEY (content_item_id) REFERENCES public.content_items (id) ON DELETE CASCADE,
    CONSTRAINT content_tags_item_tag_key UNIQUE (content_item_id, tag),
    CONSTRAINT content_tags_tag_length CHECK (char_length(btrim(tag)) BETWEEN 1 AND 100)
);
COMMENT ON TABLE public.content_tags IS 'Tags of a content item.';
CREATE INDEX content_tags_tag_idx ON public.content_tags (tag);
CREATE INDEX content_tags_created_at_idx ON public.content_tags (created_at DESC);

CREATE TABLE public.content_media (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    content_item_id  uuid        NOT NULL,
    kind             text        NOT NULL,
    url              text        NOT NULL,
    width            integer,
    height           integer,
    duration_seconds integer,
    sort_order       integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_media_pkey PRIMARY KEY (id),
    CONSTRAINT content_media_content_item_id_fkey FOREIGN KEY (content_item_id) REFERENCES public.content_items (id) ON DELETE CASCADE,
    CONSTRAINT content_media_kind_check CHECK (kind IN ('video', 'audio', 'image', 'document'))
);
COMMENT ON TABLE public.content_media IS 'Media files (renditions, thumbnails) of a content item.';
CREATE INDEX content_media_content_item_id_sort_order_idx ON public.content_media (content_item_id, sort_order);
CREATE INDEX content_media_created_at_idx ON public.content_media (created_at DESC);

CREATE TABLE public.content_clicks (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    content_item_id uuid        NOT NULL,
    user_id         uuid,
    client_key      text        NOT NULL,
    referrer        text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_clicks_pkey PRIMARY KEY (id),
    CONSTRAINT content_clicks_content_item_id_fkey FOREIGN KEY (content_item_id) REFERENCES public.content_items (id) ON DELETE CASCADE,
    CONSTRAINT content_clicks_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE SET NULL,
    CONSTRAINT content_clicks_referrer_length CHECK (char_length(referrer) <= 2048)
);
COMMENT ON TABLE public.content_clicks IS 'Clicks on content, anonymous allowed; client_key is a hash of the client address, never the address.';
CREATE INDEX content_clicks_content_item_id_idx ON public.content_clicks (content_item_id);
CREATE INDEX content_clicks_user_id_idx ON public.content_clicks (user_id);
CREATE INDEX content_clicks_client_key_created_at_idx ON public.content_clicks (client_key, created_at DESC);
CREATE INDEX content_clicks_created_at_idx ON public.content_clicks (created_at DESC);

-- Seed 003's increment_content_clicks(), as a trigger so every click counts once.
CREATE FUNCTION public.content_clicks_count() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    UPDATE public.content_items SET total_clicks = total_clicks + 1 WHERE id = NEW.content_item_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER content_clicks_count
    AFTER INSERT ON public.content_clicks
    FOR EACH ROW EXECUTE FUNCTION public.content_clicks_count();

-- Records a click on content the caller can see, at most `per_minute` per client per
-- minute. SECURITY INVOKER: the content_items policy decides visibility; the insert policy
-- lets anyone record a click of their own.
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

-- Clicks by one client in the last minute (the client cannot read clicks, hence DEFINER).
CREATE FUNCTION public.recent_clicks(client text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$
    SELECT count(*) FROM public.content_clicks
    WHERE client_key = client AND created_at > now() - interval '1 minute'
$$;

-- ---------------------------------------------------------------------------------------
-- Discovery (public read, service write).
-- ---------------------------------------------------------------------------------------
-- Seed 003's calculate_trend_score: engagement decaying with age (gravity 1.5), clicks
-- weighing ten times a view.
CREATE FUNCTION public.calculate_trend_score(clicks bigint, views bigint, published timestamptz)
RETURNS double precision
LANGUAGE sql STABLE
AS $$
    SELECT (coalesce(clicks, 0) * 10 + coalesce(views, 0))::double precision
         / power(greatest(extract(epoch FROM now() - coalesce(published, now())) / 3600, 0) + 2, 1.5)
$$;

CREATE TABLE public.trending_content (
    id              uuid             NOT NULL DEFAULT gen_random_uuid(),
    content_item_id uuid             NOT NULL,
    category_id     uuid,
    trend_score     double precision NOT NULL,
    computed_at     timestamptz      NOT NULL DEFAULT now(),
    created_at      timestamptz      NOT NULL DEFAULT now(),
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT trending_content_pkey PRIMARY KEY (id),
    CONSTRAINT trending_content_content_item_id_fkey FOREIGN KEY (content_item_id) REFERENCES public.content_items (id) ON DELETE CASCADE,
    CONSTRAINT trending_content_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.content_categories (id) ON DELETE SET NULL,
    CONSTRAINT trending_content_content_item_id_key UNIQUE (content_item_id)
);
COMMENT ON TABLE public.trending_content IS 'Public content ranked by calculate_trend_score, refreshed by refresh_trending_content().';
CREATE INDEX trending_content_category_id_idx ON public.trending_content (category_id);
CREATE INDEX trending_content_trend_score_idx ON public.trending_content (trend_score DESC);
CREATE INDEX trending_content_created_at_idx ON public.trending_content (created_at DESC);

-- Recomputes the trending list from public content of the last 30 days; returns its size.
CREATE FUNCTION public.refresh_trending_content() RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    kept integer;
BEGIN
    DELETE FROM public.trending_content;
    INSERT INTO public.trending_content (content_item_id, category_id, trend_score)
    SELECT c.id, c.category_id, public.calculate_trend_score(c.total_clicks, c.views_count, c.published_at)
    FROM public.content_items c
    WHERE c.visibility = 'public' AND c.published_at > now() - interval '30 days'
    ORDER BY 3 DESC
    LIMIT 500;
    GET DIAGNOSTICS kept = ROW_COUNT;
    RETURN kept;
END
$$;
REVOKE ALL ON FUNCTION public.refresh_trending_content() FROM PUBLIC;

CREATE TABLE public.featured_creators (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id        uuid        NOT NULL,
    headline       text        NOT NULL DEFAULT '',
    sort_order     integer     NOT NULL DEFAULT 0,
    featured_until timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT featured_creators_pkey PRIMARY KEY (id),
    CONSTRAINT featured_creators_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT featured_creators_user_id_key UNIQUE (user_id)
);
COMMENT ON TABLE public.featured_creators IS 'Creators promoted on the discovery pages.';
CREATE INDEX featured_creators_sort_order_idx ON public.featured_creators (sort_order);
CREATE INDEX featured_creators_created_at_idx ON public.featured_creators (created_at DESC);

CREATE TABLE public.trending_keywords (
    id           uuid             NOT NULL DEFAULT gen_random_uuid(),
    keyword      text             NOT NULL,
    category_id  uuid,
    search_count bigint           NOT NULL DEFAULT 0,
    trend_score  double precision NOT NULL DEFAULT 0,
    created_at   timestamptz      NOT NULL DEFAULT now(),
    updated_at   timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT trending_keywords_pkey PRIMARY KEY (id),
    CONSTRAINT trending_keywords_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.content_categories (id) ON DELETE SET NULL,
    CONSTRAINT trending_keywords_keyword_key UNIQUE (keyword)
);
COMMENT ON TABLE public.trending_keywords IS 'Search keywords gaining popularity.';
CREATE INDEX trending_keywords_category_id_idx ON public.trending_keywords (category_id);
CREATE INDEX trending_keywords_search_count_idx ON public.trending_keywords (search_count DESC);
CREATE INDEX trending_keywords_trend_score_idx ON public.trending_keywords (trend_score DESC);

-- ---------------------------------------------------------------------------------------
-- SEO (owner).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.seo_connections (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id           uuid        NOT NULL,
    search_engine_id  uuid        NOT NULL,
    site_url          text        NOT NULL,
    vault_secret_name text,
    verified_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT seo_connections_pkey PRIMARY KEY (id),
    CONSTRAINT seo_connections_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT seo_connections_search_engine_id_fkey FOREIGN KEY (search_engine_id) REFERENCES public.search_engines (id),
    CONSTRAINT seo_connections_user_engine_site_key UNIQUE (user_id, search_engine_id, site_url)
);
COMMENT ON TABLE public.seo_connections IS 'A site verified with a search engine; credentials by vault reference only.';
CREATE INDEX seo_connections_search_engine_id_idx ON public.seo_connections (search_engine_id);
CREATE INDEX seo_connections_created_at_idx ON public.seo_connections (created_at DESC);

CREATE TABLE public.seo_submissions (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid        NOT NULL,
    connection_id   uuid        NOT NULL,
    content_item_id uuid,
    submitted_url   text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    response        jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT seo_submissions_pkey PRIMARY KEY (id),
    CONSTRAINT seo_submissions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT seo_submissions_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.seo_connections (id) ON DELETE CASCADE,
    CONSTRAINT seo_submissions_content_item_id_fkey FOREIGN KEY (content_item_id) REFERENCES public.content_items (id) ON DELETE SET NULL,
    CONSTRAINT seo_submissions_status_check CHECK (status IN ('pending', 'submitted', 'indexed', 'failed'))
);
COMMENT ON TABLE public.seo_submissions IS 'URLs submitted to a search engine and the outcome.';
CREATE INDEX seo_submissions_user_id_idx ON public.seo_submissions (user_id);
CREATE INDEX seo_submissions_connection_id_idx ON public.seo_submissions (connection_id);
CREATE INDEX seo_submissions_content_item_id_idx ON public.seo_submissions (content_item_id);
CREATE INDEX seo_submissions_created_at_idx ON public.seo_submissions (created_at DESC);

CREATE TABLE public.seo_usage (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id           uuid        NOT NULL,
    period_start      timestamptz NOT NULL,
    submissions_count integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT seo_usage_pkey PRIMARY KEY (id),
    CONSTRAINT seo_usage_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT seo_usage_user_period_key UNIQUE (user_id, period_start),
    CONSTRAINT seo_usage_count_nonnegative CHECK (submissions_count >= 0)
);
COMMENT ON TABLE public.seo_usage IS 'SEO submissions per user and billing period (quota accounting).';
CREATE INDEX seo_usage_period_start_idx ON public.seo_usage (period_start DESC);

-- ---------------------------------------------------------------------------------------
-- Grants and row-level security.
-- ---------------------------------------------------------------------------------------
GRANT ALL ON public.platforms, public.account_statuses, public.content_types, public.content_categories,
    public.search_engines, public.platform_connections, public.social_accounts, public.content_items,
    public.content_revisions, public.content_tags, public.content_media, public.content_clicks,
    public.trending_content, public.featured_creators, public.trending_keywords, public.seo_connections,
    public.seo_submissions, public.seo_usage
    TO service_role;
-- anon may SELECT everything so that row-level security answers "no rows" rather than a
-- permission error.
GRANT SELECT ON public.platforms, public.account_statuses, public.content_types, public.content_categories,
    public.search_engines, public.platform_connections, public.social_accounts, public.content_items,
    public.content_revisions, public.content_tags, public.content_media, public.content_clicks,
    public.trending_content, public.featured_creators, public.trending_keywords, public.seo_connections,
    public.seo_submissions, public.seo_usage
    TO anon, authenticated;

GRANT INSERT (id, user_id, platform_id, platform_user_id, vault_secret_name, scopes, expires_at),
    UPDATE (vault_secret_name, scopes, expires_at), DELETE ON public.platform_connections TO authenticated;
GRANT INSERT (id, user_id, platform_id, connection_id, status_id, handle, display_name, profile_url),
    UPDATE (connection_id, status_id, display_name, profile_url), DELETE ON public.social_accounts TO authenticated;
GRANT INSERT (id, user_id, social_account_id, content_type_id, category_id, platform_content_id, title,
              description, url, thumbnail_url, tags, visibility, views_count, likes_count, published_at),
    UPDATE (category_id, title, description, url, thumbnail_url, tags, visibility, views_count, likes_count),
    DELETE ON public.content_items TO authenticated;
GRANT INSERT (id, content_item_id, tag), DELETE ON public.content_tags TO authenticated;
GRANT INSERT (id, content_item_id, kind, url, width, height, duration_seconds, sort_order),
    UPDATE (url, width, height, duration_seconds, sort_order), DELETE ON public.content_media TO authenticated;
GRANT INSERT (content_item_id, user_id, client_key, referrer) ON public.content_clicks TO anon, authenticated;
GRANT EXECUTE ON FUNCTION public.track_content_click(uuid, text, text, integer) TO anon, authenticated;
GRANT INSERT (id, user_id, search_engine_id, site_url, vault_secret_name),
    UPDATE (site_url, vault_secret_name), DELETE ON public.seo_connections TO authenticated;
GRANT INSERT (id, user_id, connection_id, content_item_id, submitted_url) ON public.seo_submissions TO authenticated;

ALTER TABLE public.platforms ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.account_statuses ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.content_types ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.content_categories ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.search_engines ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.platform_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.social_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.content_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.content_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.content_tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.content_media ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.content_clicks ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.trending_content ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.featured_creators ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.trending_keywords ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.seo_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.seo_submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.seo_usage ENABLE ROW LEVEL SECURITY;

-- Lookups and discovery lists: public read.
CREATE POLICY platforms_select_public ON public.platforms FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY account_statuses_select_public ON public.account_statuses FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY content_types_select_public ON public.content_types FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY content_categories_select_public ON public.content_categories FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY search_engines_select_public ON public.search_engines FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY trending_content_select_public ON public.trending_content FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY featured_creators_select_public ON public.featured_creators FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY trending_keywords_select_public ON public.trending_keywords FOR SELECT TO anon, authenticated USING (true);

-- Owner tables.
CREATE POLICY platform_connections_all_own ON public.platform_connections
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY social_accounts_all_own ON public.social_accounts
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY seo_connections_all_own ON public.seo_connections
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY seo_submissions_select_own ON public.seo_submissions
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY seo_submissions_insert_own ON public.seo_submissions
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = user_id
        AND EXISTS (SELECT 1 FROM public.seo_connections s WHERE s.id = seo_submissions.connection_id));
CREATE POLICY seo_usage_select_own ON public.seo_usage
    FOR SELECT TO authenticated USING (auth.uid() = user_id);

-- content_items: public ones for everybody, the rest for the owner, who writes them onto
-- an account of their own.
CREATE POLICY content_items_select_public_or_own ON public.content_items
    FOR SELECT TO anon, authenticated USING (visibility = 'public' OR auth.uid() = user_id);
CREATE POLICY content_items_insert_own ON public.content_items
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = user_id
        AND EXISTS (SELECT 1 FROM public.social_accounts a WHERE a.id = content_items.social_account_id));
CREATE POLICY content_items_update_own ON public.content_items
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY content_items_delete_own ON public.content_items
    FOR DELETE TO authenticated USING (auth.uid() = user_id);

-- Children: visible with their item, written by the item's owner.
CREATE POLICY content_revisions_select_own ON public.content_revisions
    FOR SELECT TO authenticated USING (
        EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_revisions.content_item_id AND c.user_id = auth.uid()));
CREATE POLICY content_tags_select_visible ON public.content_tags
    FOR SELECT TO anon, authenticated USING (
        EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_tags.content_item_id));
CREATE POLICY content_tags_write_own ON public.content_tags
    FOR ALL TO authenticated
    USING (EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_tags.content_item_id AND c.user_id = auth.uid()))
    WITH CHECK (EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_tags.content_item_id AND c.user_id = auth.uid()));
CREATE POLICY content_media_select_visible ON public.content_media
    FOR SELECT TO anon, authenticated USING (
        EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_media.content_item_id));
CREATE POLICY content_media_write_own ON public.content_media
    FOR ALL TO authenticated
    USING (EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_media.content_item_id AND c.user_id = auth.uid()))
    WITH CHECK (EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_media.content_item_id AND c.user_id = auth.uid()));

-- content_clicks: anyone records a click as themselves (or anonymously) on visible
-- content; only the content's owner reads them.
CREATE POLICY content_clicks_insert_any ON public.content_clicks
    FOR INSERT TO anon, authenticated WITH CHECK (
        user_id IS NOT DISTINCT FROM auth.uid()
        AND EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_clicks.content_item_id));
CREATE POLICY content_clicks_select_content_owner ON public.content_clicks
    FOR SELECT TO authenticated USING (
        EXISTS (SELECT 1 FROM public.content_items c WHERE c.id = content_clicks.content_item_id AND c.user_id = auth.uid()));
