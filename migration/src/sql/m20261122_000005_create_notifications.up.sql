-- Notifications: per-user inbox (seed 004 columns). `type` covers seed 004's social events
-- and seed 003's severity-style types (info/success/warning/error).

CREATE TABLE public.notifications (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL,
    type        text        NOT NULL DEFAULT 'info',
    title       text        NOT NULL,
    message     text        NOT NULL DEFAULT '',
    action_url  text,
    metadata    jsonb       NOT NULL DEFAULT '{}',
    is_read     boolean     NOT NULL DEFAULT false,
    is_archived boolean     NOT NULL DEFAULT false,
    read_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notifications_pkey PRIMARY KEY (id),
    CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT notifications_type_check CHECK (type IN (
        -- seed 004
        'creation_liked', 'creation_commented', 'new_follower', 'comment_reply', 'mention',
        'system_announcement',
        -- seed 003 notification_type_enum
        'info', 'success', 'warning', 'error'
    )),
    CONSTRAINT notifications_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    CONSTRAINT notifications_message_length CHECK (char_length(message) <= 2000),
    CONSTRAINT notifications_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
COMMENT ON TABLE public.notifications IS 'A user''s notifications; read_at follows is_read automatically.';

CREATE INDEX notifications_user_id_created_at_idx ON public.notifications (user_id, created_at DESC);
CREATE INDEX notifications_user_id_unread_idx ON public.notifications (user_id, created_at DESC) WHERE NOT is_read;
CREATE INDEX notifications_created_at_idx ON public.notifications (created_at DESC);

CREATE TRIGGER notifications_set_updated_at
    BEFORE UPDATE ON public.notifications
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Keeps read_at consistent with is_read, so "mark as read" is a single-column update.
CREATE FUNCTION public.notifications_sync_read_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.is_read AND NEW.read_at IS NULL THEN
        NEW.read_at := now();
    ELSIF NOT NEW.is_read THEN
        NEW.read_at := NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER notifications_sync_read_at
    BEFORE INSERT OR UPDATE OF is_read, read_at ON public.notifications
    FOR EACH ROW EXECUTE FUNCTION public.notifications_sync_read_at();

-- Notifications are created by the system (service_role, triggers); their owner reads,
-- marks and removes them.
GRANT ALL ON public.notifications TO service_role;
GRANT SELECT, DELETE ON public.notifications TO authenticated;
GRANT UPDATE (is_read, is_archived, read_at) ON public.notifications TO authenticated;

ALTER TABLE public.notifications ENABLE ROW LEVEL SECURITY;

CREATE POLICY notifications_select_own ON public.notifications
    FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY notifications_update_own ON public.notifications
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY notifications_delete_own ON public.notifications
    FOR DELETE TO authenticated USING (auth.uid() = user_id);

-- anon may SELECT so that row-level security answers "no rows" rather than a permission
-- error, which would abort the rest of an anonymous request's transaction.
GRANT SELECT ON public.notifications TO anon;
