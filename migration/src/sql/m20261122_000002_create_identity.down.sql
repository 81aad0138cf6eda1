-- Undo identity: tables first (policies use has_role), then the function.
DROP TABLE public.api_keys;
DROP TABLE public.user_roles;
DROP TABLE public.user_settings;
DROP TABLE public.profiles; -- owns profiles_arcanean_number_seq
DROP TABLE public.users;

DROP FUNCTION public.has_role(uuid, text);
