-- Undo collaboration and jobs: functions returning table rows first, then tables (their
-- policies use the helpers), then the helpers.
DROP FUNCTION public.fail_job(uuid, text, interval);
DROP FUNCTION public.complete_job(uuid, jsonb);
DROP FUNCTION public.report_job_progress(uuid, integer, text);
DROP FUNCTION public.claim_job(text[]);
DROP FUNCTION public.find_or_create_job(text, jsonb, integer, text);
DROP FUNCTION public.update_participant_presence(uuid, text, jsonb);
DROP FUNCTION public.join_collaboration_session(uuid, text);

DROP TABLE public.job_logs;
DROP TABLE public.jobs;
DROP TABLE public.job_types;
DROP TABLE public.collaboration_edits;
DROP TABLE public.collaboration_invites;
DROP TABLE public.collaboration_participants;
DROP TABLE public.collaboration_sessions;

DROP FUNCTION public.mark_stale_participants_offline(interval);
DROP FUNCTION public.collaboration_sessions_add_owner();
DROP FUNCTION public.is_session_member(uuid);
DROP FUNCTION public.generate_share_token();
