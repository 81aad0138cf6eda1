-- Secret columns unreadable by the API roles: password hashes, API key hashes and the
-- payment provider's ids on profiles. Row-level security already hides other people's
-- rows; column privileges keep these columns out of reach even of a row's owner, and of
-- everyone should a policy ever be wrong. (The connector token ciphertexts have been
-- column-granted since they were created.)
--
-- A table-wide SELECT grant covers every column, so it is revoked and SELECT granted
-- again on the listed columns only. A column added to these tables later is unreadable by
-- anon and authenticated until a migration grants it.
-- The gateway reads the secrets as the service role (sign-in's password check) or
-- through SECURITY DEFINER functions (auth.api_key_owner); the API's entities have no
-- field for them, so no statement it runs as a client role names them.

REVOKE SELECT ON public.users FROM anon, authenticated;
GRANT SELECT (id, email, role, created_at, updated_at, last_login_at)
    ON public.users TO anon, authenticated;

REVOKE SELECT ON public.api_keys FROM anon, authenticated;
GRANT SELECT (id, user_id, name, key_prefix, scopes, last_used_at, expires_at, revoked_at,
              created_at, updated_at)
    ON public.api_keys TO anon, authenticated;

REVOKE SELECT ON public.profiles FROM anon, authenticated;
GRANT SELECT (id, username, display_name, avatar_url, bio, arcanean_id, tier, subscription_status,
              preferences, onboarding_completed, onboarding_step, creations_count,
              followers_count, following_count, is_active, is_verified, created_at, updated_at,
              last_active_at)
    ON public.profiles TO anon, authenticated;
