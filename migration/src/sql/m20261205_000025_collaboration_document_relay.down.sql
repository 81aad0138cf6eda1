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
           END
    FROM realtime.events e
    WHERE e.topic = read.topic AND e.seq > read.after
    ORDER BY e.seq
    LIMIT read.max_events
$$;

DROP TRIGGER collaboration_participants_publish_removal ON public.collaboration_participants;
DROP FUNCTION public.collaboration_participants_publish_removal();
DROP TABLE realtime.document_snapshots;
DROP TRIGGER collaboration_edits_publish ON public.collaboration_edits;
DROP FUNCTION public.collaboration_edits_publish();
DROP TRIGGER collaboration_edits_sequence ON public.collaboration_edits;
DROP FUNCTION public.collaboration_edits_sequence();
DROP INDEX public.collaboration_edits_session_id_seq_idx;
ALTER TABLE public.collaboration_edits DROP COLUMN seq;

DROP POLICY collaboration_edits_insert_editor ON public.collaboration_edits;
CREATE POLICY collaboration_edits_insert_member ON public.collaboration_edits
    FOR INSERT TO authenticated WITH CHECK (
        (SELECT auth.uid()) = user_id AND public.is_session_member(session_id)
    );
DROP FUNCTION public.can_edit_session(uuid);
