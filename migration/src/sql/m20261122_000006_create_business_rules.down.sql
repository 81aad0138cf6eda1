DROP FUNCTION auth.api_key_owner(text);
DROP FUNCTION public.increment_creation_views(uuid);
DROP TRIGGER messages_notify ON public.messages;
DROP FUNCTION public.messages_notify();
DROP TRIGGER follows_notify ON public.follows;
DROP FUNCTION public.follows_notify();
DROP TRIGGER comments_notify ON public.comments;
DROP FUNCTION public.comments_notify();
DROP TRIGGER likes_notify ON public.likes;
DROP FUNCTION public.likes_notify();
DROP FUNCTION public.notify_user(uuid, uuid, text, text, text, text, jsonb);
DELETE FROM public.notifications WHERE type = 'new_message';
ALTER TABLE public.notifications DROP CONSTRAINT notifications_type_check;
ALTER TABLE public.notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (
    'creation_liked', 'creation_commented', 'new_follower', 'comment_reply', 'mention',
    'system_announcement', 'info', 'success', 'warning', 'error'
));
