-- Undo messaging: tables first (their policies use the helper functions), then functions.
DROP TABLE public.messages;
DROP TABLE public.conversation_members;
DROP TABLE public.conversations;

DROP FUNCTION public.messages_touch_conversation();
DROP FUNCTION public.messages_set_edited_at();
DROP FUNCTION public.conversation_members_check_direct();
DROP FUNCTION public.conversations_add_creator();
DROP FUNCTION public.conversation_role(uuid);
DROP FUNCTION public.is_conversation_member(uuid);
DROP FUNCTION public.direct_conversation_key(uuid, uuid);
