-- Undo the security rules (record_connector_call and store_connector_credential go back to
-- migration 000017's versions).
DROP FUNCTION public.cache_put(text, jsonb, integer);
DROP FUNCTION public.cache_get(text);
DROP FUNCTION public.purge_expired_cache();
DROP TRIGGER subscriptions_audit ON public.subscriptions;
DROP TRIGGER payments_audit ON public.payments;
CREATE OR REPLACE FUNCTION public.record_connector_call(connector uuid, operation text)
RETURNS SETOF public.connector_usage_logs
LANGUAGE plpgsql
AS $$
DECLARE
    credential uuid;
    hourly integer;
BEGIN
    SELECT c.id INTO credential FROM public.connector_credentials c
    WHERE c.connector_id = connector AND c.user_id = auth.uid();
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
CREATE OR REPLACE FUNCTION public.store_connector_credential(
    connector uuid, access_token text, refresh_token text, expires timestamptz, key text)
RETURNS uuid
LANGUAGE sql
AS $$
    INSERT INTO public.connector_credentials AS c
        (user_id, connector_id, access_token_encrypted, refresh_token_encrypted, expires_at)
    VALUES (auth.uid(), connector, pgp_sym_encrypt(access_token, key),
            CASE WHEN refresh_token IS NULL THEN NULL ELSE pgp_sym_encrypt(refresh_token, key) END, expires)
    ON CONFLICT ON CONSTRAINT connector_credentials_user_connector_key DO UPDATE
        SET access_token_encrypted = EXCLUDED.access_token_encrypted,
            refresh_token_encrypted = EXCLUDED.refresh_token_encrypted,
            expires_at = EXCLUDED.expires_at
    RETURNING c.id
$$;
DROP FUNCTION public.sign_in_lockout_remaining(text, text, integer);
DROP FUNCTION public.record_failed_sign_in(text, text, uuid, integer, integer, integer);
