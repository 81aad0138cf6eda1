-- Business rules of the seeds that live in the database: notifications raised by triggers
-- (seed 004's events, plus new messages), seed 004's increment_creation_views, and the API
-- key lookup the gateway's authentication uses.

-- New messages notify the other members of the conversation.
ALTER TABLE public.notifications DROP CONSTRAINT notifications_type_check;
ALTER TABLE public.notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (
    -- seed 004
    'creation_liked', 'creation_commented', 'new_follower', 'comment_reply', 'mention',
    'system_announcement', 'new_message',
    -- seed 003 notification_type_enum
    'info', 'success', 'warning', 'error'
));

-- One place that writes a notification, never to the actor themselves.
CREATE FUNCTION public.notify_user(recipient uuid, actor uuid, kind text, title text, message text,
                                   action_url text, metadata jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = public
AS $$
    INSERT INTO public.notifications (user_id, type, title, message, action_url, metadata)
    SELECT recipient, kind, title, message, action_url, metadata
    WHERE recipient IS NOT NULL AND recipient IS DISTINCT FROM actor;
$$;
REVOKE ALL ON FUNCTION public.notify_user(uuid, uuid, text, text, text, text, jsonb) FROM PUBLIC;

-- Seed 004: "creation liked".
CREATE FUNCTION public.likes_notify() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    liker text := (SELECT username FROM public.profiles WHERE id = NEW.user_id);
BEGIN
    IF NEW.creation_id IS NOT NULL THEN
        PERFORM public.notify_user(c.user_id, NEW.user_id, 'creation_liked',
            liker || ' liked your creation', c.title, '/creations/' || c.id,
            jsonb_build_object('creation_id', c.id, 'actor_id', NEW.user_id))
        FROM public.creations c WHERE c.id = NEW.creation_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER likes_notify AFTER INSERT ON public.likes
    FOR EACH ROW EXECUTE FUNCTION public.likes_notify();

-- Seed 004: "creation commented" and "comment reply".
CREATE FUNCTION public.comments_notify() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    author text := (SELECT username FROM public.profiles WHERE id = NEW.user_id);
BEGIN
    IF NEW.parent_comment_id IS NOT NULL THEN
        PERFORM public.notify_user(p.user_id, NEW.user_id, 'comment_reply',
            author || ' replied to your comment', left(NEW.content, 200), NULL,
            jsonb_build_object('comment_id', NEW.id, 'parent_comment_id', p.id, 'actor_id', NEW.user_id))
        FROM public.comments p WHERE p.id = NEW.parent_comment_id;
    END IF;
    IF NEW.creation_id IS NOT NULL THEN
        PERFORM public.notify_user(c.user_id, NEW.user_id, 'creation_commented',
            author || ' commented on your creation', left(NEW.content, 200), '/creations/' || c.id,
            jsonb_build_object('creation_id', c.id, 'comment_id', NEW.id, 'actor_id', NEW.user_id))
        FROM public.creations c WHERE c.id = NEW.creation_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER comments_notify AFTER INSERT ON public.comments
    FOR EACH ROW EXECUTE FUNCTION public.comments_notify();

-- Seed 004: "new follower".
CREATE FUNCTION public.follows_notify() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM public.notify_user(NEW.following_id, NEW.follower_id, 'new_follower',
        p.username || ' started following you', '', '/profiles/' || p.username,
        jsonb_build_object('actor_id', NEW.follower_id))
    FROM public.profiles p WHERE p.id = NEW.follower_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER follows_notify AFTER INSERT ON public.follows
    FOR EACH ROW EXECUTE FUNCTION public.follows_notify();

-- New messages notify every other member.
CREATE FUNCTION public.messages_notify() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    sender text := (SELECT username FROM public.profiles WHERE id = NEW.sender_id);
BEGIN
    PERFORM public.notify_user(m.user_id, NEW.sender_id, 'new_message',
        'New message from ' || sender, left(NEW.body, 200), '/conversations/' || NEW.conversation_id,
        jsonb_build_object('conversation_id', NEW.conversation_id, 'message_id', NEW.id, 'actor_id', NEW.sender_id))
    FROM public.conversation_members m WHERE m.conversation_id = NEW.conversation_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER messages_notify AFTER INSERT ON public.messages
    FOR EACH ROW EXECUTE FUNCTION public.messages_notify();

-- Seed 004's increment_creation_views: anyone who may see a creation may count a view.
CREATE FUNCTION public.increment_creation_views(creation uuid) RETURNS integer
LANGUAGE sql SECURITY DEFINER
SET search_path = public
AS $$
    UPDATE public.creations SET views_count = views_count + 1
    WHERE id = creation AND ((status = 'published' AND is_public) OR user_id = auth.uid())
    RETURNING views_count;
$$;
REVOKE ALL ON FUNCTION public.increment_creation_views(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.increment_creation_views(uuid) TO anon, authenticated, service_role;

-- The owner of a live API key (by its SHA-256 hash), recording its use. Called by the
-- gateway's authentication only: no client role may execute it.
CREATE FUNCTION auth.api_key_owner(hash text) RETURNS uuid
LANGUAGE sql SECURITY DEFINER
SET search_path = public
AS $$
    UPDATE public.api_keys SET last_used_at = now()
    WHERE key_hash = hash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
    RETURNING user_id;
$$;
REVOKE ALL ON FUNCTION auth.api_key_owner(text) FROM PUBLIC;
