-- Realtime: an outbox of small events per topic, filled by triggers on the feed tables, and
-- a NOTIFY per event so every gateway process learns about it.
--
-- Topics: `conversation:<id>` (messages, member removals), `user:<id>` (notifications),
-- `session:<id>` (presence), `job:<id>` (job progress). Each topic has its own sequence,
-- assigned under a row lock on realtime.topics that is held until commit, so per topic
-- seq order is commit order even with concurrent writers, and a rolled-back write leaves
-- no gap. The NOTIFY payload is only {topic, seq}; gateways read the event (and the row it
-- names) from the outbox, once per event per process, and clients resume from a seq.
-- Writes from any client (psql, workers, the gateway) fire the same triggers.
-- Events older than the retention (7 days) are pruned by the gateway's sweeper.

CREATE SCHEMA realtime;
REVOKE ALL ON SCHEMA realtime FROM PUBLIC;

CREATE TABLE realtime.topics (
    topic    text   NOT NULL,
    last_seq bigint NOT NULL,
    CONSTRAINT topics_pkey PRIMARY KEY (topic)
);
COMMENT ON TABLE realtime.topics IS 'The last sequence number handed out per topic.';

CREATE TABLE realtime.events (
    topic      text        NOT NULL,
    seq        bigint      NOT NULL,
    kind       text        NOT NULL,
    row_id     uuid        NOT NULL,
    payload    jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_pkey PRIMARY KEY (topic, seq),
    CONSTRAINT events_payload_size CHECK (pg_column_size(payload) <= 4096)
);
COMMENT ON TABLE realtime.events IS 'The outbox: one small event per feed change, replayable by (topic, seq).';

CREATE INDEX events_created_at_idx ON realtime.events (created_at);

-- The next seq of `topic`. The row lock it takes is held until the writing transaction
-- ends, so a concurrent writer to the same topic waits and gets the following number.
CREATE FUNCTION realtime.next_seq(topic text) RETURNS bigint
LANGUAGE sql VOLATILE
AS $$
    INSERT INTO realtime.topics AS t (topic, last_seq) VALUES (next_seq.topic, 1)
    ON CONFLICT ON CONSTRAINT topics_pkey DO UPDATE SET last_seq = t.last_seq + 1
    RETURNING t.last_seq
$$;

-- Records event `seq` of `topic` and tells the listeners (delivered at commit).
CREATE FUNCTION realtime.emit(topic text, seq bigint, kind text, row_id uuid, payload jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    INSERT INTO realtime.events (topic, seq, kind, row_id, payload)
    VALUES (emit.topic, emit.seq, emit.kind, emit.row_id, coalesce(emit.payload, '{}'));
    PERFORM pg_notify('switchyard', json_build_object('topic', emit.topic, 'seq', emit.seq)::text);
END
$$;

CREATE FUNCTION realtime.publish(topic text, kind text, row_id uuid, payload jsonb DEFAULT '{}')
RETURNS void
LANGUAGE sql VOLATILE
AS $$
    SELECT realtime.emit(publish.topic, realtime.next_seq(publish.topic), publish.kind,
                         publish.row_id, publish.payload)
$$;

-- The current seq of a topic (0 before its first event). STABLE: inside a statement it
-- sees that statement's snapshot, so a state read and its seq agree.
CREATE FUNCTION realtime.topic_seq(topic text) RETURNS bigint
LANGUAGE sql STABLE
AS $$
    SELECT coalesce((SELECT t.last_seq FROM realtime.topics t WHERE t.topic = topic_seq.topic), 0)
$$;

-- Events of `topic` after `after`, in order, each with the row it names as JSON (NULL when
-- that row is gone).
CREATE FUNCTION realtime.read(topic text, after bigint, max_events integer)
RETURNS TABLE (seq bigint, kind text, row_id uuid, payload jsonb, row_data jsonb)
LANGUAGE sql STABLE
AS $$
    SELECT e.seq, e.kind, e.row_id, e.payload,
           CASE split_part(e.topic, ':', 1)
               WHEN 'conversation' THEN (SELECT to_jsonb(m) FROM public.messages m WHERE m.id = e.row_id)
               WHEN 'user' THEN (SELECT to_jsonb(n) FROM public.notifications n WHERE n.id = e.row_id)
               WHEN 'session' THEN (SELECT to_jsonb(p) FROM public.collaboration_participants p WHERE p.id = e.row_id)
               WHEN 'job' THEN (SELECT to_jsonb(j) FROM public.jobs j WHERE j.id = e.row_id)
           END
    FROM realtime.events e
    WHERE e.topic = read.topic AND e.seq > read.after
    ORDER BY e.seq
    LIMIT read.max_events
$$;

-- The oldest seq still kept for a topic (0 when nothing was pruned), so a resume cursor
-- older than the retention is refused rather than silently skipping events.
CREATE FUNCTION realtime.first_kept_seq(topic text) RETURNS bigint
LANGUAGE sql STABLE
AS $$
    SELECT coalesce((SELECT min(e.seq) - 1 FROM realtime.events e WHERE e.topic = first_kept_seq.topic), 0)
$$;

CREATE FUNCTION realtime.prune(retention interval) RETURNS integer
LANGUAGE sql VOLATILE
AS $$
    WITH gone AS (DELETE FROM realtime.events WHERE created_at < now() - retention RETURNING 1)
    SELECT count(*)::integer FROM gone
$$;

-- ---------------------------------------------------------------------------------------
-- Triggers on the feed tables. SECURITY DEFINER: the writer's role (authenticated, a
-- worker) has no rights on the realtime schema.
-- ---------------------------------------------------------------------------------------

-- messages → conversation:<id>: added / edited / deleted (soft or hard).
CREATE FUNCTION public.messages_publish() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    kind text;
    m public.messages := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    IF TG_OP = 'INSERT' THEN
        kind := 'added';
    ELSIF TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN
        kind := 'deleted';
    ELSIF NEW.body IS DISTINCT FROM OLD.body OR NEW.attachments IS DISTINCT FROM OLD.attachments THEN
        kind := 'edited';
    ELSE
        RETURN NULL;
    END IF;
    PERFORM realtime.publish('conversation:' || m.conversation_id, kind, m.id,
                             jsonb_build_object('sender_id', m.sender_id));
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_publish
    AFTER INSERT OR UPDATE OR DELETE ON public.messages
    FOR EACH ROW EXECUTE FUNCTION public.messages_publish();

-- A removed member's streams of that conversation end (their access is revoked).
CREATE FUNCTION public.conversation_members_publish() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM realtime.publish('conversation:' || OLD.conversation_id, 'member_removed', OLD.id,
                             jsonb_build_object('user_id', OLD.user_id));
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_members_publish
    AFTER DELETE ON public.conversation_members
    FOR EACH ROW EXECUTE FUNCTION public.conversation_members_publish();

-- notifications → user:<id>: created / read / archived / updated / deleted, with the unread
-- count as of this commit (counted after taking the topic lock, so concurrent writers to
-- one inbox see each other's committed rows).
CREATE FUNCTION public.notifications_publish() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    n public.notifications := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    topic text := 'user:' || n.user_id;
    kind text;
    seq bigint;
    unread bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        kind := 'created';
    ELSIF TG_OP = 'DELETE' THEN
        kind := 'deleted';
    ELSIF NEW.is_read AND NOT OLD.is_read THEN
        kind := 'read';
    ELSIF NEW.is_archived AND NOT OLD.is_archived THEN
        kind := 'archived';
    ELSIF (to_jsonb(NEW) - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'updated_at') THEN
        kind := 'updated';
    ELSE
        RETURN NULL;
    END IF;
    seq := realtime.next_seq(topic);
    SELECT count(*) INTO unread FROM public.notifications x WHERE x.user_id = n.user_id AND NOT x.is_read;
    PERFORM realtime.emit(topic, seq, kind, n.id, jsonb_build_object('unread_count', unread));
    RETURN NULL;
END
$$;

CREATE TRIGGER notifications_publish
    AFTER INSERT OR UPDATE OR DELETE ON public.notifications
    FOR EACH ROW EXECUTE FUNCTION public.notifications_publish();

-- collaboration_participants → session:<id>: joined / updated / left. A heartbeat that only
-- moves last_seen_at is not an event.
CREATE FUNCTION public.collaboration_participants_publish() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    p public.collaboration_participants := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    was_present boolean := TG_OP <> 'INSERT' AND OLD.status <> 'offline';
    is_present boolean := TG_OP <> 'DELETE' AND NEW.status <> 'offline';
    kind text;
BEGIN
    IF is_present AND NOT was_present THEN
        kind := 'joined';
    ELSIF was_present AND NOT is_present THEN
        kind := 'left';
    ELSIF is_present AND (NEW.status, NEW.cursor, NEW.role) IS DISTINCT FROM (OLD.status, OLD.cursor, OLD.role) THEN
        kind := 'updated';
    ELSE
        RETURN NULL;
    END IF;
    PERFORM realtime.publish('session:' || p.session_id, kind, p.id,
                             jsonb_build_object('user_id', p.user_id, 'status', p.status));
    RETURN NULL;
END
$$;

CREATE TRIGGER collaboration_participants_publish
    AFTER INSERT OR UPDATE OR DELETE ON public.collaboration_participants
    FOR EACH ROW EXECUTE FUNCTION public.collaboration_participants_publish();

-- jobs → job:<id>: every change of status, progress or message, with that state in the
-- payload (so each event shows the job as it was at that commit).
CREATE FUNCTION public.jobs_publish() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.status, NEW.progress, NEW.progress_message, NEW.attempts)
        IS NOT DISTINCT FROM (OLD.status, OLD.progress, OLD.progress_message, OLD.attempts) THEN
        RETURN NULL;
    END IF;
    PERFORM realtime.publish('job:' || NEW.id,
        CASE WHEN TG_OP = 'INSERT' THEN 'created'
             WHEN NEW.status IS DISTINCT FROM OLD.status THEN 'status'
             ELSE 'progress' END,
        NEW.id,
        jsonb_build_object('status', NEW.status, 'progress', NEW.progress,
                           'progress_message', NEW.progress_message, 'attempts', NEW.attempts,
                           'error', left(NEW.error, 500)));
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_publish
    AFTER INSERT OR UPDATE ON public.jobs
    FOR EACH ROW EXECUTE FUNCTION public.jobs_publish();
