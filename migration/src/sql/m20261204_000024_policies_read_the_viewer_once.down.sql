-- Policies call `auth.uid()` per row again (PostgreSQL prints the init plan as
-- `( SELECT auth.uid() AS uid)`).
DO $$
DECLARE
    policy record;
    once constant text := '( SELECT auth.uid() AS uid)';
    bare constant text := 'auth.uid()';
BEGIN
    FOR policy IN
        SELECT schemaname, tablename, policyname, qual, with_check
        FROM pg_policies
        WHERE coalesce(qual, '') LIKE '%( SELECT auth.uid() AS uid)%'
           OR coalesce(with_check, '') LIKE '%( SELECT auth.uid() AS uid)%'
    LOOP
        IF policy.qual IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I.%I USING (%s)',
                           policy.policyname, policy.schemaname, policy.tablename,
                           replace(policy.qual, once, bare));
        END IF;
        IF policy.with_check IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I.%I WITH CHECK (%s)',
                           policy.policyname, policy.schemaname, policy.tablename,
                           replace(policy.with_check, once, bare));
        END IF;
    END LOOP;
END
$$;
