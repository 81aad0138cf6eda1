-- Undo AI.
DROP FUNCTION public.add_message_to_conversation(uuid, uuid, text, text, text, integer);
DROP FUNCTION public.check_bond_level_up(uuid, uuid);
DROP TABLE public.ai_usage, public.ai_suggestion_applications, public.ai_suggestions, public.user_ai_settings,
    public.ai_models, public.ai_providers, public.luminor_relationships, public.luminor_messages,
    public.luminor_conversations, public.luminors, public.ai_tasks, public.ai_clones, public.bot_sessions,
    public.bot_training_examples, public.bots, public.ai_sessions, public.ai_memories;
DROP FUNCTION public.ai_tasks_lifecycle();
