-- The NATS backplane's relay position: the last seq of each topic published to JetStream.
-- A relay that takes over (another gateway, after the previous relay died) publishes what
-- each topic has beyond it, so an event committed while no relay ran still goes out.
CREATE TABLE realtime.relayed (
    topic text   NOT NULL,
    seq   bigint NOT NULL,
    CONSTRAINT relayed_pkey PRIMARY KEY (topic)
);
COMMENT ON TABLE realtime.relayed IS
    'The last seq per topic the NATS relay published (acknowledged by JetStream).';

-- Topics with events the relay has not published, and where to publish them from. A topic
-- whose unpublished events were all pruned meanwhile has nothing left to publish.
CREATE FUNCTION realtime.unrelayed() RETURNS TABLE (topic text, relayed bigint)
LANGUAGE sql STABLE
AS $$
    SELECT t.topic, coalesce(r.seq, 0)
    FROM realtime.topics t LEFT JOIN realtime.relayed r USING (topic)
    WHERE t.last_seq > coalesce(r.seq, 0)
      AND EXISTS (SELECT FROM realtime.events e
                  WHERE e.topic = t.topic AND e.seq > coalesce(r.seq, 0))
$$;

-- Records that `topic` is published up to `seq`; never moves a position back, so a relay
-- that lost its election and finishes late cannot undo its successor's progress.
CREATE FUNCTION realtime.mark_relayed(topic text, seq bigint) RETURNS void
LANGUAGE sql VOLATILE
AS $$
    INSERT INTO realtime.relayed AS r (topic, seq) VALUES (topic, seq)
    ON CONFLICT ON CONSTRAINT relayed_pkey DO UPDATE SET seq = greatest(r.seq, excluded.seq)
$$;
