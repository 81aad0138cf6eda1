-- Undo agents and the Luminor functions added with them.
DROP FUNCTION public.add_key_memory(uuid, uuid, text, text, integer);
DROP FUNCTION public.get_or_create_conversation(uuid, uuid, text);
DROP FUNCTION public.create_agent_run(text, text, text, bigint, uuid, jsonb);
DROP TABLE public.agent_memory, public.agent_messages, public.agent_artifacts, public.agent_steps,
    public.agent_runs;
DROP FUNCTION public.agent_runs_publish();
DROP FUNCTION public.agent_runs_settle();
DROP FUNCTION public.agent_steps_account();
DROP FUNCTION public.agent_steps_lifecycle();
DROP FUNCTION public.agent_runs_lifecycle();
DROP FUNCTION public.agent_run_is_finished(text);
-- The outbox keeps no agent_run:<id> events once their runs are gone.
DELETE FROM realtime.events WHERE topic LIKE 'agent\_run:%';
DELETE FROM realtime.topics WHERE topic LIKE 'agent\_run:%';
