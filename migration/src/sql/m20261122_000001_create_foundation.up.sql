-- Foundation: the extensions, API roles, `auth` helpers and trigger functions that every
-- domain migration builds on.

CREATE EXTENSION IF NOT EXISTS vector;   -- embeddings (ai, agents)
CREATE EXTENSION IF NOT EXISTS pgcrypto; -- gen_random_uuid(), digest(), encryption at rest
CREATE EXTENSION IF NOT EXISTS pg_trgm;  -- trigram indexes behind ILIKE search

-- The three request roles the gateway switches to with `SET LOCAL ROLE`. Roles are
-- cluster-wide and several databases of one cluster may be migrated at the same time, so
-- creation tolerates a concurrent creator (duplicate_object / unique_violation).
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                IF role_name = 'service_role' THEN
                    EXECUTE format('CREATE ROLE %I NOLOGIN BYPASSRLS', role_name);
                ELSE
                    EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created meanwhile by a concurrent migration
            END;
        END IF;
    END LOOP;

    -- A service_role created elsewhere without BYPASSRLS gets it here.
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_role' AND rolbypassrls) THEN
        ALTER ROLE service_role BYPASSRLS;
    END IF;

    -- The gateway connects as the migrating (owner) user and must be able to
    -- `SET LOCAL ROLE` to each request role. A superuser already can.
    FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT pg_catalog.pg_has_role(current_user, role_name, 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', role_name, current_user);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- granted meanwhile by a concurrent migration
            END;
        END IF;
    END LOOP;
END
$$;

-- Supabase-compatible helpers so policies read `auth.uid() = user_id`. The gateway sets
-- `request.jwt.claims` (transaction-local) to the verified JWT claims of each request.
CREATE SCHEMA IF NOT EXISTS auth;

CREATE FUNCTION auth.jwt() RETURNS jsonb
LANGUAGE sql STABLE
AS $$
    SELECT nullif(current_setting('request.jwt.claims', true), '')::jsonb
$$;
COMMENT ON FUNCTION auth.jwt() IS 'Claims of the current request''s JWT, NULL when anonymous.';

CREATE FUNCTION auth.uid() RETURNS uuid
LANGUAGE sql STABLE
AS $$
    SELECT nullif(auth.jwt() ->> 'sub', '')::uuid
$$;
COMMENT ON FUNCTION auth.uid() IS 'users.id of the caller (the JWT sub), NULL when anonymous.';

CREATE FUNCTION auth.role() RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT nullif(auth.jwt() ->> 'role', '')
$$;
COMMENT ON FUNCTION auth.role() IS 'The JWT role claim (anon, authenticated, service_role).';

GRANT USAGE ON SCHEMA public, auth TO anon, authenticated, service_role;

-- Shared BEFORE UPDATE trigger: stamps updated_at. Columns named as trigger arguments
-- (counters kept by other triggers) are ignored, so a new like does not look like an edit.
CREATE FUNCTION public.set_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    -- TG_ARGV is NULL, not empty, when the trigger has no arguments.
    ignored text[] := coalesce(TG_ARGV, '{}'::text[]) || 'updated_at'::text;
BEGIN
    IF (to_jsonb(NEW) - ignored) IS DISTINCT FROM (to_jsonb(OLD) - ignored) THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.set_updated_at() IS
    'BEFORE UPDATE trigger: sets updated_at = now() unless only the columns given as trigger arguments changed.';
