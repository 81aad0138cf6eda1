//! AI: memories and bot training examples searchable by embedding distance (pgvector,
//! HNSW, cosine), assistant and bot sessions, AetherCrown clones and tasks (seed 001), the
//! Luminor companions of seed 004, and seed 003's providers, models, settings, suggestions
//! and usage.
//!
//! Memories and training examples are searched by [`switchyard_core::graphql::semantic`], which any
//! table with an embedding column can use.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, InputObject, Object};
use entity::ai::{
    ai_clones, ai_memories, ai_models, ai_providers, ai_sessions, ai_suggestion_applications,
    ai_suggestions, ai_tasks, ai_usage, bot_sessions, bot_training_examples, bots,
    luminor_conversations, luminor_messages, luminor_relationships, luminors, user_ai_settings,
};
use sea_orm::{ActiveModelTrait, ActiveValue};
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{limits, loader, scope};
use switchyard_core::graphql::semantic::{DEFAULT_SEARCH_RESULTS, embedding, nearest};

switchyard_core::table! {
    /// Long-term AI memories of a user, searchable by embedding distance.
    AiMemory => ai_memories,
    filter AiMemoryFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        kind: EnumFilter<entity::ai::MemoryKind> => Kind,
        importance: IntFilter => Importance,
        last_accessed_at: DateTimeFilter => LastAccessedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AiMemoryOrder / AiMemoryOrderField {
        Importance => Importance,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiMemory {
        to_one {
            /// Whose memory.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// Assistant sessions of a user: conversation state and context.
    AiSession => ai_sessions,
    filter AiSessionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        title: StringFilter => Title,
        status: EnumFilter<entity::ai::SessionStatus> => Status,
        message_count: IntFilter => MessageCount,
        ended_at: DateTimeFilter => EndedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AiSessionOrder / AiSessionOrderField {
        Title => Title,
        MessageCount => MessageCount,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiSession {
        to_one {
            /// Whose session.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// Bots: a personality on an engine; public when listed, otherwise their builder's.
    Bot => bots,
    filter BotFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        personality: StringFilter => Personality,
        engine: EnumFilter<entity::ai::BotEngine> => Engine,
        is_public: BoolFilter => IsPublic,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order BotOrder / BotOrderField {
        Name => Name,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    Bot {
        to_one {
            /// Who built it.
            owner: Profile = user_id,
        }
        to_many {
            /// Training examples of a bot, searchable by embedding distance (by `bot_id`).
            bot_training_examples: BotTrainingExample = bot_training_examples::Column::BotId,
            /// Sessions of a user with a bot (by `bot_id`).
            bot_sessions: BotSession = bot_sessions::Column::BotId,
        }
    }
}

switchyard_core::table! {
    /// Training examples of a bot, searchable by embedding distance; its owner's only.
    BotTrainingExample => bot_training_examples,
    filter BotTrainingExampleFilter {
        id: UuidFilter => Id,
        bot_id: UuidFilter => BotId,
        user_id: UuidFilter => UserId,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order BotTrainingExampleOrder / BotTrainingExampleOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    BotTrainingExample {
        to_one {
            /// The bot it trains.
            bot: Bot = bot_id,
            /// The bot's owner.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// Sessions of a user with a bot.
    BotSession => bot_sessions,
    filter BotSessionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        bot_id: UuidFilter => BotId,
        status: EnumFilter<entity::ai::SessionStatus> => Status,
        started_at: DateTimeFilter => StartedAt,
        ended_at: DateTimeFilter => EndedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order BotSessionOrder / BotSessionOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    BotSession {
        to_one {
            /// Who talks to the bot.
            owner: Profile = user_id,
            /// The bot.
            bot: Bot = bot_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// AI clones (seed 001): a configured model that works on tasks.
    AiClone => ai_clones,
    filter AiCloneFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        model_type: StringFilter => ModelType,
        status: EnumFilter<entity::ai::CloneStatus> => Status,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AiCloneOrder / AiCloneOrderField {
        Name => Name,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiClone {
        to_one {
            /// Whose clone.
            owner: Profile = user_id,
        }
        to_many {
            /// Tasks of an AI clone (seed 001) (by `clone_id`).
            ai_tasks: AiTask = ai_tasks::Column::CloneId,
        }
    }
}

switchyard_core::table! {
    /// Tasks of an AI clone (seed 001); its owner's only.
    AiTask => ai_tasks,
    filter AiTaskFilter {
        id: UuidFilter => Id,
        clone_id: UuidFilter => CloneId,
        task_name: StringFilter => TaskName,
        status: EnumFilter<entity::ai::TaskStatus> => Status,
        priority: EnumFilter<entity::ai::TaskPriority> => Priority,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
        completed_at: DateTimeFilter => CompletedAt,
    },
    order AiTaskOrder / AiTaskOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiTask {
        to_one {
            /// The clone doing the task.
            clone: AiClone = clone_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// Luminors (seed 004): AI companions guiding creators. Public read, admin write.
    Luminor => luminors,
    filter LuminorFilter {
        id: UuidFilter => Id,
        name: StringFilter => Name,
        slug: StringFilter => Slug,
        title: StringFilter => Title,
        specialty: StringFilter => Specialty,
        color: StringFilter => Color,
        avatar_url: StringFilter => AvatarUrl,
        icon: StringFilter => Icon,
        is_active: BoolFilter => IsActive,
        is_public: BoolFilter => IsPublic,
        interaction_count: IntFilter => InteractionCount,
        user_count: IntFilter => UserCount,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order LuminorOrder / LuminorOrderField {
        Name => Name,
        Slug => Slug,
        Title => Title,
        InteractionCount => InteractionCount,
        UserCount => UserCount,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    Luminor {
        to_one {
        }
        to_many {
            /// Chat sessions between a user and a Luminor (by `luminor_id`).
            luminor_conversations: LuminorConversation = luminor_conversations::Column::LuminorId,
            /// Bond between a user and a Luminor: level, XP and key memories (by `luminor_id`).
            luminor_relationships: LuminorRelationship = luminor_relationships::Column::LuminorId,
        }
    }
}

switchyard_core::table! {
    /// Chat sessions between a user and a Luminor.
    LuminorConversation => luminor_conversations,
    filter LuminorConversationFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        luminor_id: UuidFilter => LuminorId,
        title: StringFilter => Title,
        session_id: StringFilter => SessionId,
        is_active: BoolFilter => IsActive,
        is_archived: BoolFilter => IsArchived,
        message_count: IntFilter => MessageCount,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
        last_message_at: DateTimeFilter => LastMessageAt,
    },
    order LuminorConversationOrder / LuminorConversationOrderField {
        Title => Title,
        MessageCount => MessageCount,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    LuminorConversation {
        to_one {
            /// Whose conversation.
            owner: Profile = user_id,
            /// The Luminor talked to.
            luminor: Luminor = luminor_id,
        }
        to_many {
            /// Messages of a Luminor conversation (by `conversation_id`).
            luminor_messages: LuminorMessage = luminor_messages::Column::ConversationId,
        }
    }
}

switchyard_core::table! {
    /// Messages of a Luminor conversation; its owner's only.
    LuminorMessage => luminor_messages,
    filter LuminorMessageFilter {
        id: UuidFilter => Id,
        conversation_id: UuidFilter => ConversationId,
        user_id: UuidFilter => UserId,
        role: EnumFilter<entity::ai::LuminorMessageRole> => Role,
        model: StringFilter => Model,
        tokens: IntFilter => Tokens,
        user_rating: IntFilter => UserRating,
        was_helpful: BoolFilter => WasHelpful,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order LuminorMessageOrder / LuminorMessageOrderField {
        Tokens => Tokens,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    LuminorMessage {
        to_one {
            /// The conversation.
            conversation: LuminorConversation = conversation_id,
            /// The conversation's owner.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// Bond between a user and a Luminor: level, XP and key memories.
    LuminorRelationship => luminor_relationships,
    filter LuminorRelationshipFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        luminor_id: UuidFilter => LuminorId,
        bond_level: IntFilter => BondLevel,
        bond_xp: IntFilter => BondXp,
        total_interactions: IntFilter => TotalInteractions,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
        last_interaction_at: DateTimeFilter => LastInteractionAt,
    },
    order LuminorRelationshipOrder / LuminorRelationshipOrderField {
        BondLevel => BondLevel,
        BondXp => BondXp,
        TotalInteractions => TotalInteractions,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    LuminorRelationship {
        to_one {
            /// The user.
            owner: Profile = user_id,
            /// The Luminor.
            luminor: Luminor = luminor_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// AI providers (seed 003). Public read.
    AiProvider => ai_providers,
    filter AiProviderFilter {
        id: UuidFilter => Id,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        website_url: StringFilter => WebsiteUrl,
        is_active: BoolFilter => IsActive,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AiProviderOrder / AiProviderOrderField {
        Slug => Slug,
        Name => Name,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiProvider {
        to_one {
        }
        to_many {
            /// AI models of the providers (seed 003). Public read (by `provider_id`).
            ai_models: AiModel = ai_models::Column::ProviderId,
        }
    }
}

switchyard_core::table! {
    /// AI models of the providers (seed 003). Public read.
    AiModel => ai_models,
    filter AiModelFilter {
        id: UuidFilter => Id,
        provider_id: UuidFilter => ProviderId,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        context_window: IntFilter => ContextWindow,
        input_cost_per_1k_microcents: IntFilter => InputCostPer1kMicrocents,
        output_cost_per_1k_microcents: IntFilter => OutputCostPer1kMicrocents,
        is_default: BoolFilter => IsDefault,
        is_active: BoolFilter => IsActive,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AiModelOrder / AiModelOrderField {
        Slug => Slug,
        Name => Name,
        ContextWindow => ContextWindow,
        InputCostPer1kMicrocents => InputCostPer1kMicrocents,
        OutputCostPer1kMicrocents => OutputCostPer1kMicrocents,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiModel {
        to_one {
            /// Who serves it.
            provider: AiProvider = provider_id,
        }
        to_many {
            /// A user's AI preferences (seed 003), one row per user (by `default_model_id`).
            user_ai_settings: UserAiSettings = user_ai_settings::Column::DefaultModelId,
            /// AI-suggested titles and tags for a content item (seed 003) (by `model_id`).
            ai_suggestions: AiSuggestion = ai_suggestions::Column::ModelId,
            /// AI token usage and cost per call (seed 003) (by `model_id`).
            ai_usage: AiUsage = ai_usage::Column::ModelId,
        }
    }
}

switchyard_core::table! {
    /// A user's AI preferences (seed 003), one row per user.
    UserAiSettings => user_ai_settings,
    filter UserAiSettingsFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        default_model_id: UuidFilter => DefaultModelId,
        auto_tagging: BoolFilter => AutoTagging,
        auto_titles: BoolFilter => AutoTitles,
        tone: StringFilter => Tone,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order UserAiSettingsOrder / UserAiSettingsOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    UserAiSettings {
        to_one {
            /// Whose settings.
            owner: Profile = user_id,
            /// Model used unless another is asked for.
            default_model: AiModel = default_model_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// AI-suggested titles and tags for a content item (seed 003).
    AiSuggestion => ai_suggestions,
    filter AiSuggestionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        content_item_id: UuidFilter => ContentItemId,
        model_id: UuidFilter => ModelId,
        total_cost_cents: IntFilter => TotalCostCents,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AiSuggestionOrder / AiSuggestionOrderField {
        TotalCostCents => TotalCostCents,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiSuggestion {
        to_one {
            /// Owner of the content item.
            owner: Profile = user_id,
            /// The model that made it.
            model: AiModel = model_id,
        }
        to_many {
            /// Which parts of an AI suggestion a user applied (seed 003) (by `suggestion_id`).
            ai_suggestion_applications: AiSuggestionApplication = ai_suggestion_applications::Column::SuggestionId,
        }
    }
}

switchyard_core::table! {
    /// Which parts of an AI suggestion a user applied (seed 003).
    AiSuggestionApplication => ai_suggestion_applications,
    filter AiSuggestionApplicationFilter {
        id: UuidFilter => Id,
        suggestion_id: UuidFilter => SuggestionId,
        user_id: UuidFilter => UserId,
        applied_title: StringFilter => AppliedTitle,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AiSuggestionApplicationOrder / AiSuggestionApplicationOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiSuggestionApplication {
        to_one {
            /// The suggestion applied.
            suggestion: AiSuggestion = suggestion_id,
            /// Who applied it.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// AI token usage and cost per call (seed 003).
    AiUsage => ai_usage,
    filter AiUsageFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        model_id: UuidFilter => ModelId,
        operation: StringFilter => Operation,
        prompt_tokens: IntFilter => PromptTokens,
        completion_tokens: IntFilter => CompletionTokens,
        cost_cents: IntFilter => CostCents,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AiUsageOrder / AiUsageOrderField {
        PromptTokens => PromptTokens,
        CompletionTokens => CompletionTokens,
        CostCents => CostCents,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AiUsage {
        to_one {
            /// Who used it.
            owner: Profile = user_id,
            /// The model used.
            model: AiModel = model_id,
        }
        to_many {
        }
    }
}

switchyard_core::change_feeds! {
    /// Live changes of the viewer's AI clones and their tasks (seed 001's realtime tables),
    /// and of their Luminor conversations and those conversations' messages.
    AiChanges owned {
        /// The viewer's AI clones as they are created, changed and deleted, by anyone (the
        /// API, a worker, SQL). With `after`, every change since that cursor comes first.
        ai_clone_changes: AiClone => AiCloneChange;
        /// The tasks of the viewer's AI clones as they are created, progress and finish.
        /// With `after`, every change since that cursor comes first.
        ai_task_changes: AiTask => AiTaskChange;
        /// Messages of the viewer's Luminor conversations as they are written, the
        /// companion's replies included. With `after`, every change since that cursor comes
        /// first.
        luminor_message_changes: LuminorMessage => LuminorMessageChange;
        /// The viewer's Luminor conversations as they start, get their latest message and
        /// are archived. With `after`, every change since that cursor comes first.
        luminor_conversation_changes: LuminorConversation => LuminorConversationChange;
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the AI tables.
    AiQuery {
        ai_memory, ai_memories: AiMemory;
        ai_session, ai_sessions: AiSession;
        bot, bots: Bot;
        bot_training_example, bot_training_examples: BotTrainingExample;
        bot_session, bot_sessions: BotSession;
        ai_clone, ai_clones: AiClone;
        ai_task, ai_tasks: AiTask;
        luminor, luminors: Luminor;
        luminor_conversation, luminor_conversations: LuminorConversation;
        luminor_message, luminor_messages: LuminorMessage;
        luminor_relationship, luminor_relationships: LuminorRelationship;
        ai_provider, ai_providers: AiProvider;
        ai_model, ai_models: AiModel;
        user_ai_settings_by_id, user_ai_settings: UserAiSettings;
        ai_suggestion, ai_suggestions: AiSuggestion;
        ai_suggestion_application, ai_suggestion_applications: AiSuggestionApplication;
        ai_usage_record, ai_usage: AiUsage;
    }
}

switchyard_core::embedded!(AiMemory => ai_memories::Column::Embedding, match AiMemoryMatch);
switchyard_core::embedded!(BotTrainingExample => bot_training_examples::Column::Embedding, match BotTrainingExampleMatch);
