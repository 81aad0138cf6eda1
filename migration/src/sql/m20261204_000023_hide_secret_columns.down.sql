-- Give the API roles table-wide SELECT on users, api_keys and profiles again.
REVOKE SELECT (id, email, role, created_at, updated_at, last_login_at)
    ON public.users FROM anon, authenticated;
GRANT SELECT ON public.users TO anon, authenticated;

REVOKE SELECT (id, user_id, name, key_prefix, scopes, last_used_at, expires_at, revoked_at,
               created_at, updated_at)
    ON public.api_keys FROM anon, authenticated;
GRANT SELECT ON public.api_keys TO anon, authenticated;

REVOKE SELECT (id, username, display_name, avatar_url, bio, arcanean_id, tier, subscription_status,
               preferences, onboarding_completed, onboarding_step, creations_count,
               followers_count, following_count, is_active, is_verified, created_at, updated_at,
               last_active_at)
    ON public.profiles FROM anon, authenticated;
GRANT SELECT ON public.profiles TO anon, authenticated;
