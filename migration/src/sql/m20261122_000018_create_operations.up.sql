-- Operations and security: security events (failed sign-ins, refused tokens, brute force),
-- the append-only audit log (seed 001 activity_logs) written by triggers on sensitive
-- tables, engine metrics and optimization events for admins, gaming sessions, and the
-- service-only cache with expiry.

CREATE TABLE public.security_events (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid,
    kind       text        NOT NULL,
    ip         text,
    account    text,
    details    jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT security_events_pkey PRIMARY KEY (id),
    CONSTRAINT security_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE SET NULL,
    CONSTRAINT security_events_kind_check CHECK (kind IN ('failed_login', 'brute_force_blocked', 'invalid_token',
                                                          'injection_attempt', 'suspicious_activity')),
    CONSTRAINT security_events_details_is_object CHECK (jsonb_typeof(details) = 'object')
);
COMMENT ON TABLE public.security_events IS 'Security-relevant events; written by the service, readable by the user concerned.';
CREATE INDEX security_events_user_id_idx ON public.security_events (user_id);
CREATE INDEX security_events_ip_created_at_idx ON public.security_events (ip, created_at DESC);
CREATE INDEX security_events_account_created_at_idx ON public.security_events (account, created_at DESC);
CREATE INDEX security_events_created_at_idx ON public.security_events (created_at DESC);

CREATE TABLE public.audit_logs (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    log_type   text        NOT NULL,
    entity_id  uuid        NOT NULL,
    action     text        NOT NULL,
    details    jsonb       NOT NULL DEFAULT '{}',
    level      text        NOT NULL DEFAULT 'info',
    user_id    uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id),
    CONSTRAINT audit_logs_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE SET NULL,
    CONSTRAINT audit_logs_level_check CHECK (level IN ('debug', 'info', 'warning', 'error')),
    CONSTRAINT audit_logs_log_type_length CHECK (char_length(log_type) <= 50),
    CONSTRAINT audit_logs_action_length CHECK (char_length(action) <= 255)
);
COMMENT ON TABLE public.audit_logs IS 'Append-only audit trail (seed 001 activity_logs); rows are written by triggers, never changed.';
CREATE INDEX audit_logs_log_type_idx ON public.audit_logs (log_type);
CREATE INDEX audit_logs_entity_id_idx ON public.audit_logs (entity_id);
CREATE INDEX audit_logs_level_idx ON public.audit_logs (level);
CREATE INDEX audit_logs_created_at_idx ON public.audit_logs (created_at DESC);
CREATE INDEX audit_logs_user_id_idx ON public.audit_logs (user_id);
CREATE INDEX audit_logs_details_idx ON public.audit_logs USING gin (details);

-- AFTER trigger for sensitive tables: one audit row per changed row, by whoever changed
-- it (any client of the database). Secret columns are left out of the details.
CREATE FUNCTION public.audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    changed jsonb := CASE TG_OP WHEN 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
BEGIN
    INSERT INTO public.audit_logs (log_type, entity_id, action, details, user_id)
    VALUES (TG_TABLE_NAME, (changed ->> 'id')::uuid, lower(TG_OP),
            jsonb_build_object('row', changed - 'key_hash' - 'password_hash'
                                      - 'access_token_encrypted' - 'refresh_token_encrypted',
                               'role', current_user::text),
            (SELECT p.id FROM public.profiles p WHERE p.id = auth.uid()));
    RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_audit AFTER INSERT OR UPDATE OR DELETE ON public.api_keys
    FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
CREATE TRIGGER user_roles_audit AFTER INSERT OR UPDATE OR DELETE ON public.user_roles
    FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
CREATE TRIGGER connector_credentials_audit AFTER INSERT OR UPDATE OR DELETE ON public.connector_credentials
    FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
CREATE TRIGGER wallets_audit AFTER INSERT OR UPDATE OR DELETE ON public.wallets
    FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
CREATE TRIGGER crypto_transactions_audit AFTER INSERT OR UPDATE OR DELETE ON public.crypto_transactions
    FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();
CREATE TRIGGER marketplace_purchases_audit AFTER INSERT OR UPDATE OR DELETE ON public.marketplace_purchases
    FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

CREATE TABLE public.engine_metrics (
    id          uuid             NOT NULL DEFAULT gen_random_uuid(),
    engine      text             NOT NULL,
    metric      text             NOT NULL,
    value       double precision NOT NULL,
    recorded_at timestamptz      NOT NULL DEFAULT now(),
    created_at  timestamptz      NOT NULL DEFAULT now(),
    updated_at  timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT engine_metrics_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE public.engine_metrics IS 'Latency, load and usage samples per engine; service write, admin read.';
CREATE INDEX engine_metrics_engine_metric_recorded_at_idx ON public.engine_metrics (engine, metric, recorded_at DESC);
CREATE INDEX engine_metrics_recorded_at_idx ON public.engine_metrics (recorded_at DESC);
CREATE INDEX engine_metrics_created_at_idx ON public.engine_metrics (created_at DESC);

CREATE TABLE public.optimization_events (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    engine     text        NOT NULL,
    decision   text        NOT NULL,
    reason     text        NOT NULL DEFAULT '',
    details    jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT optimization_events_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE public.optimization_events IS 'Self-optimization decisions; service write, admin read.';
CREATE INDEX optimization_events_engine_idx ON public.optimization_events (engine);
CREATE INDEX optimization_events_created_at_idx ON public.optimization_events (created_at DESC);

CREATE TABLE public.gaming_sessions (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id          uuid        NOT NULL,
    game             text        NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    ended_at         timestamptz,
    duration_seconds integer GENERATED ALWAYS AS (extract(epoch FROM ended_at - started_at)::integer) STORED,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT gaming_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT gaming_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT gaming_sessions_game_length CHECK (char_length(btrim(game)) BETWEEN 1 AND 200),
    CONSTRAINT gaming_sessions_ends_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);
COMMENT ON TABLE public.gaming_sessions IS 'Cloud gaming sessions; the duration is computed from start and end.';
CREATE INDEX gaming_sessions_user_id_started_at_idx ON public.gaming_sessions (user_id, started_at DESC);
CREATE INDEX gaming_sessions_created_at_idx ON public.gaming_sessions (created_at DESC);

CREATE TABLE public.cache_entries (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    key        text        NOT NULL,
    value      jsonb       NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cache_entries_pkey PRIMARY KEY (id),
    CONSTRAINT cache_entries_key_key UNIQUE (key),
    CONSTRAINT cache_entries_key_length CHECK (char_length(key) BETWEEN 1 AND 500)
);
COMMENT ON TABLE public.cache_entries IS 'Service-only key/value cache (seed 003 cache_store); expired rows read as absent.';
CREATE INDEX cache_entries_expires_at_idx ON public.cache_entries (expires_at);
CREATE INDEX cache_entries_created_at_idx ON public.cache_entries (created_at DESC);

GRANT ALL ON public.security_events, public.audit_logs, public.engine_metrics, public.optimization_events,
    public.gaming_sessions, public.cache_entries TO service_role;
-- Every API role may SELECT so RLS answers "no rows"; the policies below decide the rest.
GRANT SELECT ON public.security_events, public.audit_logs, public.engine_metrics, public.optimization_events,
    public.gaming_sessions, public.cache_entries TO anon, authenticated;
GRANT INSERT (id, user_id, game, started_at, ended_at), UPDATE (ended_at), DELETE
    ON public.gaming_sessions TO authenticated;
-- audit_logs is append-only even for the service role.
REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_logs FROM service_role;

ALTER TABLE public.security_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audit_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.engine_metrics ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.optimization_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gaming_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.cache_entries ENABLE ROW LEVEL SECURITY;

CREATE POLICY security_events_select_own ON public.security_events
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY audit_logs_select_own_or_admin ON public.audit_logs
    FOR SELECT TO authenticated USING (auth.uid() = user_id OR public.has_role(auth.uid(), 'admin'));
CREATE POLICY engine_metrics_select_admin ON public.engine_metrics
    FOR SELECT TO authenticated USING (public.has_role(auth.uid(), 'admin'));
CREATE POLICY optimization_events_select_admin ON public.optimization_events
    FOR SELECT TO authenticated USING (public.has_role(auth.uid(), 'admin'));
CREATE POLICY gaming_sessions_all_own ON public.gaming_sessions
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
-- cache_entries: no policy, so no API role but service_role (BYPASSRLS) sees a row.
