-- Undo notifications.
DROP TABLE public.notifications;
DROP FUNCTION public.notifications_sync_read_at();
