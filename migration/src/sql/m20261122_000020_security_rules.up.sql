-- Security rules over the connectors and operations tables: the sign-in brute-force rule
-- (failures and lockouts are security_events rows), a connector rate limit that holds under
-- concurrent calls, audit triggers on billing's payments and subscriptions, and the
-- service-only cache functions (expired entries read as absent and are purged on write).

-- Records a failed sign-in of `tried_account` from `client_ip` and returns true when it
-- starts a lockout: `max_failures` failures within `window_seconds` since the last lockout
-- add a brute_force_blocked event. Called by the gateway through its own pool (outside the
-- request's transaction, so the record survives the failed request); no API role may call it.
CREATE FUNCTION public.record_failed_sign_in(
    client_ip text, tried_account text, account_user uuid,
    max_failures integer, window_seconds integer, lockout_seconds integer)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = public
AS $$
DECLARE
    known_user uuid := (SELECT p.id FROM public.profiles p WHERE p.id = account_user);
    since timestamptz;
    failures integer;
BEGIN
    -- Concurrent failures for one address and account count one after the other.
    PERFORM pg_advisory_xact_lock(hashtext('sign-in:' || coalesce(client_ip, '') || ':' || tried_account));
    INSERT INTO public.security_events (user_id, kind, ip, account)
    VALUES (known_user, 'failed_login', client_ip, tried_account);
    SELECT greatest(now() - make_interval(secs => window_seconds), coalesce(max(e.created_at), '-infinity'))
    INTO since
    FROM public.security_events e
    WHERE e.kind = 'brute_force_blocked' AND e.account = tried_account AND e.ip IS NOT DISTINCT FROM client_ip;
    SELECT count(*) INTO failures
    FROM public.security_events e
    WHERE e.kind = 'failed_login' AND e.account = tried_account AND e.ip IS NOT DISTINCT FROM client_ip
      AND e.created_at > since;
    IF failures < max_failures THEN
        RETURN false;
    END IF;
    INSERT INTO public.security_events (user_id, kind, ip, account, details)
    VALUES (known_user, 'brute_force_blocked', client_ip, tried_account,
            jsonb_build_object('failures', failures, 'window_seconds', window_seconds,
                               'lockout_seconds', lockout_seconds));
    RETURN true;
END
$$;

-- Seconds left of the lockout of `tried_account` from `client_ip` (0 when none).
CREATE FUNCTION public.sign_in_lockout_remaining(client_ip text, tried_account text, lockout_seconds integer)
RETURNS integer
LANGUAGE sql STABLE
SET search_path = public
AS $$
    SELECT coalesce(greatest(0, ceil(extract(epoch FROM
               max(e.created_at) + make_interval(secs => lockout_seconds) - clock_timestamp())))::integer, 0)
    FROM public.security_events e
    WHERE e.kind = 'brute_force_blocked' AND e.account = tried_account AND e.ip IS NOT DISTINCT FROM client_ip
$$;
REVOKE ALL ON FUNCTION public.record_failed_sign_in(text, text, uuid, integer, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.sign_in_lockout_remaining(text, text, integer) FROM PUBLIC;

-- Migration 000017's version upserts with ON CONFLICT DO UPDATE, which reads the encrypted
-- columns through EXCLUDED, and no API role may read them: update the caller's row, else
-- insert it (a concurrent first save that wins the race is then updated instead).
CREATE OR REPLACE FUNCTION public.store_connector_credential(
    connector uuid, access_token text, refresh_token text, expires timestamptz, key text)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    sealed_access bytea := pgp_sym_encrypt(access_token, key);
    sealed_refresh bytea := CASE WHEN refresh_token IS NULL THEN NULL ELSE pgp_sym_encrypt(refresh_token, key) END;
    stored uuid;
BEGIN
    LOOP
        UPDATE public.connector_credentials c
        SET access_token_encrypted = sealed_access, refresh_token_encrypted = sealed_refresh, expires_at = expires
        WHERE c.connector_id = connector AND c.user_id = auth.uid()
        RETURNING c.id INTO stored;
        IF FOUND THEN
            RETURN stored;
        END IF;
        BEGIN
            INSERT INTO public.connector_credentials
                (user_id, connector_id, access_token_encrypted, refresh_token_encrypted, expires_at)
            VALUES (auth.uid(), connector, sealed_access, sealed_refresh, expires)
            RETURNING id INTO stored;
            RETURN stored;
        EXCEPTION WHEN unique_violation THEN
            NULL; -- saved concurrently: loop to update that row
        END;
    END LOOP;
END
$$;

-- Same as migration 000017's, but the caller's credential row is locked first, so
-- concurrent calls count one after the other and never overshoot the hourly limit.
CREATE OR REPLACE FUNCTION public.record_connector_call(connector uuid, operation text)
RETURNS SETOF public.connector_usage_logs
LANGUAGE plpgsql
AS $$
DECLARE
    credential uuid;
    hourly integer;
BEGIN
    SELECT c.id INTO credential FROM public.connector_credentials c
    WHERE c.connector_id = connector AND c.user_id = auth.uid()
    FOR UPDATE;
    IF credential IS NULL THEN
        RAISE EXCEPTION 'connect this connector first' USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = 'connector_usage_logs_credential_id_fkey', TABLE = 'connector_usage_logs', SCHEMA = 'public';
    END IF;
    SELECT d.rate_limit_per_hour INTO hourly FROM public.connector_definitions d WHERE d.id = connector;
    IF (SELECT count(*) FROM public.connector_usage_logs l
        WHERE l.user_id = auth.uid() AND l.connector_id = connector
          AND l.created_at > now() - interval '1 hour') >= hourly THEN
        RAISE EXCEPTION 'hourly limit reached' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'connector_usage_logs_rate_limit', TABLE = 'connector_usage_logs', SCHEMA = 'public';
    END IF;
    UPDATE public.connector_credentials SET last_used_at = now() WHERE id = credential;
    RETURN QUERY INSERT INTO public.connector_usage_logs (user_id, connector_id, credential_id, operation)
        VALUES (auth.uid(), connector, credential, operation) RETURNING *;
END
$$;

-- Money changes are audited like credentials and roles (migration 000018's trigger).
CREATE TRIGGER payments_audit AFTER INSERT OR UPDATE OR DELETE ON public.payments
    FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
CREATE TRIGGER subscriptions_audit AFTER INSERT OR UPDATE OR DELETE ON public.subscriptions
    FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Deletes expired cache entries; returns how many.
CREATE FUNCTION public.purge_expired_cache() RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    purged integer;
BEGIN
    DELETE FROM public.cache_entries WHERE expires_at <= now();
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END
$$;

-- The live value under `cache_key`; an expired entry reads as absent.
CREATE FUNCTION public.cache_get(cache_key text) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
    SELECT c.value FROM public.cache_entries c WHERE c.key = cache_key AND c.expires_at > now()
$$;

-- Stores `cache_value` under `cache_key` for `ttl_seconds`, purging expired entries first.
CREATE FUNCTION public.cache_put(cache_key text, cache_value jsonb, ttl_seconds integer)
RETURNS SETOF public.cache_entries
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM public.purge_expired_cache();
    RETURN QUERY INSERT INTO public.cache_entries AS c (key, value, expires_at)
        VALUES (cache_key, cache_value, now() + make_interval(secs => ttl_seconds))
        ON CONFLICT ON CONSTRAINT cache_entries_key_key DO UPDATE
            SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
        RETURNING c.*;
END
$$;
REVOKE ALL ON FUNCTION public.purge_expired_cache(), public.cache_get(text), public.cache_put(text, jsonb, integer)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.purge_expired_cache(), public.cache_get(text), public.cache_put(text, jsonb, integer)
    TO service_role;
