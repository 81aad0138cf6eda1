-- The indexes end in `created_at` again.
DO $$
DECLARE
    index record;
BEGIN
    FOR index IN
        SELECT i.indexrelid::regclass AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_attribute last ON last.attrelid = t.oid
                              AND last.attnum = i.indkey[i.indnkeyatts - 1]
        JOIN pg_attribute before_last ON before_last.attrelid = t.oid
                                     AND before_last.attnum = i.indkey[i.indnkeyatts - 2]
        WHERE n.nspname = 'public' AND NOT i.indisunique AND i.indexprs IS NULL
          AND i.indnkeyatts >= 2 AND last.attname = 'id' AND before_last.attname = 'created_at'
    LOOP
        EXECUTE format('DROP INDEX %s', index.name);
        EXECUTE regexp_replace(index.definition, ', id( DESC)?\)', ')');
    END LOOP;
END
$$;
