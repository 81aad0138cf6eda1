-- Undo the per-plan limit on concurrent agent runs.
DROP TRIGGER agent_runs_within_concurrency ON public.agent_runs;
DROP FUNCTION public.agent_runs_within_concurrency();
