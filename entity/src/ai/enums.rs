//! Enum-like columns of the AI tables: `text` with a CHECK constraint in the database and a closed Rust/GraphQL enum here.

text_enum! {
    /// What sort of thing an AI memory records.
    MemoryKind {
        /// Something true about the user or the world.
        Fact = "fact",
        /// Something the user likes or dislikes.
        Preference = "preference",
        /// Something that happened.
        Event = "event",
        /// Something the user can do.
        Skill = "skill",
        /// A summary of a past conversation.
        Conversation = "conversation",
    }
}

text_enum! {
    /// Whether a session is going on.
    SessionStatus {
        /// Going on.
        Active = "active",
        /// Over.
        Ended = "ended",
    }
}

text_enum! {
    /// The engine a bot runs on.
    BotEngine {
        /// OpenAI models.
        Openai = "openai",
        /// Anthropic models.
        Anthropic = "anthropic",
        /// Google models.
        Google = "google",
        /// A locally hosted model.
        Local = "local",
    }
}

text_enum! {
    /// Whether an AI clone takes tasks (seed 001).
    CloneStatus {
        /// Takes tasks.
        Active = "active",
        /// Switched off.
        Inactive = "inactive",
        /// Being trained.
        Training = "training",
        /// Kept for the record.
        Archived = "archived",
    }
}

text_enum! {
    /// Where an AI task stands (seed 001).
    TaskStatus {
        /// Waiting to start.
        Pending = "pending",
        /// Running.
        InProgress = "in_progress",
        /// Done.
        Completed = "completed",
        /// Failed; see the error message.
        Failed = "failed",
        /// Stopped before finishing.
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// How urgent an AI task is.
    TaskPriority {
        /// Whenever.
        Low = "low",
        /// Normal.
        Medium = "medium",
        /// Soon.
        High = "high",
        /// Now.
        Urgent = "urgent",
    }
}

text_enum! {
    /// Who speaks in a Luminor conversation.
    LuminorMessageRole {
        /// The user.
        User = "user",
        /// The Luminor.
        Assistant = "assistant",
        /// Instructions.
        System = "system",
    }
}
