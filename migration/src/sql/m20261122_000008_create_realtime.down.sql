-- Undo realtime: the triggers and their functions, then the outbox schema.
DROP TRIGGER jobs_publish ON public.jobs;
DROP TRIGGER collaboration_participants_publish ON public.collaboration_participants;
DROP TRIGGER notifications_publish ON public.notifications;
DROP TRIGGER conversation_members_publish ON public.conversation_members;
DROP TRIGGER messages_publish ON public.messages;
DROP FUNCTION public.jobs_publish();
DROP FUNCTION public.collaboration_participants_publish();
DROP FUNCTION public.notifications_publish();
DROP FUNCTION public.conversation_members_publish();
DROP FUNCTION public.messages_publish();
DROP SCHEMA realtime CASCADE;
