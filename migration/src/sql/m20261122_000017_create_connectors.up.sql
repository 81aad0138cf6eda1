-- Connectors (seed 002): the catalog of third-party connectors, per-user credentials whose
-- OAuth tokens are encrypted at rest with pgcrypto (the key comes from the gateway's
-- configuration, never from the database), and usage logs behind per-connector rate limits.

CREATE TABLE public.connector_definitions (
    id                   uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug                 text        NOT NULL,
    name                 text        NOT NULL,
    provider             text        NOT NULL,
    auth_type            text        NOT NULL DEFAULT 'oauth2',
    scopes               text[]      NOT NULL DEFAULT '{}',
    rate_limit_per_hour  integer     NOT NULL DEFAULT 1000,
    is_active            boolean     NOT NULL DEFAULT true,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connector_definitions_pkey PRIMARY KEY (id),
    CONSTRAINT connector_definitions_slug_key UNIQUE (slug),
    CONSTRAINT connector_definitions_auth_type_check CHECK (auth_type IN ('oauth2', 'api_key')),
    CONSTRAINT connector_definitions_rate_limit_positive CHECK (rate_limit_per_hour > 0)
);
COMMENT ON TABLE public.connector_definitions IS 'Connectors users can link (seed 002: 9 connectors).';

INSERT INTO public.connector_definitions (slug, name, provider, auth_type, scopes, rate_limit_per_hour) VALUES
    ('gmail', 'Gmail', 'google', 'oauth2', '{https://www.googleapis.com/auth/gmail.modify}', 250),
    ('google-calendar', 'Google Calendar', 'google', 'oauth2', '{https://www.googleapis.com/auth/calendar}', 500),
    ('google-drive', 'Google Drive', 'google', 'oauth2', '{https://www.googleapis.com/auth/drive.file}', 1000),
    ('github', 'GitHub', 'github', 'oauth2', '{repo,read:user}', 5000),
    ('slack', 'Slack', 'slack', 'oauth2', '{chat:write,channels:read}', 1000),
    ('notion', 'Notion', 'notion', 'oauth2', '{}', 1000),
    ('onedrive', 'Microsoft OneDrive', 'microsoft', 'oauth2', '{Files.ReadWrite}', 1000),
    ('figma', 'Figma', 'figma', 'oauth2', '{file_read}', 500),
    ('stripe', 'Stripe', 'stripe', 'api_key', '{}', 1000);

CREATE TABLE public.connector_credentials (
    id                      uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id                 uuid        NOT NULL,
    connector_id            uuid        NOT NULL,
    access_token_encrypted  bytea       NOT NULL,
    refresh_token_encrypted bytea,
    scopes                  text[]      NOT NULL DEFAULT '{}',
    expires_at              timestamptz,
    last_used_at            timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connector_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT connector_credentials_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT connector_credentials_connector_id_fkey FOREIGN KEY (connector_id) REFERENCES public.connector_definitions (id),
    CONSTRAINT connector_credentials_user_connector_key UNIQUE (user_id, connector_id)
);
COMMENT ON TABLE public.connector_credentials IS 'A user''s link to a connector; tokens encrypted with pgp_sym_encrypt and readable by no API role.';
CREATE INDEX connector_credentials_connector_id_idx ON public.connector_credentials (connector_id);
CREATE INDEX connector_credentials_created_at_idx ON public.connector_credentials (created_at DESC);
CREATE TRIGGER connector_credentials_set_updated_at BEFORE UPDATE ON public.connector_credentials
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('last_used_at');

-- Stores (or replaces) the caller's credential for a connector, encrypting the tokens with
-- `key`. Runs as the caller: RLS and the column grants apply. Returns the row id.
CREATE FUNCTION public.store_connector_credential(
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

-- Decrypts a credential's access token: for the service role (workers calling the
-- connector), never granted to API roles.
CREATE FUNCTION public.connector_access_token(credential uuid, key text) RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT pgp_sym_decrypt(access_token_encrypted, key) FROM public.connector_credentials WHERE id = credential
$$;
REVOKE ALL ON FUNCTION public.connector_access_token(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.connector_access_token(uuid, text) TO service_role;

CREATE TABLE public.connector_usage_logs (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id       uuid        NOT NULL,
    connector_id  uuid        NOT NULL,
    credential_id uuid,
    operation     text        NOT NULL,
    credits_used  integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connector_usage_logs_pkey PRIMARY KEY (id),
    CONSTRAINT connector_usage_logs_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT connector_usage_logs_connector_id_fkey FOREIGN KEY (connector_id) REFERENCES public.connector_definitions (id),
    CONSTRAINT connector_usage_logs_credential_id_fkey FOREIGN KEY (credential_id) REFERENCES public.connector_credentials (id) ON DELETE SET NULL,
    CONSTRAINT connector_usage_logs_operation_length CHECK (char_length(btrim(operation)) BETWEEN 1 AND 200),
    CONSTRAINT connector_usage_logs_credits_nonnegative CHECK (credits_used >= 0)
);
COMMENT ON TABLE public.connector_usage_logs IS 'One row per connector call, for rate limits and billing (seed 002: 1 credit per call).';
CREATE INDEX connector_usage_logs_user_connector_created_at_idx ON public.connector_usage_logs (user_id, connector_id, created_at DESC);
CREATE INDEX connector_usage_logs_connector_id_idx ON public.connector_usage_logs (connector_id);
CREATE INDEX connector_usage_logs_credential_id_idx ON public.connector_usage_logs (credential_id);
CREATE INDEX connector_usage_logs_created_at_idx ON public.connector_usage_logs (created_at DESC);

-- Logs one call of the caller through their credential for `connector`, refusing it when
-- the connector's hourly limit is reached. Runs as the caller.
CREATE FUNCTION public.record_connector_call(connector uuid, operation text)
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

GRANT ALL ON public.connector_definitions, public.connector_credentials, public.connector_usage_logs TO service_role;
GRANT SELECT ON public.connector_definitions, public.connector_usage_logs TO anon, authenticated;
-- Never the encrypted columns: not even their owner reads the ciphertext.
GRANT SELECT (id, user_id, connector_id, scopes, expires_at, last_used_at, created_at, updated_at)
    ON public.connector_credentials TO anon, authenticated;
GRANT INSERT (user_id, connector_id, access_token_encrypted, refresh_token_encrypted, expires_at),
    UPDATE (access_token_encrypted, refresh_token_encrypted, expires_at, last_used_at), DELETE
    ON public.connector_credentials TO authenticated;
GRANT INSERT (user_id, connector_id, credential_id, operation) ON public.connector_usage_logs TO authenticated;

ALTER TABLE public.connector_definitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.connector_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.connector_usage_logs ENABLE ROW LEVEL SECURITY;

CREATE POLICY connector_definitions_select_public ON public.connector_definitions
    FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY connector_credentials_all_own ON public.connector_credentials
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY connector_usage_logs_select_own ON public.connector_usage_logs
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY connector_usage_logs_insert_own ON public.connector_usage_logs
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
