//! Enum-like columns of the automation tables: `text` with a CHECK constraint in the
//! database and a closed Rust/GraphQL enum here.

text_enum! {
    /// What an automation step is.
    AutomationStepKind {
        /// What starts the automation (always the first step).
        Trigger = "trigger",
        /// Something the automation does.
        Action = "action",
        /// A check that must hold for the following steps to run.
        Condition = "condition",
    }
}

text_enum! {
    /// Where an automation run is.
    AutomationRunStatus {
        /// Started, not finished.
        Running = "running",
        /// Finished successfully.
        Succeeded = "succeeded",
        /// Stopped by an error.
        Failed = "failed",
    }
}

text_enum! {
    /// Whether a scheduled task runs.
    ScheduledTaskStatus {
        /// Runs at `next_run_at`.
        Active = "active",
        /// Does not run until resumed (by its owner, or after too many failures in a row).
        Paused = "paused",
    }
}

text_enum! {
    /// How a scheduled task's run ended.
    ScheduledTaskRunStatus {
        /// The run succeeded.
        Succeeded = "succeeded",
        /// The run failed.
        Failed = "failed",
    }
}

text_enum! {
    /// Where a wide research job is, derived from its subtasks.
    ResearchJobStatus {
        /// No subtask started yet.
        Pending = "pending",
        /// Some subtasks started or finished.
        Running = "running",
        /// Every subtask finished and at least one succeeded (terminal).
        Completed = "completed",
        /// Every subtask failed (terminal).
        Failed = "failed",
        /// Canceled by its owner (terminal).
        Canceled = "canceled",
    }
}

text_enum! {
    /// Where a wide research subtask is.
    ResearchSubtaskStatus {
        /// Waiting for a worker (also between retries).
        Pending = "pending",
        /// Being processed.
        Running = "running",
        /// Finished with a result.
        Completed = "completed",
        /// Failed its last attempt.
        Failed = "failed",
        /// Its job was canceled.
        Canceled = "canceled",
    }
}
