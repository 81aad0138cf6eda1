-- Undo connectors.
DROP FUNCTION public.record_connector_call(uuid, text);
DROP TABLE public.connector_usage_logs;
DROP FUNCTION public.connector_access_token(uuid, text);
DROP FUNCTION public.store_connector_credential(uuid, text, text, timestamptz, text);
DROP TABLE public.connector_credentials;
DROP TABLE public.connector_definitions;
