-- Agents (seed 002, SwissBrain): runs with their steps, artifacts and messages, and the
-- agent's long-term memory with an embedding. Plus the Luminor functions of seed 004 that
-- migration 000010 did not write (get_or_create_conversation, add_key_memory).
--
-- Credit flow (seed 002): creating a run reserves its credit budget in the ledger under the
-- run's id (create_agent_run); each step's credits are consumed out of that reservation as
-- the step records them (agent_steps_account); when the run reaches a terminal status, its
-- open steps are cancelled and whatever is still reserved is released (agent_runs_settle).
-- The run's statistics (step counts, credits used, progress) are kept by the step trigger,
-- which also completes a running run once all its steps are completed or skipped.
-- Statuses are text with CHECK constraints, like every other enum-like column here.

-- ---------------------------------------------------------------------------------------
-- agent_runs: one task given to the agent (RT: agent_run:<id>).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.agent_runs (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key; also the credit reservation's reference.
    user_id          uuid        NOT NULL, -- Whose run (its owner).
    tenant_id        uuid, -- Optional tenant (workspace or organisation) the run belongs to.
    title            text        NOT NULL, -- Short name of the task.
    prompt           text        NOT NULL DEFAULT '', -- The task as the user asked it.
    mode             text        NOT NULL DEFAULT 'agent', -- How the agent works on it. [AgentMode]
    status           text        NOT NULL DEFAULT 'pending', -- Where the run is in its life cycle. [AgentRunStatus]
    progress         integer     NOT NULL DEFAULT 0, -- Percent done, 0 to 100 (kept from the steps once there are any).
    progress_message text, -- What the agent is doing now.
    config           jsonb       NOT NULL DEFAULT '{}', -- Settings of the run (model, limits, ...), a JSON object.
    result           jsonb, -- What the run produced.
    error            text, -- Why the run failed.
    credit_budget    bigint      NOT NULL, -- Credits reserved for the run when it was created.
    credits_used     bigint      NOT NULL DEFAULT 0, -- Credits its steps consumed (kept by trigger).
    total_steps      integer     NOT NULL DEFAULT 0, -- Steps recorded (kept by trigger).
    completed_steps  integer     NOT NULL DEFAULT 0, -- Steps completed or skipped (kept by trigger).
    failed_steps     integer     NOT NULL DEFAULT 0, -- Steps failed (kept by trigger).
    started_at       timestamptz, -- When it first became active.
    completed_at     timestamptz, -- When it reached a terminal status.
    created_at       timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at       timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT agent_runs_pkey PRIMARY KEY (id),
    CONSTRAINT agent_runs_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT agent_runs_id_user_id_key UNIQUE (id, user_id),
    CONSTRAINT agent_runs_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    CONSTRAINT agent_runs_prompt_length CHECK (char_length(prompt) <= 20000),
    CONSTRAINT agent_runs_mode_check CHECK (mode IN ('chat', 'agent', 'research', 'wide_research', 'code',
        'data_analysis', 'browser', 'image', 'slides', 'writing', 'planning', 'custom')),
    CONSTRAINT agent_runs_status_check CHECK (status IN ('pending', 'queued', 'planning', 'running',
        'waiting_for_user', 'paused', 'completed', 'failed', 'cancelled', 'timed_out')),
    CONSTRAINT agent_runs_progress_range CHECK (progress BETWEEN 0 AND 100),
    CONSTRAINT agent_runs_progress_message_length CHECK (char_length(progress_message) <= 500),
    CONSTRAINT agent_runs_config_is_object CHECK (jsonb_typeof(config) = 'object'),
    CONSTRAINT agent_runs_credit_budget_positive CHECK (credit_budget > 0),
    CONSTRAINT agent_runs_credits_used_within_budget CHECK (credits_used BETWEEN 0 AND credit_budget),
    CONSTRAINT agent_runs_step_counts CHECK (total_steps >= 0 AND completed_steps >= 0 AND failed_steps >= 0
        AND completed_steps + failed_steps <= total_steps),
    CONSTRAINT agent_runs_failure_explained CHECK (status <> 'failed' OR error IS NOT NULL)
);
COMMENT ON TABLE public.agent_runs IS 'Agent runs (seed 002): a task, its status and progress, its credit budget and step statistics; its owner''s only.';

CREATE INDEX agent_runs_user_id_created_at_idx ON public.agent_runs (user_id, created_at DESC);
CREATE INDEX agent_runs_tenant_id_idx ON public.agent_runs (tenant_id) WHERE tenant_id IS NOT NULL;
CREATE INDEX agent_runs_status_idx ON public.agent_runs (status);
CREATE INDEX agent_runs_active_idx ON public.agent_runs (user_id)
    WHERE status NOT IN ('completed', 'failed', 'cancelled', 'timed_out');
CREATE INDEX agent_runs_created_at_idx ON public.agent_runs (created_at DESC);
CREATE INDEX agent_runs_credits_used_idx ON public.agent_runs (credits_used);

-- ---------------------------------------------------------------------------------------
-- agent_steps: one tool call or thought of a run. user_id is the run's owner, kept
-- consistent by the composite foreign key.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.agent_steps (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    run_id       uuid        NOT NULL, -- The run.
    user_id      uuid        NOT NULL, -- The run's owner.
    step_number  integer     NOT NULL, -- Position in the run, from 1 (assigned on insert).
    name         text        NOT NULL, -- What the step does.
    tool_type    text        NOT NULL, -- The tool it uses. [ToolType]
    status       text        NOT NULL DEFAULT 'pending', -- Where the step is in its life cycle. [AgentStepStatus]
    input        jsonb       NOT NULL DEFAULT '{}', -- The tool's input.
    output       jsonb, -- The tool's output.
    error        text, -- Why the step failed.
    credits_used bigint      NOT NULL DEFAULT 0, -- Credits the step consumed out of the run's reservation.
    started_at   timestamptz, -- When it started running.
    completed_at timestamptz, -- When it finished.
    created_at   timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at   timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT agent_steps_pkey PRIMARY KEY (id),
    CONSTRAINT agent_steps_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.agent_runs (id) ON DELETE CASCADE,
    CONSTRAINT agent_steps_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT agent_steps_run_owner_fkey FOREIGN KEY (run_id, user_id) REFERENCES public.agent_runs (id, user_id) ON DELETE CASCADE,
    CONSTRAINT agent_steps_id_run_id_key UNIQUE (id, run_id),
    CONSTRAINT agent_steps_run_id_step_number_key UNIQUE (run_id, step_number),
    CONSTRAINT agent_steps_step_number_positive CHECK (step_number > 0),
    CONSTRAINT agent_steps_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT agent_steps_tool_type_check CHECK (tool_type IN ('llm', 'code', 'browser', 'search', 'file',
        'shell', 'image', 'connector', 'wide_research', 'memory', 'message', 'other')),
    CONSTRAINT agent_steps_status_check CHECK (status IN ('pending', 'running', 'completed', 'failed', 'skipped', 'cancelled')),
    CONSTRAINT agent_steps_credits_used_nonnegative CHECK (credits_used >= 0),
    CONSTRAINT agent_steps_failure_explained CHECK (status <> 'failed' OR error IS NOT NULL)
);
COMMENT ON TABLE public.agent_steps IS 'Steps of an agent run: a tool call with its input, output and credits; the run owner''s only.';

CREATE INDEX agent_steps_user_id_idx ON public.agent_steps (user_id);
CREATE INDEX agent_steps_status_idx ON public.agent_steps (status);
CREATE INDEX agent_steps_tool_type_idx ON public.agent_steps (tool_type);
CREATE INDEX agent_steps_created_at_idx ON public.agent_steps (created_at DESC);

-- ---------------------------------------------------------------------------------------
-- agent_artifacts: files a run produced, stored elsewhere and addressed by content hash.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.agent_artifacts (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    run_id       uuid        NOT NULL, -- The run that produced it.
    user_id      uuid        NOT NULL, -- The run's owner.
    step_id      uuid, -- The step that produced it, if known.
    name         text        NOT NULL, -- File name shown to the user.
    storage_path text        NOT NULL, -- Where the bytes are, in the storage bucket.
    content_hash text        NOT NULL, -- SHA-256 of the content (64 lowercase hex digits).
    size_bytes   bigint      NOT NULL, -- Size of the content in bytes.
    mime_type    text, -- Media type, e.g. `text/markdown`.
    created_at   timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at   timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT agent_artifacts_pkey PRIMARY KEY (id),
    CONSTRAINT agent_artifacts_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.agent_runs (id) ON DELETE CASCADE,
    CONSTRAINT agent_artifacts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT agent_artifacts_run_owner_fkey FOREIGN KEY (run_id, user_id) REFERENCES public.agent_runs (id, user_id) ON DELETE CASCADE,
    CONSTRAINT agent_artifacts_step_id_fkey FOREIGN KEY (step_id, run_id) REFERENCES public.agent_steps (id, run_id) ON DELETE SET NULL (step_id),
    CONSTRAINT agent_artifacts_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 255),
    CONSTRAINT agent_artifacts_storage_path_length CHECK (char_length(storage_path) BETWEEN 1 AND 1024),
    CONSTRAINT agent_artifacts_content_hash_format CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT agent_artifacts_size_nonnegative CHECK (size_bytes >= 0)
);
COMMENT ON TABLE public.agent_artifacts IS 'Files an agent run produced: name, storage path, content hash and size; the run owner''s only.';

CREATE INDEX agent_artifacts_run_id_created_at_idx ON public.agent_artifacts (run_id, created_at);
CREATE INDEX agent_artifacts_user_id_idx ON public.agent_artifacts (user_id);
CREATE INDEX agent_artifacts_step_id_idx ON public.agent_artifacts (step_id);
CREATE INDEX agent_artifacts_content_hash_idx ON public.agent_artifacts (content_hash);
CREATE INDEX agent_artifacts_created_at_idx ON public.agent_artifacts (created_at DESC);
CREATE INDEX agent_artifacts_size_bytes_idx ON public.agent_artifacts (size_bytes);

-- ---------------------------------------------------------------------------------------
-- agent_messages: the chat between the user and the agent within a run.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.agent_messages (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    run_id     uuid        NOT NULL, -- The run.
    user_id    uuid        NOT NULL, -- The run's owner.
    role       text        NOT NULL, -- Who speaks. [AgentMessageRole]
    content    text        NOT NULL, -- What is said.
    metadata   jsonb       NOT NULL DEFAULT '{}', -- Extra data (a JSON object).
    created_at timestamptz NOT NULL DEFAULT now(), -- When it was said.
    updated_at timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT agent_messages_pkey PRIMARY KEY (id),
    CONSTRAINT agent_messages_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.agent_runs (id) ON DELETE CASCADE,
    CONSTRAINT agent_messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT agent_messages_run_owner_fkey FOREIGN KEY (run_id, user_id) REFERENCES public.agent_runs (id, user_id) ON DELETE CASCADE,
    CONSTRAINT agent_messages_role_check CHECK (role IN ('user', 'assistant', 'system', 'tool')),
    CONSTRAINT agent_messages_content_length CHECK (char_length(content) BETWEEN 1 AND 50000),
    CONSTRAINT agent_messages_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
COMMENT ON TABLE public.agent_messages IS 'Messages between the user and the agent within a run; the run owner''s only.';

CREATE INDEX agent_messages_run_id_created_at_idx ON public.agent_messages (run_id, created_at);
CREATE INDEX agent_messages_user_id_idx ON public.agent_messages (user_id);
CREATE INDEX agent_messages_created_at_idx ON public.agent_messages (created_at DESC);

-- ---------------------------------------------------------------------------------------
-- agent_memory: what the agent remembers about its user across runs, one entry per key.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.agent_memory (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id          uuid        NOT NULL, -- Whose memory.
    run_id           uuid, -- The run it was learnt in, if any.
    key              text        NOT NULL, -- Stable name of the memory; writing a key again replaces it.
    content          text        NOT NULL, -- What is remembered.
    importance       integer     NOT NULL DEFAULT 5, -- 1 (trivia) to 10 (essential).
    metadata         jsonb       NOT NULL DEFAULT '{}', -- Extra data (a JSON object).
    embedding        vector(384), -- The content's embedding (384 dimensions), for semantic search.
    last_accessed_at timestamptz, -- When it was last recalled.
    created_at       timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at       timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT agent_memory_pkey PRIMARY KEY (id),
    CONSTRAINT agent_memory_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT agent_memory_run_owner_fkey FOREIGN KEY (run_id, user_id) REFERENCES public.agent_runs (id, user_id) ON DELETE SET NULL (run_id),
    CONSTRAINT agent_memory_user_id_key_key UNIQUE (user_id, key),
    CONSTRAINT agent_memory_key_length CHECK (char_length(btrim(key)) BETWEEN 1 AND 200),
    CONSTRAINT agent_memory_content_length CHECK (char_length(btrim(content)) BETWEEN 1 AND 10000),
    CONSTRAINT agent_memory_importance_range CHECK (importance BETWEEN 1 AND 10),
    CONSTRAINT agent_memory_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
COMMENT ON TABLE public.agent_memory IS 'The agent''s long-term memory of a user, one entry per key, searchable by embedding distance.';

CREATE INDEX agent_memory_run_id_idx ON public.agent_memory (run_id);
CREATE INDEX agent_memory_importance_idx ON public.agent_memory (importance);
CREATE INDEX agent_memory_created_at_idx ON public.agent_memory (created_at DESC);
CREATE INDEX agent_memory_embedding_idx ON public.agent_memory USING hnsw (embedding vector_cosine_ops);

-- ---------------------------------------------------------------------------------------
-- Life cycles. A run: a finished run (completed, failed, cancelled, timed_out) stays
-- finished, and a run never goes back to pending. A step: pending -> running -> completed |
-- failed | cancelled, or pending -> completed | failed | skipped | cancelled. Both stamp
-- their start and end times.
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION public.agent_run_is_finished(p_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
    SELECT p_status IN ('completed', 'failed', 'cancelled', 'timed_out')
$$;

CREATE FUNCTION public.agent_runs_lifecycle() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status
        AND (public.agent_run_is_finished(OLD.status) OR NEW.status = 'pending') THEN
        RAISE EXCEPTION 'a % run cannot become %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'agent_runs_status_transition',
                  TABLE = 'agent_runs', SCHEMA = 'public';
    END IF;
    IF NEW.status NOT IN ('pending', 'queued') AND NEW.started_at IS NULL THEN
        NEW.started_at := now();
    END IF;
    IF public.agent_run_is_finished(NEW.status) AND NEW.completed_at IS NULL THEN
        NEW.completed_at := now();
    END IF;
    IF NEW.status = 'completed' THEN
        NEW.progress := 100;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER agent_runs_lifecycle
    BEFORE INSERT OR UPDATE ON public.agent_runs
    FOR EACH ROW EXECUTE FUNCTION public.agent_runs_lifecycle();

-- Steps are numbered in their run under the run's row lock (taken as the writer, so a run
-- the writer may not see is "missing"), and a finished run takes no new step.
CREATE FUNCTION public.agent_steps_lifecycle() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    run_status text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT status INTO run_status FROM public.agent_runs WHERE id = NEW.run_id FOR UPDATE;
        IF NOT FOUND THEN
            -- Missing, or another user's: the same answer, so its existence does not leak.
            RAISE EXCEPTION 'no such agent run' USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF public.agent_run_is_finished(run_status) THEN
            RAISE EXCEPTION 'the run is % and takes no new steps', run_status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'agent_steps_run_finished',
                      TABLE = 'agent_steps', SCHEMA = 'public';
        END IF;
        IF NEW.step_number IS NULL THEN
            SELECT coalesce(max(s.step_number), 0) + 1 INTO NEW.step_number
            FROM public.agent_steps s WHERE s.run_id = NEW.run_id;
        END IF;
    ELSIF NEW.status IS DISTINCT FROM OLD.status AND NOT (
        (OLD.status = 'pending' AND NEW.status IN ('running', 'completed', 'failed', 'skipped', 'cancelled'))
        OR (OLD.status = 'running' AND NEW.status IN ('completed', 'failed', 'cancelled'))
    ) THEN
        RAISE EXCEPTION 'a % step cannot become %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'agent_steps_status_transition',
                  TABLE = 'agent_steps', SCHEMA = 'public';
    ELSIF NEW.credits_used < OLD.credits_used THEN
        RAISE EXCEPTION 'consumed credits cannot be taken back'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'agent_steps_credits_used_decrease',
                  TABLE = 'agent_steps', SCHEMA = 'public';
    END IF;
    IF NEW.status <> 'pending' AND NEW.started_at IS NULL THEN
        NEW.started_at := now();
    END IF;
    IF NEW.status IN ('completed', 'failed', 'skipped', 'cancelled') AND NEW.completed_at IS NULL THEN
        NEW.completed_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER agent_steps_lifecycle
    BEFORE INSERT OR UPDATE ON public.agent_steps
    FOR EACH ROW EXECUTE FUNCTION public.agent_steps_lifecycle();

-- ---------------------------------------------------------------------------------------
-- Credits and statistics. These two triggers act for the run's owner whoever writes the
-- row (the owner through the gateway, a service-role worker, plain SQL as the table
-- owner): the row-level security that let the writer touch the row already decided they
-- may. The credit functions insist on a caller acting for the account, so the triggers
-- run with service-role claims, set for the function call only (PostgreSQL restores them
-- on exit), and as the owner (SECURITY DEFINER) so the run's row is theirs to update.
-- ---------------------------------------------------------------------------------------

-- A step's new credits are consumed out of the run's reservation (refused when it does not
-- cover them); then the run's counts, credits and progress follow, and a running run
-- whose steps are all completed or skipped completes (seed 002's
-- trigger_update_run_statistics and trigger_check_run_completion).
CREATE FUNCTION public.agent_steps_account() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
SET request.jwt.claims = '{"role": "service_role"}'
AS $$
DECLARE
    step public.agent_steps := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    was_done integer := CASE WHEN TG_OP <> 'INSERT' AND OLD.status IN ('completed', 'skipped') THEN 1 ELSE 0 END;
    is_done integer := CASE WHEN TG_OP <> 'DELETE' AND NEW.status IN ('completed', 'skipped') THEN 1 ELSE 0 END;
    was_failed integer := CASE WHEN TG_OP <> 'INSERT' AND OLD.status = 'failed' THEN 1 ELSE 0 END;
    is_failed integer := CASE WHEN TG_OP <> 'DELETE' AND NEW.status = 'failed' THEN 1 ELSE 0 END;
    added_steps integer := CASE TG_OP WHEN 'INSERT' THEN 1 WHEN 'DELETE' THEN -1 ELSE 0 END;
    spent bigint := CASE TG_OP WHEN 'INSERT' THEN NEW.credits_used
                               WHEN 'UPDATE' THEN NEW.credits_used - OLD.credits_used ELSE 0 END;
BEGIN
    IF spent > 0 AND NOT EXISTS (
        SELECT FROM public.consume_credits(step.user_id, spent, step.run_id,
                                           format('agent step %s: %s', step.step_number, step.name))
    ) THEN
        RAISE EXCEPTION 'the run''s remaining credit budget does not cover % credits', spent
            USING ERRCODE = 'check_violation', CONSTRAINT = 'agent_steps_credit_budget_exceeded',
                  TABLE = 'agent_steps', SCHEMA = 'public';
    END IF;
    IF added_steps = 0 AND spent = 0 AND is_done = was_done AND is_failed = was_failed THEN
        RETURN NULL;
    END IF;
    -- Deltas on the locked row, so concurrent step changes of one run all count.
    UPDATE public.agent_runs r SET
        total_steps = r.total_steps + added_steps,
        completed_steps = r.completed_steps + is_done - was_done,
        failed_steps = r.failed_steps + is_failed - was_failed,
        credits_used = r.credits_used + spent,
        progress = CASE
            WHEN public.agent_run_is_finished(r.status) OR r.total_steps + added_steps = 0 THEN r.progress
            ELSE (100 * (r.completed_steps + is_done - was_done) / (r.total_steps + added_steps))::integer END,
        status = CASE
            WHEN r.status = 'running' AND r.total_steps + added_steps > 0
                 AND r.completed_steps + is_done - was_done = r.total_steps + added_steps THEN 'completed'
            ELSE r.status END
    WHERE r.id = step.run_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER agent_steps_account
    AFTER INSERT OR UPDATE OR DELETE ON public.agent_steps
    FOR EACH ROW EXECUTE FUNCTION public.agent_steps_account();

-- A run that reaches a terminal status cancels its open steps and gives back what is
-- still reserved for it.
CREATE FUNCTION public.agent_runs_settle() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
SET request.jwt.claims = '{"role": "service_role"}'
AS $$
BEGIN
    UPDATE public.agent_steps SET status = 'cancelled'
    WHERE run_id = NEW.id AND status IN ('pending', 'running');
    PERFORM public.release_credits(NEW.user_id, NEW.id, NULL, format('agent run %s', NEW.status));
    RETURN NULL;
END
$$;

CREATE TRIGGER agent_runs_settle
    AFTER UPDATE OF status ON public.agent_runs
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status AND public.agent_run_is_finished(NEW.status))
    EXECUTE FUNCTION public.agent_runs_settle();

-- agent_runs -> agent_run:<id>: every change of status, progress, message or statistics,
-- with that state in the payload (each event shows the run as it was at that commit).
CREATE FUNCTION public.agent_runs_publish() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.status, NEW.progress, NEW.progress_message, NEW.total_steps,
            NEW.completed_steps, NEW.failed_steps, NEW.credits_used)
        IS NOT DISTINCT FROM (OLD.status, OLD.progress, OLD.progress_message, OLD.total_steps,
            OLD.completed_steps, OLD.failed_steps, OLD.credits_used) THEN
        RETURN NULL;
    END IF;
    PERFORM realtime.publish('agent_run:' || NEW.id,
        CASE WHEN TG_OP = 'INSERT' THEN 'created'
             WHEN NEW.status IS DISTINCT FROM OLD.status THEN 'status'
             ELSE 'progress' END,
        NEW.id,
        jsonb_build_object('status', NEW.status, 'progress', NEW.progress,
                           'progress_message', NEW.progress_message, 'total_steps', NEW.total_steps,
                           'completed_steps', NEW.completed_steps, 'failed_steps', NEW.failed_steps,
                           'credits_used', NEW.credits_used, 'error', left(NEW.error, 500)));
    RETURN NULL;
END
$$;

CREATE TRIGGER agent_runs_publish
    AFTER INSERT OR UPDATE ON public.agent_runs
    FOR EACH ROW EXECUTE FUNCTION public.agent_runs_publish();

-- Creates a run for the caller after reserving its budget under the run's id; no row (and
-- nothing written) when the available credits do not cover the budget.
CREATE FUNCTION public.create_agent_run(
    p_title text, p_prompt text, p_mode text, p_credit_budget bigint, p_tenant_id uuid, p_config jsonb
) RETURNS SETOF public.agent_runs
LANGUAGE plpgsql
AS $$
DECLARE
    run_id uuid := gen_random_uuid();
BEGIN
    IF auth.uid() IS NULL THEN
        RAISE EXCEPTION 'sign in to start agent runs' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM public.reserve_credits(auth.uid(), p_credit_budget, run_id,
                                                      format('agent run budget: %s', left(p_title, 100)))) THEN
        RETURN;
    END IF;
    RETURN QUERY
    INSERT INTO public.agent_runs (id, user_id, tenant_id, title, prompt, mode, credit_budget, config)
    VALUES (run_id, auth.uid(), p_tenant_id, p_title, coalesce(p_prompt, ''), coalesce(p_mode, 'agent'),
            p_credit_budget, coalesce(p_config, '{}'))
    RETURNING *;
END
$$;

-- ---------------------------------------------------------------------------------------
-- updated_at triggers, grants and row-level security: every agent table is its owner's
-- (children carry the run's owner); the service role (workers) sees all.
-- ---------------------------------------------------------------------------------------
CREATE TRIGGER agent_runs_set_updated_at
    BEFORE UPDATE ON public.agent_runs
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('total_steps', 'completed_steps', 'failed_steps', 'credits_used');

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['agent_steps', 'agent_artifacts', 'agent_messages', 'agent_memory'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()',
                       t || '_set_updated_at', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['agent_runs', 'agent_steps', 'agent_artifacts', 'agent_messages', 'agent_memory'] LOOP
        EXECUTE format('GRANT ALL ON public.%I TO service_role', t);
        -- anon may SELECT so that row-level security answers "no rows" rather than a
        -- permission error, which would abort the rest of an anonymous request.
        EXECUTE format('GRANT SELECT ON public.%I TO anon, authenticated', t);
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON public.%I TO authenticated', t);
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON public.%I FOR ALL TO authenticated
                        USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id)', t || '_own', t);
    END LOOP;
END
$$;

-- Internal: only the triggers call them.
REVOKE EXECUTE ON FUNCTION public.agent_steps_account() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION public.agent_runs_settle() FROM PUBLIC;

-- ---------------------------------------------------------------------------------------
-- Seed 004's remaining Luminor functions.
-- ---------------------------------------------------------------------------------------

-- The caller's open conversation with a Luminor in a client session (the most recent one),
-- or a new one. No row when the Luminor is not visible. The advisory lock makes two
-- concurrent calls for the same session share one conversation.
CREATE FUNCTION public.get_or_create_conversation(p_user_id uuid, p_luminor_id uuid, p_session_id text)
RETURNS SETOF public.luminor_conversations
LANGUAGE plpgsql
AS $$
DECLARE
    luminor public.luminors;
    existing public.luminor_conversations;
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    SELECT * INTO luminor FROM public.luminors WHERE id = p_luminor_id AND is_active;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(
        p_user_id::text || '/' || p_luminor_id::text || '/' || coalesce(p_session_id, ''), 0));
    SELECT * INTO existing FROM public.luminor_conversations c
    WHERE c.user_id = p_user_id AND c.luminor_id = p_luminor_id
      AND c.session_id IS NOT DISTINCT FROM p_session_id AND c.is_active AND NOT c.is_archived
    ORDER BY c.last_message_at DESC NULLS LAST, c.created_at DESC
    LIMIT 1;
    IF FOUND THEN
        RETURN NEXT existing;
        RETURN;
    END IF;
    RETURN QUERY
    INSERT INTO public.luminor_conversations (user_id, luminor_id, session_id, title)
    VALUES (p_user_id, p_luminor_id, p_session_id, 'Conversation with ' || luminor.name)
    RETURNING *;
END
$$;

-- Remembers something important about the relationship: appends {type, content,
-- importance, created_at} to key_memories, keeping the 50 most important (then newest).
-- SECURITY DEFINER: relationships are written by the system, read by their user.
CREATE FUNCTION public.add_key_memory(
    p_user_id uuid, p_luminor_id uuid, p_memory_type text, p_content text, p_importance integer
) RETURNS SETOF public.luminor_relationships
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    IF NOT EXISTS (SELECT FROM public.luminors WHERE id = p_luminor_id AND is_active AND is_public) THEN
        RETURN;
    END IF;
    INSERT INTO public.luminor_relationships (user_id, luminor_id) VALUES (p_user_id, p_luminor_id)
    ON CONFLICT (user_id, luminor_id) DO NOTHING;
    RETURN QUERY
    UPDATE public.luminor_relationships r SET
        key_memories = (
            SELECT coalesce(jsonb_agg(m.memory ORDER BY m.position), '[]'::jsonb)
            FROM (
                SELECT memory, position FROM jsonb_array_elements(
                    r.key_memories || jsonb_build_array(jsonb_build_object(
                        'type', p_memory_type, 'content', p_content, 'importance', p_importance,
                        'created_at', now()))
                ) WITH ORDINALITY AS e (memory, position)
                ORDER BY coalesce((memory ->> 'importance')::integer, 0) DESC, position DESC
                LIMIT 50
            ) m
        ),
        last_interaction_at = now()
    WHERE r.user_id = p_user_id AND r.luminor_id = p_luminor_id
    RETURNING r.*;
END
$$;
