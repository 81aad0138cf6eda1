-- The Yjs edit relay (seed 002: "Yjs CRDT for conflict-free real-time editing").
--
-- A session's document is the merge of its edits whose `operation` is `{"yjs": <base64 of a
-- Yjs update>}`. Each new edit is an event of the topic `document:<session id>`, so the
-- `collaborationEdits` feed relays it to the session's other editors in commit order, from
-- whichever client wrote it (the API, a worker, psql); a participant removed from the
-- session is an event there too, which ends their feed.
--
-- A late joiner starts from the document as of the topic's seq: the session's last stored
-- snapshot (realtime.document_snapshots, written by the gateway once enough edits have
-- piled up after it) plus the edits after the snapshot's seq, each edit keeping the seq of
-- its event.

-- Who may change a session's document: its owner and its editors. Viewers (including
-- everyone who joined with the share token) read it.
CREATE FUNCTION public.can_edit_session(session_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.collaboration_sessions s
        WHERE s.id = can_edit_session.session_id AND s.owner_id = auth.uid()
    ) OR EXISTS (
        SELECT 1 FROM public.collaboration_participants p
        WHERE p.session_id = can_edit_session.session_id AND p.user_id = auth.uid()
          AND p.role IN ('owner', 'editor')
    )
$$;
COMMENT ON FUNCTION public.can_edit_session(uuid) IS
    'Whether the caller (auth.uid()) owns the collaboration session or edits it.';

-- Before this, any participant could append edits, viewers included.
DROP POLICY collaboration_edits_insert_member ON public.collaboration_edits;
CREATE POLICY collaboration_edits_insert_editor ON public.collaboration_edits
    FOR INSERT TO authenticated WITH CHECK (
        (SELECT auth.uid()) = user_id AND public.can_edit_session(session_id)
    );

-- collaboration_edits → document:<session id>: every edit, in commit order. The seq is
-- taken before the row is written (under the topic's row lock, held until commit), so the
-- row carries the seq of its own event.
ALTER TABLE public.collaboration_edits ADD COLUMN seq bigint;
COMMENT ON COLUMN public.collaboration_edits.seq IS
    'The seq of the edit''s event in its session''s document topic (NULL for edits older than the relay).';
CREATE INDEX collaboration_edits_session_id_seq_idx ON public.collaboration_edits (session_id, seq);

CREATE FUNCTION public.collaboration_edits_sequence() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    NEW.seq := realtime.next_seq('document:' || NEW.session_id);
    RETURN NEW;
END
$$;

CREATE TRIGGER collaboration_edits_sequence
    BEFORE INSERT ON public.collaboration_edits
    FOR EACH ROW EXECUTE FUNCTION public.collaboration_edits_sequence();

CREATE FUNCTION public.collaboration_edits_publish() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM realtime.emit('document:' || NEW.session_id, NEW.seq, 'edit', NEW.id,
                          jsonb_build_object('user_id', NEW.user_id));
    RETURN NULL;
END
$$;

CREATE TRIGGER collaboration_edits_publish
    AFTER INSERT ON public.collaboration_edits
    FOR EACH ROW EXECUTE FUNCTION public.collaboration_edits_publish();

-- A session's document merged up to `seq` (a Yjs update, base64), so that a late joiner
-- merges the edits after it rather than the whole history. Internal: the gateway reads and
-- writes it as the owner; no API role may.
CREATE TABLE realtime.document_snapshots (
    session_id uuid        NOT NULL,
    seq        bigint      NOT NULL,
    state      text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_snapshots_pkey PRIMARY KEY (session_id),
    CONSTRAINT document_snapshots_session_id_fkey
        FOREIGN KEY (session_id) REFERENCES public.collaboration_sessions (id) ON DELETE CASCADE
);
COMMENT ON TABLE realtime.document_snapshots IS
    'Each collaboration session''s document merged up to a seq of its document topic.';

-- A participant removed from a session stops receiving its document.
CREATE FUNCTION public.collaboration_participants_publish_removal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM realtime.publish('document:' || OLD.session_id, 'member_removed', OLD.id,
                             jsonb_build_object('user_id', OLD.user_id));
    RETURN NULL;
END
$$;

CREATE TRIGGER collaboration_participants_publish_removal
    AFTER DELETE ON public.collaboration_participants
    FOR EACH ROW EXECUTE FUNCTION public.collaboration_participants_publish_removal();

-- The outbox read returns an edit's row with its event, as it does a message's.
CREATE OR REPLACE FUNCTION realtime.read(topic text, after bigint, max_events integer)
RETURNS TABLE (seq bigint, kind text, row_id uuid, payload jsonb, row_data jsonb)
LANGUAGE sql STABLE
AS $$
    SELECT e.seq, e.kind, e.row_id, e.payload,
           CASE split_part(e.topic, ':', 1)
               WHEN 'conversation' THEN (SELECT to_jsonb(m) FROM public.messages m WHERE m.id = e.row_id)
               WHEN 'user' THEN (SELECT to_jsonb(n) FROM public.notifications n WHERE n.id = e.row_id)
               WHEN 'session' THEN (SELECT to_jsonb(p) FROM public.collaboration_participants p WHERE p.id = e.row_id)
               WHEN 'job' THEN (SELECT to_jsonb(j) FROM public.jobs j WHERE j.id = e.row_id)
               WHEN 'document' THEN (SELECT to_jsonb(x) FROM public.collaboration_edits x WHERE x.id = e.row_id)
           END
    FROM realtime.events e
    WHERE e.topic = read.topic AND e.seq > read.after
    ORDER BY e.seq
    LIMIT read.max_events
$$;
