DROP TRIGGER luminor_messages_changes ON public.luminor_messages;
DROP TRIGGER seo_submissions_changes ON public.seo_submissions;
DROP TRIGGER agent_artifacts_changes ON public.agent_artifacts;
DROP TRIGGER crypto_transactions_changes ON public.crypto_transactions;
DROP TRIGGER credit_transactions_changes ON public.credit_transactions;
DROP TRIGGER credit_balances_changes ON public.credit_balances;
DROP TRIGGER subscriptions_changes ON public.subscriptions;
DROP TRIGGER collaboration_participants_changes_removal ON public.collaboration_participants;
DROP TRIGGER collaboration_participants_changes ON public.collaboration_participants;
DROP TRIGGER audit_logs_changes ON public.audit_logs;
DROP TRIGGER payments_changes ON public.payments;
DROP TRIGGER ai_tasks_changes ON public.ai_tasks;
DROP TRIGGER ai_clones_changes ON public.ai_clones;

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

DROP FUNCTION realtime.row_of(text, uuid);
DROP FUNCTION realtime.publish_member_removed();
DROP FUNCTION realtime.publish_change();
DROP FUNCTION realtime.change_payload(text, jsonb);
DROP FUNCTION realtime.audience(jsonb, text[]);
