-- Change feeds: INSERT / UPDATE / DELETE of a table, as events of a topic per audience.
--
-- A table opts in with a trigger calling realtime.publish_change(route...). The route names
-- the row's audience, the one user (or the members of the one group) that the table's
-- SELECT policy lets see it: a column of the row (`user_id`), or a column pointing at a
-- parent row and that parent's column (`clone_id`, `ai_clones`, `user_id`). Each change is
-- an event of `changes:<audience id>`, whose followers are checked when they subscribe (the
-- owner follows their own id; a member, a group they may see), so the gateway never reads
-- a row per subscriber to decide who may see it, and a subscriber never hears of a row, a
-- deletion included, outside its audience. A row moved to another audience is DELETED for
-- the old one and INSERTED for the new one. A membership table removing a member calls
-- realtime.publish_member_removed(group column), which ends that member's feeds of the
-- group.

-- The audience of a row (`data`, the row as JSON) by `route`; NULL when it has none.
CREATE FUNCTION realtime.audience(data jsonb, route text[]) RETURNS uuid
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    audience uuid;
BEGIN
    IF cardinality(route) = 1 THEN
        RETURN (data->>route[1])::uuid;
    END IF;
    EXECUTE format('SELECT p.%I FROM public.%I p WHERE p.id = $1', route[3], route[2])
        INTO audience USING (data->>route[1])::uuid;
    RETURN audience;
END
$$;

-- A change carries its row as it was at that commit (a deleted row as it was last), so that
-- the event shows what changed even when a later write changed the row again, and so that a
-- subscriber's filter applies to deletions too. A row too large for the outbox's payload
-- travels without it; the event then shows the row as it is when read.
CREATE FUNCTION realtime.change_payload(table_name text, data jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE
        WHEN pg_column_size(data) <= 3500 THEN jsonb_build_object('table', table_name, 'row', data)
        ELSE jsonb_build_object('table', table_name)
    END
$$;

CREATE FUNCTION realtime.publish_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    -- TG_ARGV counts from 0; the route, like every other array, from 1.
    route text[] := ARRAY(SELECT unnest(TG_ARGV));
    old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    old_audience uuid := realtime.audience(old_row, route);
    new_audience uuid := realtime.audience(new_row, route);
    id uuid := coalesce(new_row, old_row)->>'id';
BEGIN
    IF TG_OP = 'UPDATE' AND old_row = new_row THEN
        RETURN NULL;
    END IF;
    IF old_audience IS NOT NULL AND old_audience IS DISTINCT FROM new_audience THEN
        PERFORM realtime.publish('changes:' || old_audience, 'deleted', id,
                                 realtime.change_payload(TG_TABLE_NAME, old_row));
    END IF;
    IF new_audience IS NOT NULL THEN
        PERFORM realtime.publish('changes:' || new_audience,
            CASE WHEN TG_OP = 'INSERT' OR old_audience IS DISTINCT FROM new_audience THEN 'inserted'
                 ELSE 'updated' END,
            id, realtime.change_payload(TG_TABLE_NAME, new_row));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION realtime.publish_member_removed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM realtime.publish('changes:' || (to_jsonb(OLD)->>TG_ARGV[0]), 'member_removed', OLD.id,
                             jsonb_build_object('user_id', OLD.user_id));
    RETURN NULL;
END
$$;

-- A changed row as JSON, for the outbox read of a change too large to carry it (NULL once
-- deleted).
CREATE FUNCTION realtime.row_of(table_name text, id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    found jsonb;
BEGIN
    EXECUTE format('SELECT to_jsonb(t) FROM public.%I t WHERE t.id = $1', table_name)
        INTO found USING id;
    RETURN found;
END
$$;

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
               WHEN 'changes' THEN CASE WHEN e.kind <> 'deleted' AND e.payload ? 'table'
                                             AND NOT e.payload ? 'row'
                                        THEN realtime.row_of(e.payload->>'table', e.row_id) END
           END
    FROM realtime.events e
    WHERE e.topic = read.topic AND e.seq > read.after
    ORDER BY e.seq
    LIMIT read.max_events
$$;

-- Seed 001's realtime tables, each to its owner: clones, their tasks (through the clone),
-- payments, and activity logs (an admin's wider view of other users' logs is not a feed).
CREATE TRIGGER ai_clones_changes AFTER INSERT OR UPDATE OR DELETE ON public.ai_clones
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER ai_tasks_changes AFTER INSERT OR UPDATE OR DELETE ON public.ai_tasks
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('clone_id', 'ai_clones', 'user_id');
CREATE TRIGGER payments_changes AFTER INSERT OR UPDATE OR DELETE ON public.payments
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER audit_logs_changes AFTER INSERT OR UPDATE OR DELETE ON public.audit_logs
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');

-- Owner-scoped tables of the other products whose rows a client shows as they change:
-- credits and billing (seed 003), crypto payments, an agent's artifacts (seed 002), SEO
-- submissions (seed 003) and a Luminor conversation's messages (seed 004).
CREATE TRIGGER subscriptions_changes AFTER INSERT OR UPDATE OR DELETE ON public.subscriptions
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER credit_balances_changes AFTER INSERT OR UPDATE OR DELETE ON public.credit_balances
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER credit_transactions_changes AFTER INSERT OR UPDATE OR DELETE ON public.credit_transactions
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER crypto_transactions_changes AFTER INSERT OR UPDATE OR DELETE ON public.crypto_transactions
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER agent_artifacts_changes AFTER INSERT OR UPDATE OR DELETE ON public.agent_artifacts
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER seo_submissions_changes AFTER INSERT OR UPDATE OR DELETE ON public.seo_submissions
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER luminor_messages_changes AFTER INSERT OR UPDATE OR DELETE ON public.luminor_messages
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');

-- A collaboration session's participants, to the session's members.
CREATE TRIGGER collaboration_participants_changes
    AFTER INSERT OR UPDATE OR DELETE ON public.collaboration_participants
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('session_id');
CREATE TRIGGER collaboration_participants_changes_removal
    AFTER DELETE ON public.collaboration_participants
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_member_removed('session_id');
