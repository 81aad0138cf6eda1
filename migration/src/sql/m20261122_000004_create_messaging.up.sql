-- Messaging: direct and group conversations, their members and messages. Only members see
-- a conversation; membership checks go through SECURITY DEFINER helpers so the policies
-- on conversation_members do not recurse into themselves.

-- ---------------------------------------------------------------------------------------
-- conversations
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.conversations (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    kind            text        NOT NULL DEFAULT 'direct',
    title           text,
    created_by      uuid,
    last_message_at timestamptz,
    direct_key      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversations_pkey PRIMARY KEY (id),
    -- A group outlives the account that started it.
    CONSTRAINT conversations_created_by_fkey
        FOREIGN KEY (created_by) REFERENCES public.profiles (id) ON DELETE SET NULL,
    CONSTRAINT conversations_direct_key_key UNIQUE (direct_key),
    CONSTRAINT conversations_kind_check CHECK (kind IN ('direct', 'group')),
    CONSTRAINT conversations_direct_key_matches_kind CHECK ((kind = 'direct') = (direct_key IS NOT NULL)),
    CONSTRAINT conversations_title_length CHECK (char_length(title) <= 200)
);
COMMENT ON TABLE public.conversations IS
    'Direct (two people, deduplicated by direct_key) or group conversations; visible to their members.';
COMMENT ON COLUMN public.conversations.direct_key IS
    'For direct conversations: public.direct_conversation_key(a, b), so one pair has one conversation.';

CREATE INDEX conversations_created_by_idx ON public.conversations (created_by);
CREATE INDEX conversations_last_message_at_idx ON public.conversations (last_message_at DESC NULLS LAST);
CREATE INDEX conversations_created_at_idx ON public.conversations (created_at DESC);

CREATE TRIGGER conversations_set_updated_at
    BEFORE UPDATE ON public.conversations
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at('last_message_at');

-- The order-independent key of a direct conversation between two profiles.
CREATE FUNCTION public.direct_conversation_key(a uuid, b uuid) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT least(a, b)::text || ':' || greatest(a, b)::text
$$;
COMMENT ON FUNCTION public.direct_conversation_key(uuid, uuid) IS
    'Order-independent direct_key for the direct conversation between two profiles.';

-- ---------------------------------------------------------------------------------------
-- conversation_members
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.conversation_members (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid        NOT NULL,
    user_id         uuid        NOT NULL,
    role            text        NOT NULL DEFAULT 'member',
    joined_at       timestamptz NOT NULL DEFAULT now(),
    last_read_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversation_members_pkey PRIMARY KEY (id),
    CONSTRAINT conversation_members_conversation_id_fkey
        FOREIGN KEY (conversation_id) REFERENCES public.conversations (id) ON DELETE CASCADE,
    CONSTRAINT conversation_members_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT conversation_members_conversation_id_user_id_key UNIQUE (conversation_id, user_id),
    CONSTRAINT conversation_members_role_check CHECK (role IN ('owner', 'admin', 'member'))
);
COMMENT ON TABLE public.conversation_members IS 'Who is in a conversation, with which role, and how far they have read.';

-- conversation_id is covered by the leading column of the unique constraint.
CREATE INDEX conversation_members_user_id_idx ON public.conversation_members (user_id);
CREATE INDEX conversation_members_conversation_id_joined_at_idx
    ON public.conversation_members (conversation_id, joined_at);
CREATE INDEX conversation_members_created_at_idx ON public.conversation_members (created_at DESC);

CREATE TRIGGER conversation_members_set_updated_at
    BEFORE UPDATE ON public.conversation_members
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Membership helpers for policies. SECURITY DEFINER bypasses the policies of
-- conversation_members, which would otherwise call themselves.
CREATE FUNCTION public.is_conversation_member(conversation_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$
    SELECT EXISTS (
        SELECT 1
        FROM public.conversation_members cm
        WHERE cm.conversation_id = is_conversation_member.conversation_id
          AND cm.user_id = auth.uid()
    )
$$;
COMMENT ON FUNCTION public.is_conversation_member(uuid) IS
    'Whether the caller (auth.uid()) is a member of the conversation.';

CREATE FUNCTION public.conversation_role(conversation_id uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$
    SELECT cm.role
    FROM public.conversation_members cm
    WHERE cm.conversation_id = conversation_role.conversation_id
      AND cm.user_id = auth.uid()
$$;
COMMENT ON FUNCTION public.conversation_role(uuid) IS
    'The caller''s role (owner/admin/member) in the conversation, NULL when not a member.';

-- The creator joins their new conversation as its owner, in the same statement.
CREATE FUNCTION public.conversations_add_creator() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF NEW.created_by IS NOT NULL THEN
        INSERT INTO public.conversation_members (conversation_id, user_id, role)
        VALUES (NEW.id, NEW.created_by, 'owner')
        ON CONFLICT (conversation_id, user_id) DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversations_add_creator
    AFTER INSERT ON public.conversations
    FOR EACH ROW EXECUTE FUNCTION public.conversations_add_creator();

-- A direct conversation has at most two members. SECURITY INVOKER on purpose: a caller
-- who cannot see the conversation gets the RLS error, not a hint that it exists.
CREATE FUNCTION public.conversation_members_check_direct() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public
AS $$
BEGIN
    IF (SELECT kind FROM public.conversations WHERE id = NEW.conversation_id) = 'direct'
       AND (SELECT count(*) FROM public.conversation_members
            WHERE conversation_id = NEW.conversation_id AND user_id <> NEW.user_id) >= 2 THEN
        RAISE EXCEPTION 'a direct conversation has exactly two members'
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'conversation_members_direct_pair',
                  TABLE = 'conversation_members',
                  SCHEMA = 'public';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER conversation_members_check_direct
    BEFORE INSERT OR UPDATE OF conversation_id ON public.conversation_members
    FOR EACH ROW EXECUTE FUNCTION public.conversation_members_check_direct();

-- ---------------------------------------------------------------------------------------
-- messages
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.messages (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid        NOT NULL,
    sender_id       uuid        NOT NULL,
    body            text        NOT NULL DEFAULT '',
    attachments     jsonb       NOT NULL DEFAULT '[]',
    edited_at       timestamptz,
    deleted_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_pkey PRIMARY KEY (id),
    CONSTRAINT messages_conversation_id_fkey
        FOREIGN KEY (conversation_id) REFERENCES public.conversations (id) ON DELETE CASCADE,
    CONSTRAINT messages_sender_id_fkey FOREIGN KEY (sender_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT messages_body_length CHECK (char_length(body) <= 10000),
    CONSTRAINT messages_not_empty
        CHECK (deleted_at IS NOT NULL OR char_length(btrim(body)) > 0 OR jsonb_array_length(attachments) > 0),
    CONSTRAINT messages_attachments_is_array CHECK (jsonb_typeof(attachments) = 'array')
);
COMMENT ON TABLE public.messages IS 'Messages of a conversation; soft-deleted with deleted_at, edits stamp edited_at.';

CREATE INDEX messages_conversation_id_created_at_idx ON public.messages (conversation_id, created_at);
CREATE INDEX messages_sender_id_idx ON public.messages (sender_id);
CREATE INDEX messages_created_at_idx ON public.messages (created_at DESC);

CREATE TRIGGER messages_set_updated_at
    BEFORE UPDATE ON public.messages
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- A changed body is an edit.
CREATE FUNCTION public.messages_set_edited_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.body IS DISTINCT FROM OLD.body OR NEW.attachments IS DISTINCT FROM OLD.attachments THEN
        NEW.edited_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER messages_set_edited_at
    BEFORE UPDATE OF body, attachments ON public.messages
    FOR EACH ROW EXECUTE FUNCTION public.messages_set_edited_at();

-- A new message moves its conversation's last_message_at (never backwards).
CREATE FUNCTION public.messages_touch_conversation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    UPDATE public.conversations
    SET last_message_at = GREATEST(coalesce(last_message_at, NEW.created_at), NEW.created_at)
    WHERE id = NEW.conversation_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_touch_conversation
    AFTER INSERT ON public.messages
    FOR EACH ROW EXECUTE FUNCTION public.messages_touch_conversation();

-- ---------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------
GRANT ALL ON public.conversations, public.conversation_members, public.messages TO service_role;

GRANT SELECT, DELETE ON public.conversations TO authenticated;
GRANT INSERT (id, kind, title, created_by, direct_key) ON public.conversations TO authenticated;
GRANT UPDATE (title) ON public.conversations TO authenticated;

GRANT SELECT, DELETE ON public.conversation_members TO authenticated;
GRANT INSERT (id, conversation_id, user_id, role) ON public.conversation_members TO authenticated;
GRANT UPDATE (last_read_at) ON public.conversation_members TO authenticated;

GRANT SELECT, DELETE ON public.messages TO authenticated;
GRANT INSERT (id, conversation_id, sender_id, body, attachments) ON public.messages TO authenticated;
GRANT UPDATE (body, attachments, deleted_at) ON public.messages TO authenticated;

-- ---------------------------------------------------------------------------------------
-- Row-level security: members only.
-- ---------------------------------------------------------------------------------------
ALTER TABLE public.conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.conversation_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.messages ENABLE ROW LEVEL SECURITY;

-- The creator also passes, so INSERT ... RETURNING works before the membership row exists.
CREATE POLICY conversations_select_member ON public.conversations
    FOR SELECT TO authenticated USING (public.is_conversation_member(id) OR auth.uid() = created_by);
CREATE POLICY conversations_insert_own ON public.conversations
    FOR INSERT TO authenticated WITH CHECK (auth.uid() = created_by);
CREATE POLICY conversations_update_admin ON public.conversations
    FOR UPDATE TO authenticated
    USING (public.conversation_role(id) IN ('owner', 'admin'))
    WITH CHECK (public.conversation_role(id) IN ('owner', 'admin'));
CREATE POLICY conversations_delete_owner ON public.conversations
    FOR DELETE TO authenticated USING (public.conversation_role(id) = 'owner');

CREATE POLICY conversation_members_select_member ON public.conversation_members
    FOR SELECT TO authenticated USING (public.is_conversation_member(conversation_id));
-- Owners and admins add people; nobody is added as owner by hand.
CREATE POLICY conversation_members_insert_admin ON public.conversation_members
    FOR INSERT TO authenticated WITH CHECK (
        public.conversation_role(conversation_id) IN ('owner', 'admin') AND role <> 'owner'
    );
CREATE POLICY conversation_members_update_own ON public.conversation_members
    FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
-- Anyone may leave; owners and admins may remove others.
CREATE POLICY conversation_members_delete_self_or_admin ON public.conversation_members
    FOR DELETE TO authenticated USING (
        auth.uid() = user_id OR public.conversation_role(conversation_id) IN ('owner', 'admin')
    );

CREATE POLICY messages_select_member ON public.messages
    FOR SELECT TO authenticated USING (public.is_conversation_member(conversation_id));
CREATE POLICY messages_insert_member ON public.messages
    FOR INSERT TO authenticated WITH CHECK (
        auth.uid() = sender_id AND public.is_conversation_member(conversation_id)
    );
CREATE POLICY messages_update_own ON public.messages
    FOR UPDATE TO authenticated USING (auth.uid() = sender_id) WITH CHECK (auth.uid() = sender_id);
CREATE POLICY messages_delete_own ON public.messages
    FOR DELETE TO authenticated USING (auth.uid() = sender_id);

-- anon may SELECT so that row-level security answers "no rows" rather than a permission
-- error, which would abort the rest of an anonymous request's transaction.
GRANT SELECT ON public.conversations, public.conversation_members, public.messages TO anon;
