-- Identity: accounts, public profiles, per-user settings, application roles and API keys.
-- Identity tables reference users(id); every other table references profiles(id).

-- ---------------------------------------------------------------------------------------
-- users: one row per account. The JWT `sub` is users.id.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.users (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    email         text        NOT NULL,
    password_hash text,
    role          text        NOT NULL DEFAULT 'user',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_email_lowercase CHECK (email = lower(email)),
    CONSTRAINT users_email_format CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND char_length(email) <= 254),
    CONSTRAINT users_role_check CHECK (role IN ('user', 'admin'))
);
COMMENT ON TABLE public.users IS 'Accounts; the JWT sub is users.id. password_hash is NULL for accounts without built-in sign-in.';

CREATE INDEX users_created_at_idx ON public.users (created_at DESC);

CREATE TRIGGER users_set_updated_at
    BEFORE UPDATE ON public.users
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('last_login_at');

-- ---------------------------------------------------------------------------------------
-- profiles: public face of a user (seed 004), 1:1 with users.
-- ---------------------------------------------------------------------------------------
CREATE SEQUENCE public.profiles_arcanean_number_seq;

CREATE TABLE public.profiles (
    id                     uuid        NOT NULL,
    username               text        NOT NULL,
    display_name           text,
    avatar_url             text,
    bio                    text,
    arcanean_id            text        NOT NULL DEFAULT 'ARC-' || lpad(nextval('public.profiles_arcanean_number_seq')::text, 6, '0'),
    tier                   text        NOT NULL DEFAULT 'explorer',
    subscription_status    text,
    stripe_customer_id     text,
    stripe_subscription_id text,
    preferences            jsonb       NOT NULL DEFAULT '{}',
    onboarding_completed   boolean     NOT NULL DEFAULT false,
    onboarding_step        integer     NOT NULL DEFAULT 0,
    creations_count        integer     NOT NULL DEFAULT 0,
    followers_count        integer     NOT NULL DEFAULT 0,
    following_count        integer     NOT NULL DEFAULT 0,
    is_active              boolean     NOT NULL DEFAULT true,
    is_verified            boolean     NOT NULL DEFAULT false,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    last_active_at         timestamptz,
    CONSTRAINT profiles_pkey PRIMARY KEY (id),
    CONSTRAINT profiles_id_fkey FOREIGN KEY (id) REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT profiles_username_key UNIQUE (username),
    CONSTRAINT profiles_username_format CHECK (username ~ '^[a-z0-9_]{3,30}$'),
    CONSTRAINT profiles_arcanean_id_key UNIQUE (arcanean_id),
    CONSTRAINT profiles_display_name_length CHECK (char_length(display_name) <= 100),
    CONSTRAINT profiles_bio_length CHECK (char_length(bio) <= 1000),
    CONSTRAINT profiles_tier_check CHECK (tier IN ('explorer', 'creator', 'realm_builder')),
    CONSTRAINT profiles_subscription_status_check
        CHECK (subscription_status IN ('active', 'trialing', 'past_due', 'canceled', 'paused')),
    CONSTRAINT profiles_preferences_is_object CHECK (jsonb_typeof(preferences) = 'object'),
    CONSTRAINT profiles_onboarding_step_nonnegative CHECK (onboarding_step >= 0)
);
ALTER SEQUENCE public.profiles_arcanean_number_seq OWNED BY public.profiles.arcanean_id;
COMMENT ON TABLE public.profiles IS 'Public profile of a user (id = users.id); counters are kept by triggers.';

CREATE INDEX profiles_tier_idx ON public.profiles (tier);
CREATE INDEX profiles_created_at_idx ON public.profiles (created_at DESC);

CREATE TRIGGER profiles_set_updated_at
    BEFORE UPDATE ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at(
        'creations_count', 'followers_count', 'following_count', 'last_active_at');

-- ---------------------------------------------------------------------------------------
-- user_settings: private preferences, 1:1 with users.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.user_settings (
    id                       uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id                  uuid        NOT NULL,
    ui_mode                  text        NOT NULL DEFAULT 'system',
    language                 text        NOT NULL DEFAULT 'en',
    notification_preferences jsonb       NOT NULL DEFAULT '{"email": true, "push": true, "weekly_digest": true}',
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_settings_pkey PRIMARY KEY (id),
    CONSTRAINT user_settings_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT user_settings_user_id_key UNIQUE (user_id),
    CONSTRAINT user_settings_ui_mode_check CHECK (ui_mode IN ('light', 'dark', 'system')),
    CONSTRAINT user_settings_language_format CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    CONSTRAINT user_settings_notification_preferences_is_object
        CHECK (jsonb_typeof(notification_preferences) = 'object')
);
COMMENT ON TABLE public.user_settings IS 'Private UI, language and notification preferences of a user.';

CREATE TRIGGER user_settings_set_updated_at
    BEFORE UPDATE ON public.user_settings
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- user_roles: application roles (seed 003 app_role), backing has_role().
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.user_roles (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    role       text        NOT NULL,
    granted_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_roles_pkey PRIMARY KEY (id),
    CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE,
    -- Keeping the grant when the granting admin's account goes away.
    CONSTRAINT user_roles_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES public.users (id) ON DELETE SET NULL,
    CONSTRAINT user_roles_user_id_role_key UNIQUE (user_id, role),
    CONSTRAINT user_roles_role_check CHECK (role IN ('user', 'creator', 'moderator', 'admin'))
);
COMMENT ON TABLE public.user_roles IS 'Application roles granted to a user; rows are granted and revoked, never edited.';

-- user_id is covered by the leading column of user_roles_user_id_role_key.
CREATE INDEX user_roles_granted_by_idx ON public.user_roles (granted_by);
CREATE INDEX user_roles_created_at_idx ON public.user_roles (created_at DESC);

CREATE FUNCTION public.has_role(user_id uuid, role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$
    SELECT EXISTS (
        SELECT 1
        FROM public.user_roles ur
        WHERE ur.user_id = has_role.user_id AND ur.role = has_role.role
    )
$$;
COMMENT ON FUNCTION public.has_role(uuid, text) IS
    'Whether a user holds an application role; SECURITY DEFINER so policies can call it without recursion.';

-- ---------------------------------------------------------------------------------------
-- api_keys: hashed personal API keys. The plaintext is shown once, at creation.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.api_keys (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL,
    name         text        NOT NULL,
    key_prefix   text        NOT NULL,
    key_hash     text        NOT NULL,
    scopes       text[]      NOT NULL DEFAULT '{}',
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
    CONSTRAINT api_keys_key_prefix_length CHECK (char_length(key_prefix) BETWEEN 4 AND 32),
    CONSTRAINT api_keys_expires_after_creation CHECK (expires_at IS NULL OR expires_at > created_at)
);
COMMENT ON TABLE public.api_keys IS 'Personal API keys; only a hash is stored, the prefix identifies the key in lists.';

CREATE INDEX api_keys_user_id_created_at_idx ON public.api_keys (user_id, created_at DESC);
CREATE INDEX api_keys_created_at_idx ON public.api_keys (created_at DESC);

CREATE TRIGGER api_keys_set_updated_at
    BEFORE UPDATE ON public.api_keys
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('last_used_at');

-- ---------------------------------------------------------------------------------------
-- Privileges. Column lists on UPDATE keep roles, counters, tiers and hashes out of a
-- user's reach even on rows the policies let them change.
-- ---------------------------------------------------------------------------------------
GRANT ALL ON public.users, public.profiles, public.user_settings, public.user_roles, public.api_keys
    TO service_role;
GRANT USAGE, SELECT ON SEQUENCE public.profiles_arcanean_number_seq TO authenticated, service_role;

GRANT SELECT ON public.users TO authenticated;
GRANT UPDATE (email) ON public.users TO authenticated;

GRANT SELECT ON public.profiles TO anon, authenticated;
GRANT INSERT (id, username, display_name, avatar_url, bio, preferences, onboarding_completed, onboarding_step)
    ON public.profiles TO authenticated;
GRANT UPDATE (username, display_name, avatar_url, bio, preferences, onboarding_completed, onboarding_step, last_active_at)
    ON public.profiles TO authenticated;

GRANT SELECT, DELETE ON public.user_settings TO authenticated;
GRANT INSERT (id, user_id, ui_mode, language, notification_preferences) ON public.user_settings TO authenticated;
GRANT UPDATE (ui_mode, language, notification_preferences) ON public.user_settings TO authenticated;

GRANT SELECT, DELETE ON public.user_roles TO authenticated;
GRANT INSERT (id, user_id, role, granted_by) ON public.user_roles TO authenticated;

GRANT SELECT, DELETE ON public.api_keys TO authenticated;
GRANT INSERT (id, user_id, name, key_prefix, key_hash, scopes, expires_at) ON public.api_keys TO authenticated;
GRANT UPDATE (name, revoked_at) ON public.api_keys TO authenticated;

-- ---------------------------------------------------------------------------------------
-- Row-level security. service_role has BYPASSRLS.
-- ---------------------------------------------------------------------------------------
ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.user_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.user_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.api_keys ENABLE ROW LEVEL SECURITY;

CREATE POLICY users_select_own ON public.users
    FOR SELECT TO authenticated USING (auth.uid() = id);
CREATE POLICY users_update_own ON public.users
    FOR UPDATE TO authenticated USING (auth.uid() = id) WITH CHECK (auth.uid() = id);

CREATE POLICY profiles_select_public ON public.profiles
    FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY profiles_insert_own ON public.profiles
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = id);
CREATE POLICY profiles_update_own ON public.profiles
    FOR UPDATE TO authenticated USING (auth.uid() = id) WITH CHECK (auth.uid() = id);

CREATE POLICY user_settings_select_own ON public.user_settings
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY user_settings_insert_own ON public.user_settings
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
CREATE POLICY user_settings_update_own ON public.user_settings
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY user_settings_delete_own ON public.user_settings
    FOR DELETE TO authenticated USING (auth.uid() = user_id);

-- Users read their own roles; admins read and manage everyone's.
CREATE POLICY user_roles_select_own_or_admin ON public.user_roles
    FOR SELECT TO authenticated USING (auth.uid() = user_id OR public.has_role(auth.uid(), 'admin'));
CREATE POLICY user_roles_insert_admin ON public.user_roles
    FOR INSERT TO authenticated WITH CHECK (public.has_role(auth.uid(), 'admin') AND granted_by = auth.uid());
CREATE POLICY user_roles_delete_admin ON public.user_roles
    FOR DELETE TO authenticated USING (public.has_role(auth.uid(), 'admin'));

CREATE POLICY api_keys_select_own ON public.api_keys
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY api_keys_insert_own ON public.api_keys
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
CREATE POLICY api_keys_update_own ON public.api_keys
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY api_keys_delete_own ON public.api_keys
    FOR DELETE TO authenticated USING (auth.uid() = user_id);

-- anon may SELECT so that row-level security answers "no rows" rather than a permission
-- error, which would abort the rest of an anonymous request's transaction.
GRANT SELECT ON public.users, public.user_settings, public.user_roles, public.api_keys TO anon;
