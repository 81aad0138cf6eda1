-- A row routed through its parent (an AI task, to its clone's owner) is often deleted by its
-- parent's deletion cascading to it. Its AFTER DELETE trigger then runs when the parent row
-- is already gone, so looking the audience up finds nobody and the owner never heard that
-- the row went. A parent that routes children remembers, for the rest of the transaction,
-- whose it was (a transaction-local setting, set in a BEFORE DELETE trigger, which runs before
-- the cascade), and the lookup falls back to that.

-- The setting holding the audience `column` of the parent row `id` for this transaction.
CREATE FUNCTION realtime.remembered(column_name text, id uuid) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT format('realtime.%s_of_%s', column_name, replace(id::text, '-', ''))
$$;

-- SECURITY DEFINER: the deleting role (an owner signed in) has no rights on `realtime`.
CREATE FUNCTION realtime.remember_audience() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
    PERFORM set_config(realtime.remembered(TG_ARGV[0], OLD.id),
                       to_jsonb(OLD)->>TG_ARGV[0], true);
    RETURN OLD;
END
$$;

CREATE OR REPLACE FUNCTION realtime.audience(data jsonb, route text[]) RETURNS uuid
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    audience uuid;
    parent uuid := data->>route[1];
BEGIN
    IF cardinality(route) = 1 THEN
        RETURN parent;
    END IF;
    EXECUTE format('SELECT p.%I FROM public.%I p WHERE p.id = $1', route[3], route[2])
        INTO audience USING parent;
    IF audience IS NULL AND parent IS NOT NULL THEN
        audience := nullif(current_setting(realtime.remembered(route[3], parent), true), '');
    END IF;
    RETURN audience;
END
$$;

-- The parents of the routes through a parent (the test `changes` checks that each has one).
CREATE TRIGGER ai_clones_remember_owner BEFORE DELETE ON public.ai_clones
    FOR EACH ROW EXECUTE FUNCTION realtime.remember_audience('user_id');
