-- Undo operations and security.
DROP TRIGGER marketplace_purchases_audit ON public.marketplace_purchases;
DROP TRIGGER crypto_transactions_audit ON public.crypto_transactions;
DROP TRIGGER wallets_audit ON public.wallets;
DROP TRIGGER connector_credentials_audit ON public.connector_credentials;
DROP TRIGGER user_roles_audit ON public.user_roles;
DROP TRIGGER api_keys_audit ON public.api_keys;
DROP FUNCTION public.audit_row_change();
DROP TABLE public.cache_entries;
DROP TABLE public.gaming_sessions;
DROP TABLE public.optimization_events;
DROP TABLE public.engine_metrics;
DROP TABLE public.audit_logs;
DROP TABLE public.security_events;
