-- Automation (catalog "jobs and automation"): seed 000's automations with ordered steps and
-- run history, seed 002's scheduled tasks (cron or interval, auto-pause after consecutive
-- failures) and wide research (a job fans out to 50-250 subtasks; the job's counts,
-- progress and status are kept from its subtasks by a trigger and published to the
-- realtime outbox as topic `research:<job id>`).
--
-- Cron expressions are parsed by the gateway (next_run_at is computed there); the database
-- keeps the counters and the auto-pause rule, so runs recorded by any client apply them.

-- ---------------------------------------------------------------------------------------
-- automations, automation_steps, automation_runs
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.automations (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid        NOT NULL,
    name            text        NOT NULL,
    description     text        NOT NULL DEFAULT '',
    is_enabled      boolean     NOT NULL DEFAULT true,
    run_count       integer     NOT NULL DEFAULT 0,
    last_run_at     timestamptz,
    last_run_status text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT automations_pkey PRIMARY KEY (id),
    CONSTRAINT automations_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT automations_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT automations_description_length CHECK (char_length(description) <= 2000),
    CONSTRAINT automations_run_count_nonnegative CHECK (run_count >= 0),
    CONSTRAINT automations_last_run_status_check
        CHECK (last_run_status IN ('running', 'succeeded', 'failed'))
);
COMMENT ON TABLE public.automations IS
    'A user''s workflow (seed 000): ordered steps (a trigger, then conditions and actions) and its run history.';

CREATE INDEX automations_user_id_created_at_idx ON public.automations (user_id, created_at DESC);
CREATE INDEX automations_created_at_idx ON public.automations (created_at DESC);

CREATE TRIGGER automations_set_updated_at
    BEFORE UPDATE ON public.automations
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('run_count', 'last_run_at', 'last_run_status');

CREATE TABLE public.automation_steps (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    automation_id uuid        NOT NULL,
    position      integer     NOT NULL,
    kind          text        NOT NULL,
    operation     text        NOT NULL,
    config        jsonb       NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT automation_steps_pkey PRIMARY KEY (id),
    CONSTRAINT automation_steps_automation_id_fkey
        FOREIGN KEY (automation_id) REFERENCES public.automations (id) ON DELETE CASCADE,
    CONSTRAINT automation_steps_automation_id_position_key UNIQUE (automation_id, position),
    CONSTRAINT automation_steps_position_check CHECK (position BETWEEN 0 AND 49),
    CONSTRAINT automation_steps_kind_check CHECK (kind IN ('trigger', 'action', 'condition')),
    -- Only the first step is the trigger; the steps after it are conditions and actions.
    CONSTRAINT automation_steps_trigger_first CHECK ((kind = 'trigger') = (position = 0)),
    CONSTRAINT automation_steps_operation_length CHECK (char_length(btrim(operation)) BETWEEN 1 AND 100),
    CONSTRAINT automation_steps_config_is_object CHECK (jsonb_typeof(config) = 'object'),
    CONSTRAINT automation_steps_config_size CHECK (pg_column_size(config) <= 16384)
);
COMMENT ON TABLE public.automation_steps IS
    'The ordered steps of an automation: position 0 is its trigger, then conditions and actions.';

CREATE INDEX automation_steps_created_at_idx ON public.automation_steps (created_at DESC);

CREATE TRIGGER automation_steps_set_updated_at
    BEFORE UPDATE ON public.automation_steps
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.automation_runs (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    automation_id   uuid        NOT NULL,
    status          text        NOT NULL,
    steps_completed integer     NOT NULL DEFAULT 0,
    trigger_payload jsonb       NOT NULL DEFAULT '{}',
    output          jsonb,
    error           text,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT automation_runs_pkey PRIMARY KEY (id),
    CONSTRAINT automation_runs_automation_id_fkey
        FOREIGN KEY (automation_id) REFERENCES public.automations (id) ON DELETE CASCADE,
    CONSTRAINT automation_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed')),
    CONSTRAINT automation_runs_steps_completed_check CHECK (steps_completed BETWEEN 0 AND 50),
    CONSTRAINT automation_runs_error_length CHECK (char_length(error) <= 4000),
    CONSTRAINT automation_runs_finished_when_done
        CHECK ((status = 'running') = (finished_at IS NULL)),
    CONSTRAINT automation_runs_trigger_payload_is_object CHECK (jsonb_typeof(trigger_payload) = 'object')
);
COMMENT ON TABLE public.automation_runs IS
    'Run history of an automation: status, how many steps completed, output or error.';

CREATE INDEX automation_runs_automation_id_started_at_idx ON public.automation_runs (automation_id, started_at DESC);
CREATE INDEX automation_runs_created_at_idx ON public.automation_runs (created_at DESC);

-- Keeps the automation's run summary from its runs, whoever records them.
CREATE FUNCTION public.automation_runs_summarize() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    UPDATE public.automations a
    SET run_count = a.run_count + CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE 0 END,
        last_run_at = NEW.started_at,
        last_run_status = NEW.status
    WHERE a.id = NEW.automation_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER automation_runs_summarize
    AFTER INSERT OR UPDATE OF status ON public.automation_runs
    FOR EACH ROW EXECUTE FUNCTION public.automation_runs_summarize();

-- Records a run of an enabled automation (row-level security decides whose). A disabled
-- automation refuses runs.
CREATE FUNCTION public.record_automation_run(
    automation uuid, status text, steps_completed integer DEFAULT 0,
    trigger_payload jsonb DEFAULT '{}', output jsonb DEFAULT NULL, error text DEFAULT NULL)
RETURNS SETOF public.automation_runs
LANGUAGE plpgsql
AS $$
DECLARE
    enabled boolean;
BEGIN
    SELECT a.is_enabled INTO enabled FROM public.automations a WHERE a.id = automation FOR SHARE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF NOT enabled THEN
        RAISE EXCEPTION 'the automation is disabled' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'automation_runs_automation_enabled', TABLE = 'automation_runs', SCHEMA = 'public';
    END IF;
    RETURN QUERY
    INSERT INTO public.automation_runs AS r
        (automation_id, status, steps_completed, trigger_payload, output, error, finished_at)
    VALUES (automation, record_automation_run.status, record_automation_run.steps_completed,
            coalesce(record_automation_run.trigger_payload, '{}'), record_automation_run.output,
            record_automation_run.error,
            CASE WHEN record_automation_run.status = 'running' THEN NULL ELSE now() END)
    RETURNING r.*;
END
$$;
COMMENT ON FUNCTION public.record_automation_run(uuid, text, integer, jsonb, jsonb, text) IS
    'Records a run of an enabled automation the caller may see; no row when it is missing or hidden.';

-- ---------------------------------------------------------------------------------------
-- scheduled_tasks, scheduled_task_runs
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.scheduled_tasks (
    id                       uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id                  uuid        NOT NULL,
    name                     text        NOT NULL,
    description              text        NOT NULL DEFAULT '',
    cron_expression          text,
    interval_seconds         integer,
    action                   text        NOT NULL,
    payload                  jsonb       NOT NULL DEFAULT '{}',
    status                   text        NOT NULL DEFAULT 'active',
    paused_reason            text,
    next_run_at              timestamptz,
    last_run_at              timestamptz,
    last_run_status          text,
    run_count                integer     NOT NULL DEFAULT 0,
    failure_count            integer     NOT NULL DEFAULT 0,
    consecutive_failures     integer     NOT NULL DEFAULT 0,
    max_consecutive_failures integer     NOT NULL DEFAULT 3,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scheduled_tasks_pkey PRIMARY KEY (id),
    CONSTRAINT scheduled_tasks_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT scheduled_tasks_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT scheduled_tasks_description_length CHECK (char_length(description) <= 2000),
    CONSTRAINT scheduled_tasks_one_schedule CHECK (num_nonnulls(cron_expression, interval_seconds) = 1),
    CONSTRAINT scheduled_tasks_cron_expression_length CHECK (char_length(cron_expression) BETWEEN 1 AND 100),
    CONSTRAINT scheduled_tasks_interval_seconds_check CHECK (interval_seconds BETWEEN 60 AND 31536000),
    CONSTRAINT scheduled_tasks_action_length CHECK (char_length(btrim(action)) BETWEEN 1 AND 100),
    CONSTRAINT scheduled_tasks_payload_is_object CHECK (jsonb_typeof(payload) = 'object'),
    CONSTRAINT scheduled_tasks_status_check CHECK (status IN ('active', 'paused')),
    CONSTRAINT scheduled_tasks_paused_has_no_next_run CHECK (status = 'active' OR next_run_at IS NULL),
    CONSTRAINT scheduled_tasks_last_run_status_check CHECK (last_run_status IN ('succeeded', 'failed')),
    CONSTRAINT scheduled_tasks_counts_nonnegative
        CHECK (run_count >= 0 AND failure_count >= 0 AND consecutive_failures >= 0),
    CONSTRAINT scheduled_tasks_max_consecutive_failures_check CHECK (max_consecutive_failures BETWEEN 1 AND 100)
);
COMMENT ON TABLE public.scheduled_tasks IS
    'Recurring tasks (seed 002): a cron expression or an interval, the next run, and auto-pause after max_consecutive_failures failures in a row.';

-- The runner's scan: active tasks by due time.
CREATE INDEX scheduled_tasks_due_idx ON public.scheduled_tasks (next_run_at) WHERE status = 'active';
CREATE INDEX scheduled_tasks_user_id_created_at_idx ON public.scheduled_tasks (user_id, created_at DESC);
CREATE INDEX scheduled_tasks_created_at_idx ON public.scheduled_tasks (created_at DESC);

CREATE TRIGGER scheduled_tasks_set_updated_at
    BEFORE UPDATE ON public.scheduled_tasks
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.scheduled_task_runs (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    task_id     uuid        NOT NULL,
    status      text        NOT NULL,
    error       text,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz NOT NULL DEFAULT now(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scheduled_task_runs_pkey PRIMARY KEY (id),
    CONSTRAINT scheduled_task_runs_task_id_fkey
        FOREIGN KEY (task_id) REFERENCES public.scheduled_tasks (id) ON DELETE CASCADE,
    CONSTRAINT scheduled_task_runs_status_check CHECK (status IN ('succeeded', 'failed')),
    CONSTRAINT scheduled_task_runs_error_length CHECK (char_length(error) <= 4000),
    CONSTRAINT scheduled_task_runs_finished_after_start CHECK (finished_at >= started_at)
);
COMMENT ON TABLE public.scheduled_task_runs IS
    'Execution history of a scheduled task, recorded by the service-role runner.';

CREATE INDEX scheduled_task_runs_task_id_started_at_idx ON public.scheduled_task_runs (task_id, started_at DESC);
CREATE INDEX scheduled_task_runs_created_at_idx ON public.scheduled_task_runs (created_at DESC);

-- Seed 002 update_scheduled_task_stats: a recorded run updates the task's counters; the
-- max_consecutive_failures-th failure in a row pauses the task (no next run until resumed).
CREATE FUNCTION public.update_scheduled_task_stats() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    UPDATE public.scheduled_tasks t
    SET run_count = t.run_count + 1,
        failure_count = t.failure_count + (NEW.status = 'failed')::integer,
        consecutive_failures = CASE WHEN NEW.status = 'failed' THEN t.consecutive_failures + 1 ELSE 0 END,
        last_run_at = NEW.started_at,
        last_run_status = NEW.status,
        status = CASE WHEN NEW.status = 'failed' AND t.consecutive_failures + 1 >= t.max_consecutive_failures
                      THEN 'paused' ELSE t.status END,
        paused_reason = CASE WHEN NEW.status = 'failed' AND t.consecutive_failures + 1 >= t.max_consecutive_failures
                             THEN format('paused after %s consecutive failures', t.consecutive_failures + 1)
                             ELSE t.paused_reason END,
        next_run_at = CASE WHEN NEW.status = 'failed' AND t.consecutive_failures + 1 >= t.max_consecutive_failures
                           THEN NULL ELSE t.next_run_at END
    WHERE t.id = NEW.task_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER update_scheduled_task_stats
    AFTER INSERT ON public.scheduled_task_runs
    FOR EACH ROW EXECUTE FUNCTION public.update_scheduled_task_stats();

-- The runner reports one run (service role only); returns the task as the run left it, for
-- the gateway to compute its next run. No row when the task does not exist.
CREATE FUNCTION public.record_scheduled_task_run(task uuid, succeeded boolean, error text DEFAULT NULL)
RETURNS SETOF public.scheduled_tasks
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM 1 FROM public.scheduled_tasks t WHERE t.id = task FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO public.scheduled_task_runs (task_id, status, error)
    VALUES (task, CASE WHEN succeeded THEN 'succeeded' ELSE 'failed' END,
            CASE WHEN succeeded THEN NULL ELSE left(coalesce(record_scheduled_task_run.error, 'failed'), 4000) END);
    RETURN QUERY SELECT * FROM public.scheduled_tasks t WHERE t.id = task;
END
$$;
REVOKE EXECUTE ON FUNCTION public.record_scheduled_task_run(uuid, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.record_scheduled_task_run(uuid, boolean, text) TO service_role;
COMMENT ON FUNCTION public.record_scheduled_task_run(uuid, boolean, text) IS
    'Service role: records a run of a scheduled task (counters and auto-pause by trigger) and returns the task.';

-- ---------------------------------------------------------------------------------------
-- wide_research_templates, wide_research_jobs, wide_research_subtasks
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.wide_research_templates (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid        NOT NULL,
    name            text        NOT NULL,
    description     text        NOT NULL DEFAULT '',
    prompt_template text        NOT NULL,
    max_attempts    integer     NOT NULL DEFAULT 3,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT wide_research_templates_pkey PRIMARY KEY (id),
    CONSTRAINT wide_research_templates_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT wide_research_templates_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT wide_research_templates_description_length CHECK (char_length(description) <= 2000),
    -- Each item of a job replaces `{item}` in the prompt.
    CONSTRAINT wide_research_templates_prompt_template_format
        CHECK (char_length(prompt_template) BETWEEN 1 AND 4000 AND strpos(prompt_template, '{item}') > 0),
    CONSTRAINT wide_research_templates_max_attempts_check CHECK (max_attempts BETWEEN 1 AND 10)
);
COMMENT ON TABLE public.wide_research_templates IS
    'Reusable wide research prompts (seed 002): each item of a job fills `{item}`.';

CREATE INDEX wide_research_templates_user_id_idx ON public.wide_research_templates (user_id);
CREATE INDEX wide_research_templates_created_at_idx ON public.wide_research_templates (created_at DESC);

CREATE TRIGGER wide_research_templates_set_updated_at
    BEFORE UPDATE ON public.wide_research_templates
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.wide_research_jobs (
    id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id            uuid        NOT NULL,
    template_id        uuid,
    title              text        NOT NULL,
    status             text        NOT NULL DEFAULT 'pending',
    max_attempts       integer     NOT NULL DEFAULT 3,
    total_subtasks     integer     NOT NULL DEFAULT 0,
    completed_subtasks integer     NOT NULL DEFAULT 0,
    failed_subtasks    integer     NOT NULL DEFAULT 0,
    progress           integer     NOT NULL DEFAULT 0,
    started_at         timestamptz,
    finished_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT wide_research_jobs_pkey PRIMARY KEY (id),
    CONSTRAINT wide_research_jobs_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT wide_research_jobs_template_id_fkey
        FOREIGN KEY (template_id) REFERENCES public.wide_research_templates (id) ON DELETE SET NULL,
    CONSTRAINT wide_research_jobs_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    CONSTRAINT wide_research_jobs_status_check
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'canceled')),
    CONSTRAINT wide_research_jobs_max_attempts_check CHECK (max_attempts BETWEEN 1 AND 10),
    CONSTRAINT wide_research_jobs_counts_check CHECK (
        completed_subtasks >= 0 AND failed_subtasks >= 0
        AND completed_subtasks + failed_subtasks <= total_subtasks AND total_subtasks <= 250),
    CONSTRAINT wide_research_jobs_progress_check CHECK (progress BETWEEN 0 AND 100)
);
COMMENT ON TABLE public.wide_research_jobs IS
    'A wide research job (seed 002): fans out to 50-250 subtasks; counts, progress and status kept from them by trigger.';

CREATE INDEX wide_research_jobs_user_id_created_at_idx ON public.wide_research_jobs (user_id, created_at DESC);
CREATE INDEX wide_research_jobs_template_id_idx ON public.wide_research_jobs (template_id);
CREATE INDEX wide_research_jobs_created_at_idx ON public.wide_research_jobs (created_at DESC);

CREATE TRIGGER wide_research_jobs_set_updated_at
    BEFORE UPDATE ON public.wide_research_jobs
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.wide_research_subtasks (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    job_id       uuid        NOT NULL,
    position     integer     NOT NULL,
    query        text        NOT NULL,
    status       text        NOT NULL DEFAULT 'pending',
    attempts     integer     NOT NULL DEFAULT 0,
    result       jsonb,
    error        text,
    started_at   timestamptz,
    finished_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT wide_research_subtasks_pkey PRIMARY KEY (id),
    CONSTRAINT wide_research_subtasks_job_id_fkey
        FOREIGN KEY (job_id) REFERENCES public.wide_research_jobs (id) ON DELETE CASCADE,
    CONSTRAINT wide_research_subtasks_job_id_position_key UNIQUE (job_id, position),
    CONSTRAINT wide_research_subtasks_position_check CHECK (position BETWEEN 0 AND 249),
    CONSTRAINT wide_research_subtasks_query_length CHECK (char_length(btrim(query)) BETWEEN 1 AND 8000),
    CONSTRAINT wide_research_subtasks_status_check
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'canceled')),
    CONSTRAINT wide_research_subtasks_attempts_check CHECK (attempts BETWEEN 0 AND 10),
    CONSTRAINT wide_research_subtasks_error_length CHECK (char_length(error) <= 4000),
    CONSTRAINT wide_research_subtasks_result_size CHECK (pg_column_size(result) <= 65536)
);
COMMENT ON TABLE public.wide_research_subtasks IS
    'One item of a wide research job, processed by a service-role worker with its own agent context.';

-- Workers' scan: pending subtasks of a job, in order.
CREATE INDEX wide_research_subtasks_pending_idx
    ON public.wide_research_subtasks (job_id, position) WHERE status = 'pending';
CREATE INDEX wide_research_subtasks_created_at_idx ON public.wide_research_subtasks (created_at DESC);

CREATE TRIGGER wide_research_subtasks_set_updated_at
    BEFORE UPDATE ON public.wide_research_subtasks
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Seed 002 update_wide_research_progress and check_wide_research_completion, as one
-- statement-level trigger: once per statement, the jobs whose subtasks changed get their
-- counts recounted, progress (finished share, in percent) and status. A canceled job stays
-- canceled. Any writer (a worker, psql) keeps the job right.
CREATE FUNCTION public.wide_research_subtasks_update_job() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    WITH counts AS (
        SELECT s.job_id,
               count(*)::integer AS total,
               (count(*) FILTER (WHERE s.status = 'completed'))::integer AS completed,
               (count(*) FILTER (WHERE s.status = 'failed'))::integer AS failed,
               (count(*) FILTER (WHERE s.status <> 'pending'))::integer AS touched
        FROM public.wide_research_subtasks s
        WHERE s.job_id IN (SELECT DISTINCT c.job_id FROM changed c)
        GROUP BY s.job_id
    )
    UPDATE public.wide_research_jobs j
    SET total_subtasks = c.total,
        completed_subtasks = c.completed,
        failed_subtasks = c.failed,
        progress = CASE WHEN c.total = 0 THEN 0 ELSE (100 * (c.completed + c.failed)) / c.total END,
        status = CASE
            WHEN j.status = 'canceled' THEN 'canceled'
            WHEN c.total > 0 AND c.completed + c.failed = c.total
                THEN CASE WHEN c.completed > 0 THEN 'completed' ELSE 'failed' END
            WHEN c.touched > 0 THEN 'running'
            ELSE 'pending' END,
        started_at = CASE WHEN c.touched > 0 THEN coalesce(j.started_at, now()) ELSE j.started_at END,
        finished_at = CASE
            WHEN j.status = 'canceled' THEN j.finished_at
            WHEN c.total > 0 AND c.completed + c.failed = c.total THEN coalesce(j.finished_at, now())
            ELSE NULL END
    FROM counts c
    WHERE j.id = c.job_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER wide_research_subtasks_inserted
    AFTER INSERT ON public.wide_research_subtasks
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION public.wide_research_subtasks_update_job();
CREATE TRIGGER wide_research_subtasks_updated
    AFTER UPDATE ON public.wide_research_subtasks
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION public.wide_research_subtasks_update_job();

-- Creates a job for the caller with one subtask per query, in one statement each; with a
-- template, each query is an item filling the template's `{item}`. Runs as the caller, so
-- a template the caller may not see is refused.
CREATE FUNCTION public.create_wide_research_job(title text, template uuid, items text[])
RETURNS SETOF public.wide_research_jobs
LANGUAGE plpgsql
AS $$
DECLARE
    chosen public.wide_research_templates;
    job public.wide_research_jobs;
BEGIN
    IF cardinality(items) NOT BETWEEN 50 AND 250 THEN
        RAISE EXCEPTION 'a wide research job has 50 to 250 subtasks' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'wide_research_jobs_subtask_count', TABLE = 'wide_research_jobs', SCHEMA = 'public';
    END IF;
    IF template IS NOT NULL THEN
        SELECT * INTO chosen FROM public.wide_research_templates t WHERE t.id = template;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no such template' USING ERRCODE = 'foreign_key_violation',
                CONSTRAINT = 'wide_research_jobs_template_id_fkey', TABLE = 'wide_research_jobs', SCHEMA = 'public';
        END IF;
    END IF;
    INSERT INTO public.wide_research_jobs (user_id, template_id, title, max_attempts)
    VALUES (auth.uid(), template, create_wide_research_job.title, coalesce(chosen.max_attempts, 3))
    RETURNING * INTO job;
    INSERT INTO public.wide_research_subtasks (job_id, position, query)
    SELECT job.id, (item.n - 1)::integer,
           CASE WHEN chosen.id IS NULL THEN item.value ELSE replace(chosen.prompt_template, '{item}', item.value) END
    FROM unnest(items) WITH ORDINALITY AS item (value, n);
    RETURN QUERY SELECT * FROM public.wide_research_jobs j WHERE j.id = job.id;
END
$$;
COMMENT ON FUNCTION public.create_wide_research_job(text, uuid, text[]) IS
    'Creates the caller''s wide research job with one subtask per item (50 to 250), from a template or raw queries.';

-- Worker side (service role only): a subtask finishes, or fails and goes back to pending
-- until it has used its job's max_attempts.
CREATE FUNCTION public.complete_wide_research_subtask(subtask uuid, result jsonb)
RETURNS SETOF public.wide_research_subtasks
LANGUAGE sql VOLATILE
AS $$
    UPDATE public.wide_research_subtasks s
    SET status = 'completed', result = complete_wide_research_subtask.result, error = NULL,
        attempts = s.attempts + 1, started_at = coalesce(s.started_at, now()), finished_at = now()
    WHERE s.id = subtask AND s.status IN ('pending', 'running')
    RETURNING s.*
$$;

CREATE FUNCTION public.fail_wide_research_subtask(subtask uuid, error text)
RETURNS SETOF public.wide_research_subtasks
LANGUAGE sql VOLATILE
AS $$
    UPDATE public.wide_research_subtasks s
    SET status = CASE WHEN s.attempts + 1 < j.max_attempts THEN 'pending' ELSE 'failed' END,
        finished_at = CASE WHEN s.attempts + 1 < j.max_attempts THEN NULL ELSE now() END,
        attempts = s.attempts + 1, started_at = coalesce(s.started_at, now()),
        error = left(fail_wide_research_subtask.error, 4000)
    FROM public.wide_research_jobs j
    WHERE s.id = subtask AND j.id = s.job_id AND s.status IN ('pending', 'running')
    RETURNING s.*
$$;

REVOKE EXECUTE ON FUNCTION public.complete_wide_research_subtask(uuid, jsonb),
    public.fail_wide_research_subtask(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.complete_wide_research_subtask(uuid, jsonb),
    public.fail_wide_research_subtask(uuid, text) TO service_role;

-- wide_research_jobs → research:<id>: every change of status, counts or progress, with that
-- state in the payload (so each event shows the job as it was at that commit).
CREATE FUNCTION public.wide_research_jobs_publish() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.status, NEW.progress, NEW.completed_subtasks, NEW.failed_subtasks, NEW.total_subtasks)
        IS NOT DISTINCT FROM (OLD.status, OLD.progress, OLD.completed_subtasks, OLD.failed_subtasks, OLD.total_subtasks) THEN
        RETURN NULL;
    END IF;
    PERFORM realtime.publish('research:' || NEW.id,
        CASE WHEN TG_OP = 'INSERT' THEN 'created'
             WHEN NEW.status IS DISTINCT FROM OLD.status THEN 'status'
             ELSE 'progress' END,
        NEW.id,
        jsonb_build_object('status', NEW.status, 'progress', NEW.progress,
                           'total_subtasks', NEW.total_subtasks,
                           'completed_subtasks', NEW.completed_subtasks,
                           'failed_subtasks', NEW.failed_subtasks));
    RETURN NULL;
END
$$;

CREATE TRIGGER wide_research_jobs_publish
    AFTER INSERT OR UPDATE ON public.wide_research_jobs
    FOR EACH ROW EXECUTE FUNCTION public.wide_research_jobs_publish();

-- ---------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------
GRANT ALL ON public.automations, public.automation_steps, public.automation_runs,
    public.scheduled_tasks, public.scheduled_task_runs,
    public.wide_research_templates, public.wide_research_jobs, public.wide_research_subtasks
    TO service_role;

-- anon may SELECT so that row-level security answers "no rows" rather than a permission
-- error, which would abort the rest of an anonymous request's transaction.
GRANT SELECT ON public.automations, public.automation_steps, public.automation_runs,
    public.scheduled_tasks, public.scheduled_task_runs,
    public.wide_research_templates, public.wide_research_jobs, public.wide_research_subtasks
    TO anon, authenticated;

-- Owners write their definitions; counters, run summaries and subtask results are written
-- by triggers and the service role only.
GRANT INSERT (id, user_id, name, description, is_enabled), UPDATE (name, description, is_enabled), DELETE
    ON public.automations TO authenticated;
GRANT INSERT (id, automation_id, position, kind, operation, config), UPDATE (position, kind, operation, config), DELETE
    ON public.automation_steps TO authenticated;
GRANT INSERT (automation_id, status, steps_completed, trigger_payload, output, error, finished_at)
    ON public.automation_runs TO authenticated;
GRANT INSERT (id, user_id, name, description, cron_expression, interval_seconds, action, payload,
              max_consecutive_failures, next_run_at),
    UPDATE (name, description, cron_expression, interval_seconds, action, payload,
            max_consecutive_failures, status, paused_reason, next_run_at, consecutive_failures),
    DELETE
    ON public.scheduled_tasks TO authenticated;
GRANT INSERT (id, user_id, name, description, prompt_template, max_attempts),
    UPDATE (name, description, prompt_template, max_attempts), DELETE
    ON public.wide_research_templates TO authenticated;
GRANT INSERT (user_id, template_id, title, max_attempts), UPDATE (status, finished_at), DELETE
    ON public.wide_research_jobs TO authenticated;
GRANT INSERT (job_id, position, query), UPDATE (status) ON public.wide_research_subtasks TO authenticated;

-- ---------------------------------------------------------------------------------------
-- Row-level security: owners; children through their parent's owner.
-- ---------------------------------------------------------------------------------------
ALTER TABLE public.automations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.automation_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.automation_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.scheduled_tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.scheduled_task_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.wide_research_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.wide_research_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.wide_research_subtasks ENABLE ROW LEVEL SECURITY;

CREATE POLICY automations_owner ON public.automations
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY automation_steps_owner ON public.automation_steps
    FOR ALL TO authenticated
    USING (EXISTS (SELECT 1 FROM public.automations a WHERE a.id = automation_id AND a.user_id = auth.uid()))
    WITH CHECK (EXISTS (SELECT 1 FROM public.automations a WHERE a.id = automation_id AND a.user_id = auth.uid()));
CREATE POLICY automation_runs_select_owner ON public.automation_runs
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM public.automations a WHERE a.id = automation_id AND a.user_id = auth.uid()));
CREATE POLICY automation_runs_insert_owner ON public.automation_runs
    FOR INSERT TO authenticated
    WITH CHECK (EXISTS (SELECT 1 FROM public.automations a WHERE a.id = automation_id AND a.user_id = auth.uid()));

CREATE POLICY scheduled_tasks_owner ON public.scheduled_tasks
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY scheduled_task_runs_select_owner ON public.scheduled_task_runs
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM public.scheduled_tasks t WHERE t.id = task_id AND t.user_id = auth.uid()));

CREATE POLICY wide_research_templates_owner ON public.wide_research_templates
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY wide_research_jobs_owner ON public.wide_research_jobs
    FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY wide_research_subtasks_owner ON public.wide_research_subtasks
    FOR ALL TO authenticated
    USING (EXISTS (SELECT 1 FROM public.wide_research_jobs j WHERE j.id = job_id AND j.user_id = auth.uid()))
    WITH CHECK (EXISTS (SELECT 1 FROM public.wide_research_jobs j WHERE j.id = job_id AND j.user_id = auth.uid()));
