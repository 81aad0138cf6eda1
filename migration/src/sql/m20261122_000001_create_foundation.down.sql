-- Undo the foundation. The roles anon/authenticated/service_role are cluster-wide and may
-- serve other databases, so they (and their membership grants) stay.

DROP FUNCTION public.set_updated_at();

REVOKE USAGE ON SCHEMA public FROM anon, authenticated, service_role;

DROP FUNCTION auth.role();
DROP FUNCTION auth.uid();
DROP FUNCTION auth.jwt();
DROP SCHEMA auth;

DROP EXTENSION pg_trgm;
DROP EXTENSION pgcrypto;
DROP EXTENSION vector;
