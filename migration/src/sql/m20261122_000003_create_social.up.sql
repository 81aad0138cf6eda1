-- Social: posts, creations, threaded comments, likes, the follow graph and media assets.
-- Every person reference points at profiles(id). Counters are kept by triggers below.

-- ---------------------------------------------------------------------------------------
-- posts: short text/media updates (seed 000).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.posts (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    author_id      uuid        NOT NULL,
    body           text        NOT NULL DEFAULT '',
    media_urls     text[]      NOT NULL DEFAULT '{}',
    visibility     text        NOT NULL DEFAULT 'public',
    likes_count    integer     NOT NULL DEFAULT 0,
    comments_count integer     NOT NULL DEFAULT 0,
    shares_count   integer     NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT posts_pkey PRIMARY KEY (id),
    CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT posts_body_length CHECK (char_length(body) <= 10000),
    CONSTRAINT posts_not_empty CHECK (char_length(btrim(body)) > 0 OR cardinality(media_urls) > 0),
    CONSTRAINT posts_media_urls_limit CHECK (cardinality(media_urls) <= 20),
    CONSTRAINT posts_visibility_check CHECK (visibility IN ('public', 'followers', 'private'))
);
COMMENT ON TABLE public.posts IS 'Posts: text and media shared with everyone, followers, or nobody else.';

CREATE INDEX posts_author_id_created_at_idx ON public.posts (author_id, created_at DESC);
CREATE INDEX posts_created_at_idx ON public.posts (created_at DESC);

CREATE TRIGGER posts_set_updated_at
    BEFORE UPDATE ON public.posts
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('likes_count', 'comments_count', 'shares_count');

-- ---------------------------------------------------------------------------------------
-- creations: user-generated images, music, video and text (seed 004).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.creations (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id           uuid        NOT NULL,
    title             text        NOT NULL,
    description       text,
    type              text        NOT NULL,
    file_url          text,
    thumbnail_url     text,
    file_size         bigint,
    file_format       text,
    ai_tool           text,
    prompt            text,
    model             text,
    generation_params jsonb       NOT NULL DEFAULT '{}',
    seed              bigint,
    metadata          jsonb       NOT NULL DEFAULT '{}',
    status            text        NOT NULL DEFAULT 'draft',
    is_public         boolean     NOT NULL DEFAULT true,
    is_featured       boolean     NOT NULL DEFAULT false,
    is_nsfw           boolean     NOT NULL DEFAULT false,
    license           text,
    allow_remix       boolean     NOT NULL DEFAULT false,
    allow_commercial  boolean     NOT NULL DEFAULT false,
    tags              text[]      NOT NULL DEFAULT '{}',
    categories        text[]      NOT NULL DEFAULT '{}',
    views_count       integer     NOT NULL DEFAULT 0,
    likes_count       integer     NOT NULL DEFAULT 0,
    comments_count    integer     NOT NULL DEFAULT 0,
    remixes_count     integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    published_at      timestamptz,
    CONSTRAINT creations_pkey PRIMARY KEY (id),
    CONSTRAINT creations_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT creations_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    CONSTRAINT creations_type_check CHECK (type IN ('image', 'music', 'video', 'text', 'multimodal')),
    CONSTRAINT creations_status_check CHECK (status IN ('draft', 'processing', 'published', 'archived')),
    CONSTRAINT creations_file_size_nonnegative CHECK (file_size >= 0),
    CONSTRAINT creations_generation_params_is_object CHECK (jsonb_typeof(generation_params) = 'object'),
    CONSTRAINT creations_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
COMMENT ON TABLE public.creations IS 'User-generated works; public when published and is_public, owner-only otherwise.';

CREATE INDEX creations_user_id_created_at_idx ON public.creations (user_id, created_at DESC);
CREATE INDEX creations_type_idx ON public.creations (type);
CREATE INDEX creations_status_is_public_idx ON public.creations (status, is_public);
CREATE INDEX creations_created_at_idx ON public.creations (created_at DESC);
CREATE INDEX creations_published_at_idx ON public.creations (published_at DESC) WHERE status = 'published';
CREATE INDEX creations_featured_idx ON public.creations (is_featured, is_public);
CREATE INDEX creations_tags_idx ON public.creations USING gin (tags);
CREATE INDEX creations_title_trgm_idx ON public.creations USING gin (title gin_trgm_ops);

CREATE TRIGGER creations_set_updated_at
    BEFORE UPDATE ON public.creations
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('views_count', 'likes_count', 'comments_count', 'remixes_count');

-- Stamps published_at the first time a creation becomes published.
CREATE FUNCTION public.creations_set_published_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.status = 'published' AND NEW.published_at IS NULL THEN
        NEW.published_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER creations_set_published_at
    BEFORE INSERT OR UPDATE OF status ON public.creations
    FOR EACH ROW EXECUTE FUNCTION public.creations_set_published_at();

-- ---------------------------------------------------------------------------------------
-- comments: threaded comments on exactly one post or creation (seeds 000 and 004).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.comments (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id           uuid        NOT NULL,
    post_id           uuid,
    creation_id       uuid,
    parent_comment_id uuid,
    content           text        NOT NULL,
    is_edited         boolean     NOT NULL DEFAULT false,
    is_flagged        boolean     NOT NULL DEFAULT false,
    likes_count       integer     NOT NULL DEFAULT 0,
    replies_count     integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT comments_pkey PRIMARY KEY (id),
    CONSTRAINT comments_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts (id) ON DELETE CASCADE,
    CONSTRAINT comments_creation_id_fkey FOREIGN KEY (creation_id) REFERENCES public.creations (id) ON DELETE CASCADE,
    CONSTRAINT comments_parent_comment_id_fkey
        FOREIGN KEY (parent_comment_id) REFERENCES public.comments (id) ON DELETE CASCADE,
    CONSTRAINT comments_one_target CHECK (num_nonnulls(post_id, creation_id) = 1),
    CONSTRAINT comments_not_own_parent CHECK (parent_comment_id <> id),
    CONSTRAINT comments_content_length CHECK (char_length(btrim(content)) BETWEEN 1 AND 5000)
);
COMMENT ON TABLE public.comments IS 'Threaded comments on one post or one creation; replies share their parent''s target.';

CREATE INDEX comments_user_id_idx ON public.comments (user_id);
CREATE INDEX comments_post_id_created_at_idx ON public.comments (post_id, created_at);
CREATE INDEX comments_creation_id_created_at_idx ON public.comments (creation_id, created_at);
CREATE INDEX comments_parent_comment_id_created_at_idx ON public.comments (parent_comment_id, created_at);
CREATE INDEX comments_created_at_idx ON public.comments (created_at DESC);

CREATE TRIGGER comments_set_updated_at
    BEFORE UPDATE ON public.comments
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('likes_count', 'replies_count');

-- A reply must target what its parent targets; editing the content marks it edited.
-- SECURITY DEFINER so the parent is found even where the caller's policies hide it (the
-- foreign key already proves it exists).
CREATE FUNCTION public.comments_validate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    parent public.comments%ROWTYPE;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.content IS DISTINCT FROM OLD.content THEN
        NEW.is_edited := true;
    END IF;
    IF NEW.parent_comment_id IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.parent_comment_id IS DISTINCT FROM OLD.parent_comment_id
            OR NEW.post_id IS DISTINCT FROM OLD.post_id OR NEW.creation_id IS DISTINCT FROM OLD.creation_id) THEN
        SELECT * INTO parent FROM public.comments WHERE id = NEW.parent_comment_id;
        IF FOUND AND (parent.post_id IS DISTINCT FROM NEW.post_id
                      OR parent.creation_id IS DISTINCT FROM NEW.creation_id) THEN
            RAISE EXCEPTION 'a reply must target the same post or creation as its parent comment'
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'comments_parent_same_target',
                      TABLE = 'comments',
                      SCHEMA = 'public';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER comments_validate
    BEFORE INSERT OR UPDATE ON public.comments
    FOR EACH ROW EXECUTE FUNCTION public.comments_validate();

-- ---------------------------------------------------------------------------------------
-- likes: one like by one user on exactly one post, creation or comment.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.likes (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL,
    post_id     uuid,
    creation_id uuid,
    comment_id  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT likes_pkey PRIMARY KEY (id),
    CONSTRAINT likes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT likes_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts (id) ON DELETE CASCADE,
    CONSTRAINT likes_creation_id_fkey FOREIGN KEY (creation_id) REFERENCES public.creations (id) ON DELETE CASCADE,
    CONSTRAINT likes_comment_id_fkey FOREIGN KEY (comment_id) REFERENCES public.comments (id) ON DELETE CASCADE,
    CONSTRAINT likes_one_target CHECK (num_nonnulls(post_id, creation_id, comment_id) = 1),
    -- NULLs are distinct, so each constraint only bites for its own kind of target.
    CONSTRAINT likes_user_id_post_id_key UNIQUE (user_id, post_id),
    CONSTRAINT likes_user_id_creation_id_key UNIQUE (user_id, creation_id),
    CONSTRAINT likes_user_id_comment_id_key UNIQUE (user_id, comment_id)
);
COMMENT ON TABLE public.likes IS 'A user''s like of one post, creation or comment; at most one per user and target.';

-- user_id is covered by the leading column of the three unique constraints.
CREATE INDEX likes_user_id_created_at_idx ON public.likes (user_id, created_at DESC);
CREATE INDEX likes_post_id_idx ON public.likes (post_id);
CREATE INDEX likes_creation_id_idx ON public.likes (creation_id);
CREATE INDEX likes_comment_id_idx ON public.likes (comment_id);
CREATE INDEX likes_created_at_idx ON public.likes (created_at DESC);

-- ---------------------------------------------------------------------------------------
-- follows: the follow graph (seed 004).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.follows (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    follower_id      uuid        NOT NULL,
    following_id     uuid        NOT NULL,
    notify_creations boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT follows_pkey PRIMARY KEY (id),
    CONSTRAINT follows_follower_id_fkey FOREIGN KEY (follower_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT follows_following_id_fkey FOREIGN KEY (following_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT follows_follower_id_following_id_key UNIQUE (follower_id, following_id),
    CONSTRAINT follows_no_self_follow CHECK (follower_id <> following_id)
);
COMMENT ON TABLE public.follows IS 'follower_id follows following_id; public, so profile pages can list both sides.';

-- follower_id is covered by the leading column of follows_follower_id_following_id_key.
CREATE INDEX follows_follower_id_created_at_idx ON public.follows (follower_id, created_at DESC);
CREATE INDEX follows_following_id_created_at_idx ON public.follows (following_id, created_at DESC);
CREATE INDEX follows_created_at_idx ON public.follows (created_at DESC);

CREATE TRIGGER follows_set_updated_at
    BEFORE UPDATE ON public.follows
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- media_assets: uploaded files owned by one user (seed 000).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.media_assets (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    kind       text        NOT NULL,
    url        text        NOT NULL,
    mime_type  text        NOT NULL,
    size_bytes bigint      NOT NULL DEFAULT 0,
    metadata   jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT media_assets_pkey PRIMARY KEY (id),
    CONSTRAINT media_assets_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT media_assets_kind_check CHECK (kind IN ('video', 'audio', 'image', 'document')),
    CONSTRAINT media_assets_url_not_blank CHECK (char_length(btrim(url)) > 0),
    CONSTRAINT media_assets_mime_type_format CHECK (mime_type ~ '^[a-z]+/[a-zA-Z0-9.+_-]+$'),
    CONSTRAINT media_assets_size_bytes_nonnegative CHECK (size_bytes >= 0),
    CONSTRAINT media_assets_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
COMMENT ON TABLE public.media_assets IS 'Uploaded video, audio, image and document files of one owner.';

CREATE INDEX media_assets_user_id_created_at_idx ON public.media_assets (user_id, created_at DESC);
CREATE INDEX media_assets_created_at_idx ON public.media_assets (created_at DESC);

CREATE TRIGGER media_assets_set_updated_at
    BEFORE UPDATE ON public.media_assets
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- Counter triggers. SECURITY DEFINER: the liker may not update the liked row, and the
-- counters must count rows the caller cannot see. Updates are single atomic statements.
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION public.likes_maintain_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.post_id IS NOT NULL THEN
            UPDATE public.posts SET likes_count = likes_count + 1 WHERE id = NEW.post_id;
        ELSIF NEW.creation_id IS NOT NULL THEN
            UPDATE public.creations SET likes_count = likes_count + 1 WHERE id = NEW.creation_id;
        ELSIF NEW.comment_id IS NOT NULL THEN
            UPDATE public.comments SET likes_count = likes_count + 1 WHERE id = NEW.comment_id;
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.post_id IS NOT NULL THEN
        UPDATE public.posts SET likes_count = GREATEST(likes_count - 1, 0) WHERE id = OLD.post_id;
    ELSIF OLD.creation_id IS NOT NULL THEN
        UPDATE public.creations SET likes_count = GREATEST(likes_count - 1, 0) WHERE id = OLD.creation_id;
    ELSIF OLD.comment_id IS NOT NULL THEN
        UPDATE public.comments SET likes_count = GREATEST(likes_count - 1, 0) WHERE id = OLD.comment_id;
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER likes_maintain_counts
    AFTER INSERT OR DELETE ON public.likes
    FOR EACH ROW EXECUTE FUNCTION public.likes_maintain_counts();

CREATE FUNCTION public.comments_maintain_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.post_id IS NOT NULL THEN
            UPDATE public.posts SET comments_count = comments_count + 1 WHERE id = NEW.post_id;
        ELSIF NEW.creation_id IS NOT NULL THEN
            UPDATE public.creations SET comments_count = comments_count + 1 WHERE id = NEW.creation_id;
        END IF;
        IF NEW.parent_comment_id IS NOT NULL THEN
            UPDATE public.comments SET replies_count = replies_count + 1 WHERE id = NEW.parent_comment_id;
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.post_id IS NOT NULL THEN
        UPDATE public.posts SET comments_count = GREATEST(comments_count - 1, 0) WHERE id = OLD.post_id;
    ELSIF OLD.creation_id IS NOT NULL THEN
        UPDATE public.creations SET comments_count = GREATEST(comments_count - 1, 0) WHERE id = OLD.creation_id;
    END IF;
    IF OLD.parent_comment_id IS NOT NULL THEN
        UPDATE public.comments SET replies_count = GREATEST(replies_count - 1, 0) WHERE id = OLD.parent_comment_id;
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER comments_maintain_counts
    AFTER INSERT OR DELETE ON public.comments
    FOR EACH ROW EXECUTE FUNCTION public.comments_maintain_counts();

CREATE FUNCTION public.follows_maintain_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE public.profiles SET followers_count = followers_count + 1 WHERE id = NEW.following_id;
        UPDATE public.profiles SET following_count = following_count + 1 WHERE id = NEW.follower_id;
        RETURN NEW;
    END IF;
    UPDATE public.profiles SET followers_count = GREATEST(followers_count - 1, 0) WHERE id = OLD.following_id;
    UPDATE public.profiles SET following_count = GREATEST(following_count - 1, 0) WHERE id = OLD.follower_id;
    RETURN OLD;
END
$$;

CREATE TRIGGER follows_maintain_counts
    AFTER INSERT OR DELETE ON public.follows
    FOR EACH ROW EXECUTE FUNCTION public.follows_maintain_counts();

-- profiles.creations_count counts published creations (seed 004).
CREATE FUNCTION public.creations_maintain_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    was_published boolean := TG_OP <> 'INSERT' AND OLD.status = 'published';
    is_published  boolean := TG_OP <> 'DELETE' AND NEW.status = 'published';
BEGIN
    IF was_published AND (NOT is_published OR OLD.user_id <> NEW.user_id) THEN
        UPDATE public.profiles SET creations_count = GREATEST(creations_count - 1, 0) WHERE id = OLD.user_id;
    END IF;
    IF is_published AND (NOT was_published OR OLD.user_id <> NEW.user_id) THEN
        UPDATE public.profiles SET creations_count = creations_count + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER creations_maintain_counts
    AFTER INSERT OR DELETE OR UPDATE OF status, user_id ON public.creations
    FOR EACH ROW EXECUTE FUNCTION public.creations_maintain_counts();

-- ---------------------------------------------------------------------------------------
-- Privileges. anon reads what is public; counters, flags and targets are not writable by
-- users (column lists), only by the triggers above and service_role.
-- ---------------------------------------------------------------------------------------
GRANT ALL ON public.posts, public.creations, public.comments, public.likes, public.follows, public.media_assets
    TO service_role;
GRANT SELECT ON public.posts, public.creations, public.comments, public.likes, public.follows
    TO anon, authenticated;

GRANT INSERT (id, author_id, body, media_urls, visibility) ON public.posts TO authenticated;
GRANT UPDATE (body, media_urls, visibility) ON public.posts TO authenticated;
GRANT DELETE ON public.posts TO authenticated;

GRANT INSERT (id, user_id, title, description, type, file_url, thumbnail_url, file_size, file_format, ai_tool,
              prompt, model, generation_params, seed, metadata, status, is_public, is_nsfw, license,
              allow_remix, allow_commercial, tags, categories)
    ON public.creations TO authenticated;
GRANT UPDATE (title, description, type, file_url, thumbnail_url, file_size, file_format, ai_tool,
              prompt, model, generation_params, seed, metadata, status, is_public, is_nsfw, license,
              allow_remix, allow_commercial, tags, categories)
    ON public.creations TO authenticated;
GRANT DELETE ON public.creations TO authenticated;

GRANT INSERT (id, user_id, post_id, creation_id, parent_comment_id, content) ON public.comments TO authenticated;
GRANT UPDATE (content) ON public.comments TO authenticated;
GRANT DELETE ON public.comments TO authenticated;

GRANT INSERT (id, user_id, post_id, creation_id, comment_id) ON public.likes TO authenticated;
GRANT DELETE ON public.likes TO authenticated;

GRANT INSERT (id, follower_id, following_id, notify_creations) ON public.follows TO authenticated;
GRANT UPDATE (notify_creations) ON public.follows TO authenticated;
GRANT DELETE ON public.follows TO authenticated;

GRANT SELECT, DELETE ON public.media_assets TO authenticated;
GRANT INSERT (id, user_id, kind, url, mime_type, size_bytes, metadata) ON public.media_assets TO authenticated;
GRANT UPDATE (kind, url, mime_type, size_bytes, metadata) ON public.media_assets TO authenticated;

-- ---------------------------------------------------------------------------------------
-- Row-level security. A subquery on a target table is itself filtered by that table's
-- policies, so "the target is readable" means readable to this viewer.
-- ---------------------------------------------------------------------------------------
ALTER TABLE public.posts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.creations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.likes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.follows ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.media_assets ENABLE ROW LEVEL SECURITY;

-- posts
CREATE POLICY posts_select_visible ON public.posts
    FOR SELECT TO anon, authenticated USING (
        visibility = 'public'
        OR auth.uid() = author_id
        OR (visibility = 'followers' AND EXISTS (
            SELECT 1 FROM public.follows f
            WHERE f.follower_id = auth.uid() AND f.following_id = posts.author_id))
    );
CREATE POLICY posts_insert_own ON public.posts
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = author_id);
CREATE POLICY posts_update_own ON public.posts
    FOR UPDATE TO authenticated USING (auth.uid() = author_id) WITH CHECK (auth.uid() = author_id);
CREATE POLICY posts_delete_own ON public.posts
    FOR DELETE TO authenticated USING (auth.uid() = author_id);

-- creations
CREATE POLICY creations_select_published_or_own ON public.creations
    FOR SELECT TO anon, authenticated USING ((status = 'published' AND is_public) OR auth.uid() = user_id);
CREATE POLICY creations_insert_own ON public.creations
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
CREATE POLICY creations_update_own ON public.creations
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY creations_delete_own ON public.creations
    FOR DELETE TO authenticated USING (auth.uid() = user_id);

-- comments: visible with their target; written by their author on a target the author
-- can see; the target's owner may remove comments under it.
CREATE POLICY comments_select_visible ON public.comments
    FOR SELECT TO anon, authenticated USING (
        auth.uid() = user_id
        OR EXISTS (SELECT 1 FROM public.posts p WHERE p.id = comments.post_id)
        OR EXISTS (SELECT 1 FROM public.creations c WHERE c.id = comments.creation_id)
    );
CREATE POLICY comments_insert_own ON public.comments
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = user_id
        AND (EXISTS (SELECT 1 FROM public.posts p WHERE p.id = comments.post_id)
             OR EXISTS (SELECT 1 FROM public.creations c WHERE c.id = comments.creation_id))
    );
CREATE POLICY comments_update_own ON public.comments
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY comments_delete_own_or_target_owner ON public.comments
    FOR DELETE TO authenticated USING (
        auth.uid() = user_id
        OR EXISTS (SELECT 1 FROM public.posts p WHERE p.id = comments.post_id AND p.author_id = auth.uid())
        OR EXISTS (SELECT 1 FROM public.creations c WHERE c.id = comments.creation_id AND c.user_id = auth.uid())
    );

-- likes
CREATE POLICY likes_select_visible ON public.likes
    FOR SELECT TO anon, authenticated USING (
        auth.uid() = user_id
        OR EXISTS (SELECT 1 FROM public.posts p WHERE p.id = likes.post_id)
        OR EXISTS (SELECT 1 FROM public.creations c WHERE c.id = likes.creation_id)
        OR EXISTS (SELECT 1 FROM public.comments m WHERE m.id = likes.comment_id)
    );
CREATE POLICY likes_insert_own ON public.likes
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = user_id
        AND (EXISTS (SELECT 1 FROM public.posts p WHERE p.id = likes.post_id)
             OR EXISTS (SELECT 1 FROM public.creations c WHERE c.id = likes.creation_id)
             OR EXISTS (SELECT 1 FROM public.comments m WHERE m.id = likes.comment_id))
    );
CREATE POLICY likes_delete_own ON public.likes
    FOR DELETE TO authenticated USING (auth.uid() = user_id);

-- follows
CREATE POLICY follows_select_public ON public.follows
    FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY follows_insert_own ON public.follows
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = follower_id);
CREATE POLICY follows_update_own ON public.follows
    FOR UPDATE TO authenticated USING (auth.uid() = follower_id) WITH CHECK (auth.uid() = follower_id);
CREATE POLICY follows_delete_own ON public.follows
    FOR DELETE TO authenticated USING (auth.uid() = follower_id);

-- media_assets
CREATE POLICY media_assets_select_own ON public.media_assets
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY media_assets_insert_own ON public.media_assets
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
CREATE POLICY media_assets_update_own ON public.media_assets
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY media_assets_delete_own ON public.media_assets
    FOR DELETE TO authenticated USING (auth.uid() = user_id);

-- anon may SELECT so that row-level security answers "no rows" rather than a permission
-- error, which would abort the rest of an anonymous request's transaction.
GRANT SELECT ON public.media_assets TO anon;
