-- AI: memories with embeddings (seed 000), bots and their training examples, AetherCrown
-- clones and tasks (seed 001), the Luminor companions of seed 004 (conversations, messages,
-- bond levels), and seed 003's providers, models, per-user settings, suggestions and usage.
--
-- Embeddings are vector(384) (the dimension of common small sentence-embedding models such
-- as all-MiniLM-L6-v2). The gateway's SWITCHYARD_EMBEDDING_DIMENSIONS must match it;
-- another dimension needs a new migration that alters these columns and rebuilds the HNSW
-- indexes. The indexes use cosine distance (`<=>`), which semantic search orders by.

-- ---------------------------------------------------------------------------------------
-- ai_memories: long-term memory with an embedding (seed 000 ai_memory).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.ai_memories (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id          uuid        NOT NULL, -- Whose memory.
    content          text        NOT NULL, -- What is remembered.
    kind             text        NOT NULL DEFAULT 'fact', -- What sort of memory it is. [MemoryKind]
    importance       integer     NOT NULL DEFAULT 5, -- 1 (trivia) to 10 (essential).
    metadata         jsonb       NOT NULL DEFAULT '{}', -- Extra data (a JSON object).
    embedding        vector(384), -- The content's embedding (384 dimensions), for semantic search.
    last_accessed_at timestamptz, -- When it was last recalled.
    created_at       timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at       timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT ai_memories_pkey PRIMARY KEY (id),
    CONSTRAINT ai_memories_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT ai_memories_kind_check CHECK (kind IN ('fact', 'preference', 'event', 'skill', 'conversation')),
    CONSTRAINT ai_memories_importance_range CHECK (importance BETWEEN 1 AND 10),
    CONSTRAINT ai_memories_content_length CHECK (char_length(btrim(content)) BETWEEN 1 AND 10000),
    CONSTRAINT ai_memories_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
COMMENT ON TABLE public.ai_memories IS 'Long-term AI memories of a user, searchable by embedding distance.';

CREATE INDEX ai_memories_user_id_created_at_idx ON public.ai_memories (user_id, created_at DESC);
CREATE INDEX ai_memories_created_at_idx ON public.ai_memories (created_at DESC);
CREATE INDEX ai_memories_importance_idx ON public.ai_memories (importance);
CREATE INDEX ai_memories_embedding_idx ON public.ai_memories USING hnsw (embedding vector_cosine_ops);

-- ---------------------------------------------------------------------------------------
-- ai_sessions: conversation state with the assistant (seed 000).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.ai_sessions (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id       uuid        NOT NULL, -- Whose session.
    title         text        NOT NULL DEFAULT 'New session', -- Session title.
    status        text        NOT NULL DEFAULT 'active', -- Whether it is going on. [SessionStatus]
    context       jsonb       NOT NULL DEFAULT '{}', -- Conversation state and context (a JSON object).
    message_count integer     NOT NULL DEFAULT 0, -- Messages exchanged.
    ended_at      timestamptz, -- When it ended.
    created_at    timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at    timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT ai_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT ai_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT ai_sessions_status_check CHECK (status IN ('active', 'ended')),
    CONSTRAINT ai_sessions_message_count_nonnegative CHECK (message_count >= 0),
    CONSTRAINT ai_sessions_context_is_object CHECK (jsonb_typeof(context) = 'object')
);
COMMENT ON TABLE public.ai_sessions IS 'Assistant sessions of a user: conversation state and context.';

CREATE INDEX ai_sessions_user_id_created_at_idx ON public.ai_sessions (user_id, created_at DESC);
CREATE INDEX ai_sessions_created_at_idx ON public.ai_sessions (created_at DESC);
CREATE INDEX ai_sessions_message_count_idx ON public.ai_sessions (message_count);

-- ---------------------------------------------------------------------------------------
-- bots: bot definitions (seed 000), public when listed.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.bots (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id     uuid        NOT NULL, -- Who built it.
    name        text        NOT NULL, -- Display name.
    description text        NOT NULL DEFAULT '', -- What it does.
    personality text        NOT NULL DEFAULT '', -- How it talks.
    engine      text        NOT NULL DEFAULT 'openai', -- The engine behind it. [BotEngine]
    config      jsonb       NOT NULL DEFAULT '{}', -- Engine settings (a JSON object).
    is_public   boolean     NOT NULL DEFAULT false, -- Whether everyone may see it.
    created_at  timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at  timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT bots_pkey PRIMARY KEY (id),
    CONSTRAINT bots_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT bots_id_user_id_key UNIQUE (id, user_id),
    CONSTRAINT bots_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
    CONSTRAINT bots_engine_check CHECK (engine IN ('openai', 'anthropic', 'google', 'local')),
    CONSTRAINT bots_config_is_object CHECK (jsonb_typeof(config) = 'object')
);
COMMENT ON TABLE public.bots IS 'Bots: a personality on an engine; public when listed, otherwise their builder''s.';

CREATE INDEX bots_user_id_created_at_idx ON public.bots (user_id, created_at DESC);
CREATE INDEX bots_created_at_idx ON public.bots (created_at DESC);
CREATE INDEX bots_name_idx ON public.bots (name);

-- ---------------------------------------------------------------------------------------
-- bot_training_examples: input/output pairs with embeddings (seed 000 bot_training).
-- user_id is the bot's owner, kept consistent by the composite foreign key.
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.bot_training_examples (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    bot_id     uuid        NOT NULL, -- The bot it trains.
    user_id    uuid        NOT NULL, -- The bot's owner.
    input      text        NOT NULL, -- What the user says.
    output     text        NOT NULL, -- What the bot should answer.
    embedding  vector(384), -- The input's embedding (384 dimensions), for semantic search.
    created_at timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT bot_training_examples_pkey PRIMARY KEY (id),
    CONSTRAINT bot_training_examples_bot_id_fkey FOREIGN KEY (bot_id) REFERENCES public.bots (id) ON DELETE CASCADE,
    CONSTRAINT bot_training_examples_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT bot_training_examples_bot_owner_fkey FOREIGN KEY (bot_id, user_id) REFERENCES public.bots (id, user_id) ON DELETE CASCADE,
    CONSTRAINT bot_training_examples_input_length CHECK (char_length(btrim(input)) BETWEEN 1 AND 10000),
    CONSTRAINT bot_training_examples_output_length CHECK (char_length(output) <= 10000)
);
COMMENT ON TABLE public.bot_training_examples IS 'Training examples of a bot, searchable by embedding distance; its owner''s only.';

CREATE INDEX bot_training_examples_bot_id_created_at_idx ON public.bot_training_examples (bot_id, created_at DESC);
CREATE INDEX bot_training_examples_user_id_idx ON public.bot_training_examples (user_id);
CREATE INDEX bot_training_examples_created_at_idx ON public.bot_training_examples (created_at DESC);
CREATE INDEX bot_training_examples_embedding_idx ON public.bot_training_examples USING hnsw (embedding vector_cosine_ops);

-- ---------------------------------------------------------------------------------------
-- bot_sessions: conversations with a bot (seed 000).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.bot_sessions (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id    uuid        NOT NULL, -- Who talks to the bot.
    bot_id     uuid        NOT NULL, -- The bot.
    status     text        NOT NULL DEFAULT 'active', -- Whether it is going on. [SessionStatus]
    state      jsonb       NOT NULL DEFAULT '{}', -- Conversation state (a JSON object).
    started_at timestamptz NOT NULL DEFAULT now(), -- When it started.
    ended_at   timestamptz, -- When it ended.
    created_at timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT bot_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT bot_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT bot_sessions_bot_id_fkey FOREIGN KEY (bot_id) REFERENCES public.bots (id) ON DELETE CASCADE,
    CONSTRAINT bot_sessions_status_check CHECK (status IN ('active', 'ended')),
    CONSTRAINT bot_sessions_ended_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);
COMMENT ON TABLE public.bot_sessions IS 'Sessions of a user with a bot.';

CREATE INDEX bot_sessions_user_id_started_at_idx ON public.bot_sessions (user_id, started_at DESC);
CREATE INDEX bot_sessions_bot_id_idx ON public.bot_sessions (bot_id);
CREATE INDEX bot_sessions_started_at_idx ON public.bot_sessions (started_at DESC);
CREATE INDEX bot_sessions_created_at_idx ON public.bot_sessions (created_at DESC);

-- ---------------------------------------------------------------------------------------
-- ai_clones and ai_tasks: AetherCrown98 (seed 001 columns).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.ai_clones (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id     uuid        NOT NULL, -- Whose clone.
    name        text        NOT NULL, -- Display name.
    description text, -- What the clone is for.
    model_type  text        NOT NULL, -- The model behind it, e.g. `gpt-4`.
    status      text        NOT NULL DEFAULT 'active', -- Whether it takes tasks. [CloneStatus]
    config      jsonb       NOT NULL DEFAULT '{}', -- Model settings (`model_version`, `temperature`, `max_tokens`, ...).
    created_at  timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at  timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT ai_clones_pkey PRIMARY KEY (id),
    CONSTRAINT ai_clones_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT ai_clones_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 255),
    CONSTRAINT ai_clones_status_check CHECK (status IN ('active', 'inactive', 'training', 'archived')),
    CONSTRAINT ai_clones_config_is_object CHECK (jsonb_typeof(config) = 'object')
);
COMMENT ON TABLE public.ai_clones IS 'AI clones (seed 001): a configured model that works on tasks.';

CREATE INDEX ai_clones_user_id_idx ON public.ai_clones (user_id);
CREATE INDEX ai_clones_status_idx ON public.ai_clones (status);
CREATE INDEX ai_clones_created_at_idx ON public.ai_clones (created_at DESC);
CREATE INDEX ai_clones_name_idx ON public.ai_clones (name);
CREATE INDEX ai_clones_config_idx ON public.ai_clones USING gin (config);

CREATE TABLE public.ai_tasks (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    clone_id      uuid        NOT NULL, -- The clone doing the task.
    task_name     text        NOT NULL, -- What the task is.
    task_input    jsonb       NOT NULL DEFAULT '{}', -- Input (dataset, analysis type, date range, ...).
    task_output   jsonb       NOT NULL DEFAULT '{}', -- Result (result, data, execution time, ...).
    status        text        NOT NULL DEFAULT 'pending', -- Lifecycle state: pending, in_progress, then completed, failed or cancelled. [TaskStatus]
    priority      text        NOT NULL DEFAULT 'medium', -- How urgent it is. [TaskPriority]
    error_message text, -- Why it failed.
    created_at    timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at    timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    completed_at  timestamptz, -- When it reached completed, failed or cancelled.
    CONSTRAINT ai_tasks_pkey PRIMARY KEY (id),
    CONSTRAINT ai_tasks_clone_id_fkey FOREIGN KEY (clone_id) REFERENCES public.ai_clones (id) ON DELETE CASCADE,
    CONSTRAINT ai_tasks_task_name_length CHECK (char_length(btrim(task_name)) BETWEEN 1 AND 255),
    CONSTRAINT ai_tasks_status_check CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'cancelled')),
    CONSTRAINT ai_tasks_priority_check CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    CONSTRAINT ai_tasks_failure_explained CHECK (status <> 'failed' OR error_message IS NOT NULL)
);
COMMENT ON TABLE public.ai_tasks IS 'Tasks of an AI clone (seed 001); its owner''s only.';

CREATE INDEX ai_tasks_clone_id_status_idx ON public.ai_tasks (clone_id, status);
CREATE INDEX ai_tasks_status_idx ON public.ai_tasks (status);
CREATE INDEX ai_tasks_priority_idx ON public.ai_tasks (priority);
CREATE INDEX ai_tasks_created_at_idx ON public.ai_tasks (created_at DESC);
CREATE INDEX ai_tasks_completed_at_idx ON public.ai_tasks (completed_at DESC);
CREATE INDEX ai_tasks_active_idx ON public.ai_tasks (clone_id) WHERE status IN ('pending', 'in_progress');

-- The task lifecycle: pending -> in_progress -> completed | failed; pending or in_progress
-- -> cancelled; a finished task stays finished. completed_at is stamped on finishing.
CREATE FUNCTION public.ai_tasks_lifecycle() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status AND NOT (
        (OLD.status = 'pending' AND NEW.status IN ('in_progress', 'cancelled'))
        OR (OLD.status = 'in_progress' AND NEW.status IN ('completed', 'failed', 'cancelled'))
    ) THEN
        RAISE EXCEPTION 'a % task cannot become %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ai_tasks_status_transition',
                  TABLE = 'ai_tasks', SCHEMA = 'public';
    END IF;
    IF NEW.status IN ('completed', 'failed', 'cancelled') AND NEW.completed_at IS NULL THEN
        NEW.completed_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER ai_tasks_lifecycle
    BEFORE INSERT OR UPDATE ON public.ai_tasks
    FOR EACH ROW EXECUTE FUNCTION public.ai_tasks_lifecycle();

-- ---------------------------------------------------------------------------------------
-- luminors and the user's conversations, messages and relationships with them (seed 004).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.luminors (
    id                uuid             NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    name              text             NOT NULL, -- Luminor name, e.g. `Lumina`.
    slug              text             NOT NULL, -- URL-friendly slug.
    title             text             NOT NULL, -- Descriptive title, e.g. `The Vision Crafter`.
    specialty         text             NOT NULL, -- Area of expertise.
    color             text             NOT NULL, -- Brand color (hex).
    avatar_url        text, -- Profile picture URL.
    icon              text, -- Icon identifier.
    personality       jsonb            NOT NULL DEFAULT '{}', -- Personality traits and style.
    system_prompt     text             NOT NULL DEFAULT '', -- Base AI system prompt.
    greeting_message  text             NOT NULL DEFAULT '', -- Initial greeting for users.
    expertise         text[]           NOT NULL DEFAULT '{}', -- Expertise areas.
    ai_tools          text[]           NOT NULL DEFAULT '{}', -- AI tools this Luminor uses.
    is_active         boolean          NOT NULL DEFAULT true, -- Active status.
    is_public         boolean          NOT NULL DEFAULT true, -- Public visibility.
    interaction_count integer          NOT NULL DEFAULT 0, -- Total interactions.
    user_count        integer          NOT NULL DEFAULT 0, -- Unique users.
    average_rating    double precision NOT NULL DEFAULT 0, -- Average user rating (0 to 5).
    created_at        timestamptz      NOT NULL DEFAULT now(), -- When the row was created.
    updated_at        timestamptz      NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT luminors_pkey PRIMARY KEY (id),
    CONSTRAINT luminors_slug_key UNIQUE (slug),
    CONSTRAINT luminors_color_format CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
    CONSTRAINT luminors_average_rating_range CHECK (average_rating BETWEEN 0 AND 5)
);
COMMENT ON TABLE public.luminors IS 'Luminors (seed 004): AI companions guiding creators. Public read, admin write.';

CREATE INDEX luminors_active_idx ON public.luminors (is_active, is_public);
CREATE INDEX luminors_created_at_idx ON public.luminors (created_at DESC);

INSERT INTO public.luminors (name, slug, title, specialty, color, greeting_message, expertise) VALUES
    ('Lumina', 'lumina', 'The Vision Crafter', 'Visual Creation', '#4444FF',
     'Let''s bring your vision to light.', '{images,illustration,design}'),
    ('Harmonix', 'harmonix', 'The Sound Weaver', 'Music & Audio', '#FF44AA',
     'What shall we compose today?', '{music,audio,sound design}'),
    ('Kinetix', 'kinetix', 'The Motion Master', 'Video & Animation', '#44FFAA',
     'Ready to set things in motion?', '{video,animation,motion}');

CREATE TABLE public.luminor_conversations (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id         uuid        NOT NULL, -- Whose conversation.
    luminor_id      uuid        NOT NULL, -- The Luminor talked to.
    title           text        NOT NULL DEFAULT 'New conversation', -- Conversation title.
    session_id      text, -- Client session identifier.
    context         jsonb       NOT NULL DEFAULT '{}', -- Current context (project, module, ...).
    is_active       boolean     NOT NULL DEFAULT true, -- Active conversation flag.
    is_archived     boolean     NOT NULL DEFAULT false, -- Archived status.
    message_count   integer     NOT NULL DEFAULT 0, -- Total messages.
    created_at      timestamptz NOT NULL DEFAULT now(), -- Session start time.
    updated_at      timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    last_message_at timestamptz, -- Last message timestamp.
    CONSTRAINT luminor_conversations_pkey PRIMARY KEY (id),
    CONSTRAINT luminor_conversations_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT luminor_conversations_luminor_id_fkey FOREIGN KEY (luminor_id) REFERENCES public.luminors (id) ON DELETE CASCADE,
    CONSTRAINT luminor_conversations_id_user_id_key UNIQUE (id, user_id),
    CONSTRAINT luminor_conversations_message_count_nonnegative CHECK (message_count >= 0)
);
COMMENT ON TABLE public.luminor_conversations IS 'Chat sessions between a user and a Luminor.';

CREATE INDEX luminor_conversations_user_id_active_idx ON public.luminor_conversations (user_id, is_active);
CREATE INDEX luminor_conversations_luminor_id_idx ON public.luminor_conversations (luminor_id);
CREATE INDEX luminor_conversations_session_id_idx ON public.luminor_conversations (session_id);
CREATE INDEX luminor_conversations_created_at_idx ON public.luminor_conversations (created_at DESC);
CREATE INDEX luminor_conversations_message_count_idx ON public.luminor_conversations (message_count);

CREATE TABLE public.luminor_messages (
    id              uuid             NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    conversation_id uuid             NOT NULL, -- The conversation.
    user_id         uuid             NOT NULL, -- The conversation's owner.
    role            text             NOT NULL, -- Who speaks. [LuminorMessageRole]
    content         text             NOT NULL, -- Message content.
    model           text, -- AI model used (assistant messages).
    tokens          integer          NOT NULL DEFAULT 0, -- Token usage.
    cost            double precision NOT NULL DEFAULT 0, -- Cost in USD.
    user_rating     integer, -- User rating (1 to 5).
    was_helpful     boolean, -- Helpful flag.
    created_at      timestamptz      NOT NULL DEFAULT now(), -- Message timestamp.
    updated_at      timestamptz      NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT luminor_messages_pkey PRIMARY KEY (id),
    CONSTRAINT luminor_messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.luminor_conversations (id) ON DELETE CASCADE,
    CONSTRAINT luminor_messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT luminor_messages_conversation_owner_fkey FOREIGN KEY (conversation_id, user_id) REFERENCES public.luminor_conversations (id, user_id) ON DELETE CASCADE,
    CONSTRAINT luminor_messages_role_check CHECK (role IN ('user', 'assistant', 'system')),
    CONSTRAINT luminor_messages_content_length CHECK (char_length(content) BETWEEN 1 AND 20000),
    CONSTRAINT luminor_messages_tokens_nonnegative CHECK (tokens >= 0),
    CONSTRAINT luminor_messages_cost_nonnegative CHECK (cost >= 0),
    CONSTRAINT luminor_messages_user_rating_range CHECK (user_rating BETWEEN 1 AND 5)
);
COMMENT ON TABLE public.luminor_messages IS 'Messages of a Luminor conversation; its owner''s only.';

CREATE INDEX luminor_messages_conversation_id_created_at_idx ON public.luminor_messages (conversation_id, created_at);
CREATE INDEX luminor_messages_user_id_idx ON public.luminor_messages (user_id);
CREATE INDEX luminor_messages_created_at_idx ON public.luminor_messages (created_at DESC);
CREATE INDEX luminor_messages_tokens_idx ON public.luminor_messages (tokens);

CREATE TABLE public.luminor_relationships (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id             uuid        NOT NULL, -- The user.
    luminor_id          uuid        NOT NULL, -- The Luminor.
    bond_level          integer     NOT NULL DEFAULT 1, -- Current bond level (1 to 10).
    bond_xp             integer     NOT NULL DEFAULT 0, -- Experience towards the next level; level n needs floor(100 * n^1.5).
    total_interactions  integer     NOT NULL DEFAULT 0, -- Total interaction count.
    personality_match   jsonb       NOT NULL DEFAULT '{}', -- Personality compatibility data.
    user_preferences    jsonb       NOT NULL DEFAULT '{}', -- Learned user preferences.
    key_memories        jsonb       NOT NULL DEFAULT '[]', -- Important memories (a JSON array).
    created_at          timestamptz NOT NULL DEFAULT now(), -- Relationship start.
    updated_at          timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    last_interaction_at timestamptz, -- Last interaction.
    CONSTRAINT luminor_relationships_pkey PRIMARY KEY (id),
    CONSTRAINT luminor_relationships_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT luminor_relationships_luminor_id_fkey FOREIGN KEY (luminor_id) REFERENCES public.luminors (id) ON DELETE CASCADE,
    CONSTRAINT luminor_relationships_user_id_luminor_id_key UNIQUE (user_id, luminor_id),
    CONSTRAINT luminor_relationships_bond_level_range CHECK (bond_level BETWEEN 1 AND 10),
    CONSTRAINT luminor_relationships_bond_xp_nonnegative CHECK (bond_xp >= 0),
    CONSTRAINT luminor_relationships_key_memories_is_array CHECK (jsonb_typeof(key_memories) = 'array')
);
COMMENT ON TABLE public.luminor_relationships IS 'Bond between a user and a Luminor: level, XP and key memories.';

CREATE INDEX luminor_relationships_luminor_id_idx ON public.luminor_relationships (luminor_id);
CREATE INDEX luminor_relationships_bond_level_idx ON public.luminor_relationships (bond_level DESC);
CREATE INDEX luminor_relationships_created_at_idx ON public.luminor_relationships (created_at DESC);

-- ---------------------------------------------------------------------------------------
-- ai_providers, ai_models, user_ai_settings, ai_suggestions, ai_suggestion_applications,
-- ai_usage (seed 003 phase 4).
-- ---------------------------------------------------------------------------------------
CREATE TABLE public.ai_providers (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    slug        text        NOT NULL, -- Stable identifier, e.g. `openai`.
    name        text        NOT NULL, -- Display name.
    website_url text, -- The provider's site.
    is_active   boolean     NOT NULL DEFAULT true, -- Whether it may be used.
    created_at  timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at  timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT ai_providers_pkey PRIMARY KEY (id),
    CONSTRAINT ai_providers_slug_key UNIQUE (slug)
);
COMMENT ON TABLE public.ai_providers IS 'AI providers (seed 003). Public read.';

CREATE INDEX ai_providers_created_at_idx ON public.ai_providers (created_at DESC);

CREATE TABLE public.ai_models (
    id                          uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    provider_id                 uuid        NOT NULL, -- Who serves it.
    slug                        text        NOT NULL, -- The provider's model name, e.g. `gpt-4o-mini`.
    name                        text        NOT NULL, -- Display name.
    context_window              integer     NOT NULL, -- Largest prompt in tokens.
    input_cost_per_1k_microcents  integer   NOT NULL DEFAULT 0, -- Cost of 1K prompt tokens, in 1/1000 of a US cent.
    output_cost_per_1k_microcents integer   NOT NULL DEFAULT 0, -- Cost of 1K completion tokens, in 1/1000 of a US cent.
    is_default                  boolean     NOT NULL DEFAULT false, -- Whether new users get it.
    is_active                   boolean     NOT NULL DEFAULT true, -- Whether it may be used.
    created_at                  timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at                  timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT ai_models_pkey PRIMARY KEY (id),
    CONSTRAINT ai_models_provider_id_fkey FOREIGN KEY (provider_id) REFERENCES public.ai_providers (id) ON DELETE CASCADE,
    CONSTRAINT ai_models_slug_key UNIQUE (slug),
    CONSTRAINT ai_models_context_window_positive CHECK (context_window > 0),
    CONSTRAINT ai_models_costs_nonnegative CHECK (input_cost_per_1k_microcents >= 0 AND output_cost_per_1k_microcents >= 0)
);
COMMENT ON TABLE public.ai_models IS 'AI models of the providers (seed 003). Public read.';

CREATE INDEX ai_models_provider_id_idx ON public.ai_models (provider_id);
CREATE INDEX ai_models_created_at_idx ON public.ai_models (created_at DESC);

-- Seed 003: 4 providers (the three with API keys plus a local engine), 5 models.
INSERT INTO public.ai_providers (slug, name, website_url) VALUES
    ('openai', 'OpenAI', 'https://openai.com'),
    ('anthropic', 'Anthropic', 'https://anthropic.com'),
    ('google', 'Google AI', 'https://ai.google.dev'),
    ('local', 'Local', NULL);
INSERT INTO public.ai_models (provider_id, slug, name, context_window, input_cost_per_1k_microcents, output_cost_per_1k_microcents, is_default)
SELECT p.id, m.slug, m.name, m.context_window, m.input_cost, m.output_cost, m.is_default
FROM (VALUES
    ('openai', 'gpt-4o-mini', 'GPT-4o mini', 128000, 15, 60, true),
    ('openai', 'gpt-4o', 'GPT-4o', 128000, 250, 1000, false),
    ('anthropic', 'claude-3-5-haiku', 'Claude 3.5 Haiku', 200000, 80, 400, false),
    ('google', 'gemini-1.5-flash', 'Gemini 1.5 Flash', 1000000, 8, 30, false),
    ('local', 'llama-3.1-8b', 'Llama 3.1 8B', 128000, 0, 0, false)
) AS m (provider, slug, name, context_window, input_cost, output_cost, is_default)
JOIN public.ai_providers p ON p.slug = m.provider;

CREATE TABLE public.user_ai_settings (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id          uuid        NOT NULL, -- Whose settings.
    default_model_id uuid, -- Model used unless another is asked for.
    auto_tagging     boolean     NOT NULL DEFAULT true, -- Suggest tags for new content.
    auto_titles      boolean     NOT NULL DEFAULT false, -- Suggest titles for new content.
    tone             text        NOT NULL DEFAULT 'neutral', -- Preferred writing tone.
    created_at       timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at       timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT user_ai_settings_pkey PRIMARY KEY (id),
    CONSTRAINT user_ai_settings_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT user_ai_settings_default_model_id_fkey FOREIGN KEY (default_model_id) REFERENCES public.ai_models (id) ON DELETE SET NULL,
    CONSTRAINT user_ai_settings_user_id_key UNIQUE (user_id)
);
COMMENT ON TABLE public.user_ai_settings IS 'A user''s AI preferences (seed 003), one row per user.';

CREATE INDEX user_ai_settings_default_model_id_idx ON public.user_ai_settings (default_model_id);
CREATE INDEX user_ai_settings_created_at_idx ON public.user_ai_settings (created_at DESC);

-- content_item_id names a content item of the content domain (another migration), so it
-- has no foreign key here; ownership is the suggestion's user_id.
CREATE TABLE public.ai_suggestions (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id          uuid        NOT NULL, -- Owner of the content item.
    content_item_id  uuid        NOT NULL, -- The content item the suggestion is for.
    model_id         uuid, -- The model that made it.
    suggested_titles text[]      NOT NULL DEFAULT '{}', -- Suggested titles.
    suggested_tags   text[]      NOT NULL DEFAULT '{}', -- Suggested tags.
    total_cost_cents integer     NOT NULL DEFAULT 0, -- What generating it cost, in US cents.
    created_at       timestamptz NOT NULL DEFAULT now(), -- When the row was created.
    updated_at       timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT ai_suggestions_pkey PRIMARY KEY (id),
    CONSTRAINT ai_suggestions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT ai_suggestions_model_id_fkey FOREIGN KEY (model_id) REFERENCES public.ai_models (id) ON DELETE SET NULL,
    CONSTRAINT ai_suggestions_cost_nonnegative CHECK (total_cost_cents >= 0)
);
COMMENT ON TABLE public.ai_suggestions IS 'AI-suggested titles and tags for a content item (seed 003).';

CREATE INDEX ai_suggestions_user_id_created_at_idx ON public.ai_suggestions (user_id, created_at DESC);
CREATE INDEX ai_suggestions_content_item_id_idx ON public.ai_suggestions (content_item_id);
CREATE INDEX ai_suggestions_model_id_idx ON public.ai_suggestions (model_id);
CREATE INDEX ai_suggestions_created_at_idx ON public.ai_suggestions (created_at DESC);

CREATE TABLE public.ai_suggestion_applications (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    suggestion_id uuid        NOT NULL, -- The suggestion applied.
    user_id       uuid        NOT NULL, -- Who applied it.
    applied_title text, -- The title taken, if any.
    applied_tags  text[]      NOT NULL DEFAULT '{}', -- The tags taken.
    created_at    timestamptz NOT NULL DEFAULT now(), -- When it was applied.
    updated_at    timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT ai_suggestion_applications_pkey PRIMARY KEY (id),
    CONSTRAINT ai_suggestion_applications_suggestion_id_fkey FOREIGN KEY (suggestion_id) REFERENCES public.ai_suggestions (id) ON DELETE CASCADE,
    CONSTRAINT ai_suggestion_applications_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE
);
COMMENT ON TABLE public.ai_suggestion_applications IS 'Which parts of an AI suggestion a user applied (seed 003).';

CREATE INDEX ai_suggestion_applications_suggestion_id_idx ON public.ai_suggestion_applications (suggestion_id);
CREATE INDEX ai_suggestion_applications_user_id_idx ON public.ai_suggestion_applications (user_id);
CREATE INDEX ai_suggestion_applications_created_at_idx ON public.ai_suggestion_applications (created_at DESC);

CREATE TABLE public.ai_usage (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(), -- Primary key.
    user_id           uuid        NOT NULL, -- Who used it.
    model_id          uuid, -- The model used.
    operation         text        NOT NULL, -- What was done, e.g. `generate_tags`.
    prompt_tokens     integer     NOT NULL DEFAULT 0, -- Prompt tokens.
    completion_tokens integer     NOT NULL DEFAULT 0, -- Completion tokens.
    cost_cents        integer     NOT NULL DEFAULT 0, -- Cost in US cents.
    created_at        timestamptz NOT NULL DEFAULT now(), -- When it happened.
    updated_at        timestamptz NOT NULL DEFAULT now(), -- When the row was last changed.
    CONSTRAINT ai_usage_pkey PRIMARY KEY (id),
    CONSTRAINT ai_usage_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles (id) ON DELETE CASCADE,
    CONSTRAINT ai_usage_model_id_fkey FOREIGN KEY (model_id) REFERENCES public.ai_models (id) ON DELETE SET NULL,
    CONSTRAINT ai_usage_tokens_nonnegative CHECK (prompt_tokens >= 0 AND completion_tokens >= 0),
    CONSTRAINT ai_usage_cost_nonnegative CHECK (cost_cents >= 0)
);
COMMENT ON TABLE public.ai_usage IS 'AI token usage and cost per call (seed 003).';

CREATE INDEX ai_usage_user_id_created_at_idx ON public.ai_usage (user_id, created_at DESC);
CREATE INDEX ai_usage_model_id_idx ON public.ai_usage (model_id);
CREATE INDEX ai_usage_created_at_idx ON public.ai_usage (created_at DESC);
CREATE INDEX ai_usage_cost_cents_idx ON public.ai_usage (cost_cents);

-- ---------------------------------------------------------------------------------------
-- updated_at triggers, grants and row-level security.
-- ---------------------------------------------------------------------------------------
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ai_memories', 'ai_sessions', 'bots', 'bot_training_examples', 'bot_sessions',
        'ai_clones', 'ai_tasks', 'luminors', 'luminor_conversations', 'luminor_messages', 'luminor_relationships',
        'ai_providers', 'ai_models', 'user_ai_settings', 'ai_suggestions', 'ai_suggestion_applications', 'ai_usage'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()',
                       t || '_set_updated_at', t);
        EXECUTE format('GRANT ALL ON public.%I TO service_role', t);
        -- anon may SELECT so that row-level security answers "no rows" rather than a
        -- permission error, which would abort the rest of an anonymous request.
        EXECUTE format('GRANT SELECT ON public.%I TO anon, authenticated', t);
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    END LOOP;
    -- Tables a user owns outright (user_id): read and write their own rows.
    FOREACH t IN ARRAY ARRAY['ai_memories', 'ai_sessions', 'bots', 'bot_training_examples', 'bot_sessions',
        'ai_clones', 'luminor_conversations', 'luminor_messages', 'user_ai_settings', 'ai_suggestion_applications'] LOOP
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON public.%I TO authenticated', t);
        EXECUTE format('CREATE POLICY %I ON public.%I FOR ALL TO authenticated
                        USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id)', t || '_own', t);
    END LOOP;
    -- Owned but written by the system (relationship XP, usage, suggestions): read own.
    FOREACH t IN ARRAY ARRAY['luminor_relationships', 'ai_suggestions', 'ai_usage'] LOOP
        EXECUTE format('CREATE POLICY %I ON public.%I FOR SELECT TO authenticated USING (auth.uid() = user_id)',
                       t || '_select_own', t);
    END LOOP;
    -- Public catalogues.
    FOREACH t IN ARRAY ARRAY['ai_providers', 'ai_models'] LOOP
        EXECUTE format('CREATE POLICY %I ON public.%I FOR SELECT TO anon, authenticated USING (true)',
                       t || '_select_all', t);
    END LOOP;
END
$$;

CREATE POLICY bots_select_public ON public.bots
    FOR SELECT TO anon, authenticated USING (is_public);
CREATE POLICY luminors_select_public ON public.luminors
    FOR SELECT TO anon, authenticated USING (is_active AND is_public);
-- Tasks belong to their clone's owner (seed 001's task_select_clone).
GRANT INSERT, UPDATE, DELETE ON public.ai_tasks TO authenticated;
CREATE POLICY ai_tasks_own_clone ON public.ai_tasks FOR ALL TO authenticated
    USING (clone_id IN (SELECT id FROM public.ai_clones WHERE user_id = auth.uid()))
    WITH CHECK (clone_id IN (SELECT id FROM public.ai_clones WHERE user_id = auth.uid()));

-- ---------------------------------------------------------------------------------------
-- Seed 004's Luminor functions. add_message_to_conversation adds a message, keeps the
-- conversation's and the Luminor's counters, and gives the relationship 10 XP per message;
-- check_bond_level_up then levels up while the XP covers floor(100 * level^1.5), raising a
-- notification per level. SECURITY DEFINER: counters and XP are not the user's to write.
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION public.check_bond_level_up(p_user_id uuid, p_luminor_id uuid)
RETURNS public.luminor_relationships
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    bond public.luminor_relationships;
    needed integer;
    luminor_name text;
BEGIN
    SELECT * INTO bond FROM public.luminor_relationships
    WHERE user_id = p_user_id AND luminor_id = p_luminor_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT name INTO luminor_name FROM public.luminors WHERE id = p_luminor_id;
    LOOP
        needed := floor(100 * power(bond.bond_level, 1.5));
        EXIT WHEN bond.bond_level >= 10 OR bond.bond_xp < needed;
        UPDATE public.luminor_relationships
        SET bond_level = bond_level + 1, bond_xp = bond_xp - needed
        WHERE id = bond.id RETURNING * INTO bond;
        INSERT INTO public.notifications (user_id, type, title, message, metadata)
        VALUES (p_user_id, 'success', format('Bond level %s with %s', bond.bond_level, luminor_name),
                format('Your bond with %s grew to level %s.', luminor_name, bond.bond_level),
                jsonb_build_object('luminor_id', p_luminor_id, 'bond_level', bond.bond_level));
    END LOOP;
    RETURN bond;
END
$$;

CREATE FUNCTION public.add_message_to_conversation(
    p_conversation_id uuid, p_user_id uuid, p_role text, p_content text, p_model text, p_tokens integer
) RETURNS SETOF public.luminor_messages
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
    conversation public.luminor_conversations;
    message public.luminor_messages;
    first_time boolean;
BEGIN
    PERFORM public.assert_acting_for(p_user_id);
    SELECT * INTO conversation FROM public.luminor_conversations
    WHERE id = p_conversation_id AND user_id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO public.luminor_messages (conversation_id, user_id, role, content, model, tokens)
    VALUES (p_conversation_id, p_user_id, p_role, p_content, p_model, coalesce(p_tokens, 0))
    RETURNING * INTO message;
    UPDATE public.luminor_conversations
    SET message_count = message_count + 1, last_message_at = message.created_at
    WHERE id = p_conversation_id;
    INSERT INTO public.luminor_relationships (user_id, luminor_id) VALUES (p_user_id, conversation.luminor_id)
    ON CONFLICT (user_id, luminor_id) DO NOTHING;
    SELECT total_interactions = 0 INTO first_time FROM public.luminor_relationships
    WHERE user_id = p_user_id AND luminor_id = conversation.luminor_id;
    UPDATE public.luminor_relationships
    SET bond_xp = bond_xp + 10, total_interactions = total_interactions + 1, last_interaction_at = now()
    WHERE user_id = p_user_id AND luminor_id = conversation.luminor_id;
    UPDATE public.luminors
    SET interaction_count = interaction_count + 1, user_count = user_count + first_time::integer
    WHERE id = conversation.luminor_id;
    PERFORM public.check_bond_level_up(p_user_id, conversation.luminor_id);
    RETURN NEXT message;
END
$$;
REVOKE EXECUTE ON FUNCTION public.check_bond_level_up(uuid, uuid) FROM PUBLIC;
