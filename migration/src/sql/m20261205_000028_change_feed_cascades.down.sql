DROP TRIGGER ai_clones_remember_owner ON public.ai_clones;
CREATE OR REPLACE FUNCTION realtime.audience(data jsonb, route text[]) RETURNS uuid
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
DROP FUNCTION realtime.remember_audience();
DROP FUNCTION realtime.remembered(text, uuid);
