-- A successful sign-in resets the brute-force count: failures count from the latest of the
-- window's start, the last lockout and the account's last successful sign-in
-- (users.last_login_at), so someone who mistyped a few times, then got in, starts afresh.
CREATE OR REPLACE FUNCTION public.record_failed_sign_in(
    client_ip text, tried_account text, account_user uuid,
    max_failures integer, window_seconds integer, lockout_seconds integer)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = public
AS $$
DECLARE
    known_user uuid := (SELECT p.id FROM public.profiles p WHERE p.id = account_user);
    since timestamptz;
    failures integer;
BEGIN
    -- Concurrent failures for one address and account count one after the other.
    PERFORM pg_advisory_xact_lock(hashtext('sign-in:' || coalesce(client_ip, '') || ':' || tried_account));
    INSERT INTO public.security_events (user_id, kind, ip, account)
    VALUES (known_user, 'failed_login', client_ip, tried_account);
    SELECT greatest(now() - make_interval(secs => window_seconds), coalesce(max(e.created_at), '-infinity'),
                    coalesce((SELECT u.last_login_at FROM public.users u WHERE u.id = known_user), '-infinity'))
    INTO since
    FROM public.security_events e
    WHERE e.kind = 'brute_force_blocked' AND e.account = tried_account AND e.ip IS NOT DISTINCT FROM client_ip;
    SELECT count(*) INTO failures
    FROM public.security_events e
    WHERE e.kind = 'failed_login' AND e.account = tried_account AND e.ip IS NOT DISTINCT FROM client_ip
      AND e.created_at > since;
    IF failures < max_failures THEN
        RETURN false;
    END IF;
    INSERT INTO public.security_events (user_id, kind, ip, account, details)
    VALUES (known_user, 'brute_force_blocked', client_ip, tried_account,
            jsonb_build_object('failures', failures, 'window_seconds', window_seconds,
                               'lockout_seconds', lockout_seconds));
    RETURN true;
END
$$;
