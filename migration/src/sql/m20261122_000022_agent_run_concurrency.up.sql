-- Seed 002's plans limit the agent runs a user may have going at once (free 1, pro 3,
-- team 10: subscription_tiers.max_concurrent_runs); every run not yet finished counts.
-- Checked on insert, whoever inserts (the API, a worker, plain SQL), under a per-user lock
-- so that concurrent starts are counted one after the other.
CREATE FUNCTION public.agent_runs_within_concurrency() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    allowed integer := (public.user_tier(NEW.user_id)).max_concurrent_runs;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('agent-runs:' || NEW.user_id::text));
    IF (SELECT count(*) FROM public.agent_runs r
        WHERE r.user_id = NEW.user_id AND NOT public.agent_run_is_finished(r.status)) >= allowed THEN
        RAISE EXCEPTION 'the plan allows % agent runs at a time', allowed
            USING ERRCODE = 'check_violation', CONSTRAINT = 'agent_runs_concurrency_limit',
                  TABLE = 'agent_runs', SCHEMA = 'public';
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION public.agent_runs_within_concurrency() FROM PUBLIC;

CREATE TRIGGER agent_runs_within_concurrency
    BEFORE INSERT ON public.agent_runs
    FOR EACH ROW WHEN (NOT public.agent_run_is_finished(NEW.status))
    EXECUTE FUNCTION public.agent_runs_within_concurrency();
