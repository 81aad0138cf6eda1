-- Undo automation: functions returning table rows first, then the tables (their triggers
-- go with them), then the trigger functions.
DROP FUNCTION public.fail_wide_research_subtask(uuid, text);
DROP FUNCTION public.complete_wide_research_subtask(uuid, jsonb);
DROP FUNCTION public.create_wide_research_job(text, uuid, text[]);
DROP FUNCTION public.record_scheduled_task_run(uuid, boolean, text);
DROP FUNCTION public.record_automation_run(uuid, text, integer, jsonb, jsonb, text);

DROP TABLE public.wide_research_subtasks;
DROP TABLE public.wide_research_jobs;
DROP TABLE public.wide_research_templates;
DROP TABLE public.scheduled_task_runs;
DROP TABLE public.scheduled_tasks;
DROP TABLE public.automation_runs;
DROP TABLE public.automation_steps;
DROP TABLE public.automations;

DROP FUNCTION public.wide_research_jobs_publish();
DROP FUNCTION public.wide_research_subtasks_update_job();
DROP FUNCTION public.update_scheduled_task_stats();
DROP FUNCTION public.automation_runs_summarize();

DELETE FROM realtime.events WHERE topic LIKE 'research:%';
DELETE FROM realtime.topics WHERE topic LIKE 'research:%';
