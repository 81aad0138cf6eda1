-- Collaboration (seed 002: sessions shared by token, participants with presence, invites,
-- edit history) and the job queue (seed 003: job types, jobs with progress, job logs).
-- Presence and job progress feed realtime subscriptions (see the realtime migration).

-- ---------------------------------------------------------------------------------------
-- collaboration_sessions
-- ---------------------------------------------------------------------------------------
-- A secure random share token (seed 002 generate_share_token).
CREATE FUNCTION public.generate_share_token() RETURNS text
LANGUAGE sql VOLATILE
AS $$
    SELECT encode(gen_random_bytes(24), 'hex')
$$;
COMMENT ON FUNCTION public.generate_share_token() IS 'A 48-hex-digit random token for sharing a collaboration session.';

CREATE TABLE public.collaboration_sessions (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    owner_id     uuid        NOT NULL,
    title        text        NOT NULL DEFAULT '',
    document_ref text,
    share_token  text        NOT NULL DEFAULT public.generate_share_token(),
    is_active    boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collaboration_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT collaboration_sessions_owner_id_fkey
        FOREIGN KEY (owner_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT collaboration_sessions_share_token_key UNIQUE (share_token),
    CONSTRAINT collaboration_sessions_title_length CHECK (char_length(title) <= 200)
);
COMMENT ON TABLE public.collaboration_sessions IS
    'A shared document session; visible to its owner and participants, joinable with its share token.';

CREATE INDEX collaboration_sessions_owner_id_idx ON public.collaboration_sessions (owner_id);
CREATE INDEX collaboration_sessions_created_at_idx ON public.collaboration_sessions (created_at DESC);

CREATE TRIGGER collaboration_sessions_set_updated_at
    BEFORE UPDATE ON public.collaboration_sessions
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- ---------------------------------------------------------------------------------------
-- collaboration_participants
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.collaboration_participants (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id   uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    role         text        NOT NULL DEFAULT 'viewer',
    status       text        NOT NULL DEFAULT 'offline',
    cursor       jsonb,
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    joined_at    timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collaboration_participants_pkey PRIMARY KEY (id),
    CONSTRAINT collaboration_participants_session_id_fkey
        FOREIGN KEY (session_id) REFERENCES public.collaboration_sessions (id) ON DELETE CASCADE,
    CONSTRAINT collaboration_participants_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT collaboration_participants_session_id_user_id_key UNIQUE (session_id, user_id),
    CONSTRAINT collaboration_participants_role_check CHECK (role IN ('owner', 'editor', 'viewer')),
    CONSTRAINT collaboration_participants_status_check CHECK (status IN ('online', 'idle', 'offline')),
    CONSTRAINT collaboration_participants_cursor_size CHECK (pg_column_size(cursor) <= 2048)
);
COMMENT ON TABLE public.collaboration_participants IS
    'Who takes part in a session, with presence (status, cursor, last_seen_at); silent for 2 minutes = offline.';

CREATE INDEX collaboration_participants_user_id_idx ON public.collaboration_participants (user_id);
-- The sweeper's scan: participants not yet offline, by age.
CREATE INDEX collaboration_participants_present_idx
    ON public.collaboration_participants (last_seen_at) WHERE status <> 'offline';
CREATE INDEX collaboration_participants_created_at_idx ON public.collaboration_participants (created_at DESC);

CREATE TRIGGER collaboration_participants_set_updated_at
    BEFORE UPDATE ON public.collaboration_participants
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('last_seen_at');

-- Whether the caller owns or takes part in the session. SECURITY DEFINER so the policies of
-- collaboration_participants do not recurse into themselves.
CREATE FUNCTION public.is_session_member(session_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.collaboration_sessions s
        WHERE s.id = is_session_member.session_id AND s.owner_id = auth.uid()
    ) OR EXISTS (
        SELECT 1 FROM public.collaboration_participants p
        WHERE p.session_id = is_session_member.session_id AND p.user_id = auth.uid()
    )
$$;
COMMENT ON FUNCTION public.is_session_member(uuid) IS
    'Whether the caller (auth.uid()) owns or participates in the collaboration session.';

-- The owner is a participant of their session from the start (offline until they join).
CREATE FUNCTION public.collaboration_sessions_add_owner() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    INSERT INTO public.collaboration_participants (session_id, user_id, role)
    VALUES (NEW.id, NEW.owner_id, 'owner')
    ON CONFLICT (session_id, user_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER collaboration_sessions_add_owner
    AFTER INSERT ON public.collaboration_sessions
    FOR EACH ROW EXECUTE FUNCTION public.collaboration_sessions_add_owner();

-- Joins the caller to a session as online: allowed for its owner, its participants and
-- holders of its share token (who join as viewers). Raises insufficient_privilege otherwise,
-- without telling whether the session exists.
CREATE FUNCTION public.join_collaboration_session(session_id uuid, share_token text DEFAULT NULL)
RETURNS public.collaboration_participants
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    joined public.collaboration_participants;
BEGIN
    IF auth.uid() IS NULL OR NOT (
        public.is_session_member(join_collaboration_session.session_id)
        OR EXISTS (
            SELECT 1 FROM public.collaboration_sessions s
            WHERE s.id = join_collaboration_session.session_id
              AND s.is_active
              AND s.share_token = join_collaboration_session.share_token
        )
    ) THEN
        RAISE EXCEPTION 'you may not join this collaboration session'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO public.collaboration_participants (session_id, user_id, role, status, last_seen_at)
    VALUES (join_collaboration_session.session_id, auth.uid(), 'viewer', 'online', now())
    ON CONFLICT ON CONSTRAINT collaboration_participants_session_id_user_id_key
    DO UPDATE SET status = 'online', last_seen_at = now()
    RETURNING * INTO joined;
    RETURN joined;
END
$$;
COMMENT ON FUNCTION public.join_collaboration_session(uuid, text) IS
    'Marks the caller online in the session (owner, participant, or share-token holder).';

-- Seed 002 update_participant_presence: the caller's own status and cursor.
CREATE FUNCTION public.update_participant_presence(session_id uuid, status text, cursor jsonb)
RETURNS SETOF public.collaboration_participants
LANGUAGE sql VOLATILE
AS $$
    UPDATE public.collaboration_participants p
    SET status = update_participant_presence.status,
        cursor = coalesce(update_participant_presence.cursor, p.cursor),
        last_seen_at = now()
    WHERE p.session_id = update_participant_presence.session_id AND p.user_id = auth.uid()
    RETURNING p.*
$$;
COMMENT ON FUNCTION public.update_participant_presence(uuid, text, jsonb) IS
    'Sets the caller''s presence status and cursor in a session (row-level security applies).';

-- Seed 002 mark_stale_participants_offline: one statement, so several gateway processes
-- may run it at the same time.
CREATE FUNCTION public.mark_stale_participants_offline(silence interval DEFAULT interval '2 minutes')
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public
AS $$
    WITH stale AS (
        UPDATE public.collaboration_participants
        SET status = 'offline'
        WHERE status <> 'offline' AND last_seen_at < now() - silence
        RETURNING 1
    )
    SELECT count(*)::integer FROM stale
$$;
COMMENT ON FUNCTION public.mark_stale_participants_offline(interval) IS
    'Marks participants silent for `silence` (default 2 minutes) offline; returns how many.';

-- ---------------------------------------------------------------------------------------
-- collaboration_invites and collaboration_edits
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.collaboration_invites (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id    uuid        NOT NULL,
    inviter_id    uuid        NOT NULL,
    invitee_id    uuid,
    invitee_email text,
    role          text        NOT NULL DEFAULT 'viewer',
    token         text        NOT NULL DEFAULT public.generate_share_token(),
    expires_at    timestamptz NOT NULL DEFAULT now() + interval '7 days',
    accepted_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collaboration_invites_pkey PRIMARY KEY (id),
    CONSTRAINT collaboration_invites_session_id_fkey
        FOREIGN KEY (session_id) REFERENCES public.collaboration_sessions (id) ON DELETE CASCADE,
    CONSTRAINT collaboration_invites_inviter_id_fkey
        FOREIGN KEY (inviter_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT collaboration_invites_invitee_id_fkey
        FOREIGN KEY (invitee_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT collaboration_invites_token_key UNIQUE (token),
    CONSTRAINT collaboration_invites_role_check CHECK (role IN ('editor', 'viewer')),
    CONSTRAINT collaboration_invites_has_invitee CHECK (invitee_id IS NOT NULL OR invitee_email IS NOT NULL)
);
COMMENT ON TABLE public.collaboration_invites IS 'Invitations to a session, by user or e-mail, with a role and an expiry.';

CREATE INDEX collaboration_invites_session_id_idx ON public.collaboration_invites (session_id);
CREATE INDEX collaboration_invites_invitee_id_idx ON public.collaboration_invites (invitee_id);
CREATE INDEX collaboration_invites_created_at_idx ON public.collaboration_invites (created_at DESC);

CREATE TABLE public.collaboration_edits (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    operation  jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collaboration_edits_pkey PRIMARY KEY (id),
    CONSTRAINT collaboration_edits_session_id_fkey
        FOREIGN KEY (session_id) REFERENCES public.collaboration_sessions (id) ON DELETE CASCADE,
    CONSTRAINT collaboration_edits_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE
);
COMMENT ON TABLE public.collaboration_edits IS 'Append-only edit history of a session (JSON operations or Yjs updates), for audit and undo.';

CREATE INDEX collaboration_edits_session_id_created_at_idx ON public.collaboration_edits (session_id, created_at);
CREATE INDEX collaboration_edits_user_id_idx ON public.collaboration_edits (user_id);
CREATE INDEX collaboration_edits_created_at_idx ON public.collaboration_edits (created_at DESC);

-- ---------------------------------------------------------------------------------------
-- job_types, jobs, job_logs
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.job_types (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    name            text        NOT NULL,
    description     text        NOT NULL DEFAULT '',
    max_attempts    integer     NOT NULL DEFAULT 3,
    timeout_seconds integer     NOT NULL DEFAULT 300,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_types_pkey PRIMARY KEY (id),
    CONSTRAINT job_types_name_key UNIQUE (name),
    CONSTRAINT job_types_max_attempts_check CHECK (max_attempts BETWEEN 1 AND 100),
    CONSTRAINT job_types_timeout_seconds_check CHECK (timeout_seconds > 0)
);
COMMENT ON TABLE public.job_types IS 'Kinds of background job, with their retry and timeout policy. Public read.';

CREATE INDEX job_types_created_at_idx ON public.job_types (created_at DESC);

INSERT INTO public.job_types (name, description, max_attempts, timeout_seconds) VALUES
    ('sync_youtube', 'Sync content from a connected YouTube account', 3, 600),
    ('sync_instagram', 'Sync content from a connected Instagram account', 3, 600),
    ('sync_tiktok', 'Sync content from a connected TikTok account', 3, 600),
    ('ai_generate_tags', 'Suggest titles and tags for a content item', 3, 120),
    ('seo_submit', 'Submit URLs to search engines', 5, 120),
    ('export_data', 'Export the account''s data', 1, 1800);

CREATE TABLE public.jobs (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id          uuid        NOT NULL,
    job_type_id      uuid        NOT NULL,
    payload          jsonb       NOT NULL DEFAULT '{}',
    status           text        NOT NULL DEFAULT 'queued',
    priority         integer     NOT NULL DEFAULT 0,
    progress         integer     NOT NULL DEFAULT 0,
    progress_message text,
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL DEFAULT 3,
    dedup_key        text,
    run_after        timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    result           jsonb,
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT jobs_pkey PRIMARY KEY (id),
    CONSTRAINT jobs_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT jobs_job_type_id_fkey FOREIGN KEY (job_type_id) REFERENCES public.job_types (id),
    CONSTRAINT jobs_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
    CONSTRAINT jobs_priority_check CHECK (priority BETWEEN -100 AND 100),
    CONSTRAINT jobs_progress_check CHECK (progress BETWEEN 0 AND 100),
    CONSTRAINT jobs_progress_message_length CHECK (char_length(progress_message) <= 500),
    CONSTRAINT jobs_attempts_check CHECK (attempts >= 0 AND attempts <= max_attempts),
    CONSTRAINT jobs_dedup_key_length CHECK (char_length(dedup_key) <= 200),
    CONSTRAINT jobs_payload_is_object CHECK (jsonb_typeof(payload) = 'object')
);
COMMENT ON TABLE public.jobs IS
    'Background jobs (seed 003 job_queue): queued by their owner, claimed and reported by service-role workers.';

-- The claim scan: queued jobs by priority, then age.
CREATE INDEX jobs_queued_idx ON public.jobs (priority DESC, run_after, created_at) WHERE status = 'queued';
CREATE INDEX jobs_user_id_created_at_idx ON public.jobs (user_id, created_at DESC);
CREATE INDEX jobs_user_id_active_idx ON public.jobs (user_id) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_dedup_idx ON public.jobs (user_id, job_type_id, dedup_key, created_at DESC);
CREATE INDEX jobs_job_type_id_idx ON public.jobs (job_type_id);
CREATE INDEX jobs_created_at_idx ON public.jobs (created_at DESC);

CREATE TRIGGER jobs_set_updated_at
    BEFORE UPDATE ON public.jobs
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.job_logs (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    job_id     uuid        NOT NULL,
    level      text        NOT NULL DEFAULT 'info',
    message    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_logs_pkey PRIMARY KEY (id),
    CONSTRAINT job_logs_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.jobs (id) ON DELETE CASCADE,
    CONSTRAINT job_logs_level_check CHECK (level IN ('debug', 'info', 'warn', 'error')),
    CONSTRAINT job_logs_message_length CHECK (char_length(message) <= 4000)
);
COMMENT ON TABLE public.job_logs IS 'What a job''s worker reported, in order.';

CREATE INDEX job_logs_job_id_created_at_idx ON public.job_logs (job_id, created_at);
CREATE INDEX job_logs_created_at_idx ON public.job_logs (created_at DESC);

-- Seed 003 find_or_create_job: the caller's job of this type and dedup key created in the
-- last 5 minutes and still active, or a new one. At most 10 active jobs per user. An
-- advisory lock per (user, type, key) makes concurrent identical requests share one job.
CREATE FUNCTION public.find_or_create_job(
    job_type text, payload jsonb DEFAULT '{}', priority integer DEFAULT 0, dedup_key text DEFAULT NULL
) RETURNS public.jobs
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    kind public.job_types;
    job public.jobs;
    key text := coalesce(find_or_create_job.dedup_key, md5(find_or_create_job.payload::text));
BEGIN
    IF auth.uid() IS NULL THEN
        RAISE EXCEPTION 'sign in to enqueue jobs' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO kind FROM public.job_types t WHERE t.name = find_or_create_job.job_type;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown job type %', find_or_create_job.job_type
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'jobs_job_type_id_fkey',
                  TABLE = 'jobs', SCHEMA = 'public';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(auth.uid()::text || ':' || kind.id::text || ':' || key, 0));
    SELECT * INTO job FROM public.jobs j
    WHERE j.user_id = auth.uid() AND j.job_type_id = kind.id AND j.dedup_key = key
      AND j.status IN ('queued', 'running') AND j.created_at > now() - interval '5 minutes'
    ORDER BY j.created_at DESC
    LIMIT 1;
    IF FOUND THEN
        RETURN job;
    END IF;
    -- Serialize the caller's enqueues so the active-job count is exact.
    PERFORM pg_advisory_xact_lock(hashtextextended(auth.uid()::text, 1));
    IF (SELECT count(*) FROM public.jobs j
        WHERE j.user_id = auth.uid() AND j.status IN ('queued', 'running')) >= 10 THEN
        RAISE EXCEPTION 'at most 10 jobs may be queued or running per user'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'jobs_active_limit',
                  TABLE = 'jobs', SCHEMA = 'public';
    END IF;
    INSERT INTO public.jobs (user_id, job_type_id, payload, priority, max_attempts, dedup_key)
    VALUES (auth.uid(), kind.id, find_or_create_job.payload, find_or_create_job.priority,
            kind.max_attempts, key)
    RETURNING * INTO job;
    RETURN job;
END
$$;
COMMENT ON FUNCTION public.find_or_create_job(text, jsonb, integer, text) IS
    'Enqueues a job for the caller, or returns the same active job requested in the last 5 minutes.';

-- Worker side (service_role only). claim_job hands out the best queued job; several workers
-- never get the same one (SKIP LOCKED).
CREATE FUNCTION public.claim_job(types text[] DEFAULT NULL) RETURNS SETOF public.jobs
LANGUAGE sql VOLATILE
AS $$
    UPDATE public.jobs j
    SET status = 'running', attempts = j.attempts + 1, started_at = now(), finished_at = NULL,
        progress = 0, progress_message = NULL
    WHERE j.id = (
        SELECT q.id FROM public.jobs q
        JOIN public.job_types t ON t.id = q.job_type_id
        WHERE q.status = 'queued' AND q.run_after <= now()
          AND (claim_job.types IS NULL OR t.name = ANY (claim_job.types))
        ORDER BY q.priority DESC, q.run_after, q.created_at
        LIMIT 1
        FOR UPDATE OF q SKIP LOCKED
    )
    RETURNING j.*
$$;

CREATE FUNCTION public.report_job_progress(job_id uuid, progress integer, message text DEFAULT NULL)
RETURNS SETOF public.jobs
LANGUAGE sql VOLATILE
AS $$
    UPDATE public.jobs j
    SET progress = report_job_progress.progress,
        progress_message = coalesce(report_job_progress.message, j.progress_message)
    WHERE j.id = report_job_progress.job_id AND j.status = 'running'
    RETURNING j.*
$$;

CREATE FUNCTION public.complete_job(job_id uuid, result jsonb DEFAULT NULL) RETURNS SETOF public.jobs
LANGUAGE sql VOLATILE
AS $$
    UPDATE public.jobs j
    SET status = 'succeeded', progress = 100, result = complete_job.result, finished_at = now(), error = NULL
    WHERE j.id = complete_job.job_id AND j.status = 'running'
    RETURNING j.*
$$;

-- A failed attempt goes back to the queue until max_attempts is reached.
CREATE FUNCTION public.fail_job(job_id uuid, error text, retry_after interval DEFAULT interval '0 seconds')
RETURNS SETOF public.jobs
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    INSERT INTO public.job_logs (job_id, level, message)
    SELECT j.id, 'error', left(fail_job.error, 4000) FROM public.jobs j
    WHERE j.id = fail_job.job_id AND j.status = 'running';
    RETURN QUERY
    UPDATE public.jobs j
    SET status = CASE WHEN j.attempts < j.max_attempts THEN 'queued' ELSE 'failed' END,
        run_after = now() + fail_job.retry_after,
        finished_at = CASE WHEN j.attempts < j.max_attempts THEN NULL ELSE now() END,
        error = left(fail_job.error, 4000)
    WHERE j.id = fail_job.job_id AND j.status = 'running'
    RETURNING j.*;
END
$$;

REVOKE EXECUTE ON FUNCTION public.claim_job(text[]), public.report_job_progress(uuid, integer, text),
    public.complete_job(uuid, jsonb), public.fail_job(uuid, text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.claim_job(text[]), public.report_job_progress(uuid, integer, text),
    public.complete_job(uuid, jsonb), public.fail_job(uuid, text, interval) TO service_role;
REVOKE EXECUTE ON FUNCTION public.mark_stale_participants_offline(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.mark_stale_participants_offline(interval) TO service_role;

-- ---------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------
GRANT ALL ON public.collaboration_sessions, public.collaboration_participants,
    public.collaboration_invites, public.collaboration_edits,
    public.job_types, public.jobs, public.job_logs TO service_role;

GRANT SELECT, DELETE ON public.collaboration_sessions TO authenticated;
GRANT INSERT (id, owner_id, title, document_ref) ON public.collaboration_sessions TO authenticated;
GRANT UPDATE (title, document_ref, is_active) ON public.collaboration_sessions TO authenticated;

GRANT SELECT, DELETE ON public.collaboration_participants TO authenticated;
GRANT INSERT (id, session_id, user_id, role) ON public.collaboration_participants TO authenticated;
GRANT UPDATE (status, cursor, last_seen_at) ON public.collaboration_participants TO authenticated;

GRANT SELECT, DELETE ON public.collaboration_invites TO authenticated;
GRANT INSERT (id, session_id, inviter_id, invitee_id, invitee_email, role, expires_at)
    ON public.collaboration_invites TO authenticated;

GRANT SELECT ON public.collaboration_edits TO authenticated;
GRANT INSERT (id, session_id, user_id, operation) ON public.collaboration_edits TO authenticated;

GRANT SELECT ON public.job_types, public.jobs, public.job_logs TO authenticated;

-- ---------------------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------------------
ALTER TABLE public.collaboration_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.collaboration_participants ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.collaboration_invites ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.collaboration_edits ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.job_types ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.job_logs ENABLE ROW LEVEL SECURITY;

CREATE POLICY collaboration_sessions_select_member ON public.collaboration_sessions
    FOR SELECT TO authenticated USING (auth.uid() = owner_id OR public.is_session_member(id));
CREATE POLICY collaboration_sessions_insert_own ON public.collaboration_sessions
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = owner_id);
CREATE POLICY collaboration_sessions_update_owner ON public.collaboration_sessions
    FOR UPDATE TO authenticated USING (auth.uid() = owner_id) WITH CHECK (auth.uid() = owner_id);
CREATE POLICY collaboration_sessions_delete_owner ON public.collaboration_sessions
    FOR DELETE TO authenticated USING (auth.uid() = owner_id);

CREATE POLICY collaboration_participants_select_member ON public.collaboration_participants
    FOR SELECT TO authenticated USING (public.is_session_member(session_id));
-- The owner adds people (never as a second owner); others join with the share token.
CREATE POLICY collaboration_participants_insert_owner ON public.collaboration_participants
    FOR INSERT TO authenticated WITH CHECK (
        role <> 'owner' AND EXISTS (
            SELECT 1 FROM public.collaboration_sessions s
            WHERE s.id = session_id AND s.owner_id = auth.uid()
        )
    );
CREATE POLICY collaboration_participants_update_own ON public.collaboration_participants
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY collaboration_participants_delete_self_or_owner ON public.collaboration_participants
    FOR DELETE TO authenticated USING (
        auth.uid() = user_id OR EXISTS (
            SELECT 1 FROM public.collaboration_sessions s
            WHERE s.id = session_id AND s.owner_id = auth.uid()
        )
    );

CREATE POLICY collaboration_invites_select_involved ON public.collaboration_invites
    FOR SELECT TO authenticated USING (auth.uid() = inviter_id OR auth.uid() = invitee_id);
CREATE POLICY collaboration_invites_insert_owner ON public.collaboration_invites
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = inviter_id AND EXISTS (
            SELECT 1 FROM public.collaboration_sessions s
            WHERE s.id = session_id AND s.owner_id = auth.uid()
        )
    );
CREATE POLICY collaboration_invites_delete_involved ON public.collaboration_invites
    FOR DELETE TO authenticated USING (auth.uid() = inviter_id OR auth.uid() = invitee_id);

CREATE POLICY collaboration_edits_select_member ON public.collaboration_edits
    FOR SELECT TO authenticated USING (public.is_session_member(session_id));
CREATE POLICY collaboration_edits_insert_member ON public.collaboration_edits
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = user_id AND public.is_session_member(session_id)
    );

CREATE POLICY job_types_select_all ON public.job_types FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY jobs_select_own ON public.jobs
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY job_logs_select_own ON public.job_logs
    FOR SELECT TO authenticated USING (
        EXISTS (SELECT 1 FROM public.jobs j WHERE j.id = job_id AND j.user_id = auth.uid())
    );

-- anon may SELECT so that row-level security answers "no rows" rather than a permission
-- error, which would abort the rest of an anonymous request's transaction.
GRANT SELECT ON public.collaboration_sessions, public.collaboration_participants,
    public.collaboration_invites, public.collaboration_edits,
    public.job_types, public.jobs, public.job_logs TO anon;
