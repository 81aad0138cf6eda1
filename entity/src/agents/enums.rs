//! Enum-like columns of the agent tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

text_enum! {
    /// Where an agent run is in its life cycle (seed 002's ten statuses).
    AgentRunStatus {
        /// Created, its budget reserved; not started.
        Pending = "pending",
        /// Waiting for a worker.
        Queued = "queued",
        /// The agent is planning its steps.
        Planning = "planning",
        /// Executing steps; completes by itself once every step is completed or skipped.
        Running = "running",
        /// Waiting for the user's answer.
        WaitingForUser = "waiting_for_user",
        /// Paused by the user or the system.
        Paused = "paused",
        /// Finished successfully (terminal).
        Completed = "completed",
        /// Failed (terminal); `error` says why.
        Failed = "failed",
        /// Cancelled before finishing (terminal).
        Cancelled = "cancelled",
        /// Ran out of time (terminal).
        TimedOut = "timed_out",
    }
}

text_enum! {
    /// How the agent works on a run.
    AgentMode {
        /// A conversation, no tools.
        Chat = "chat",
        /// General autonomous agent.
        Agent = "agent",
        /// Deep research on one question.
        Research = "research",
        /// Parallel research over many items.
        WideResearch = "wide_research",
        /// Writing and running code.
        Code = "code",
        /// Analysing data.
        DataAnalysis = "data_analysis",
        /// Operating a web browser.
        Browser = "browser",
        /// Generating images.
        Image = "image",
        /// Building a slide deck.
        Slides = "slides",
        /// Writing documents.
        Writing = "writing",
        /// Planning only, no execution.
        Planning = "planning",
        /// A custom workflow.
        Custom = "custom",
    }
}

text_enum! {
    /// Where an agent step is in its life cycle.
    AgentStepStatus {
        /// Planned, not started.
        Pending = "pending",
        /// Being executed.
        Running = "running",
        /// Finished successfully.
        Completed = "completed",
        /// Failed; `error` says why.
        Failed = "failed",
        /// Not needed after all.
        Skipped = "skipped",
        /// Cancelled, e.g. because its run finished first.
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// The tool an agent step uses.
    ToolType {
        /// A language-model call.
        Llm = "llm",
        /// Code execution in a sandbox.
        Code = "code",
        /// A browser action.
        Browser = "browser",
        /// A web search.
        Search = "search",
        /// A file operation.
        File = "file",
        /// A shell command.
        Shell = "shell",
        /// Image generation.
        Image = "image",
        /// A call through a connector (Gmail, GitHub, ...).
        Connector = "connector",
        /// A wide-research fan-out.
        WideResearch = "wide_research",
        /// Reading or writing the agent's memory.
        Memory = "memory",
        /// A message to the user.
        Message = "message",
        /// Anything else.
        Other = "other",
    }
}

text_enum! {
    /// Who speaks in an agent run's chat.
    AgentMessageRole {
        /// The user.
        User = "user",
        /// The agent.
        Assistant = "assistant",
        /// System instructions.
        System = "system",
        /// A tool's report.
        Tool = "tool",
    }
}
