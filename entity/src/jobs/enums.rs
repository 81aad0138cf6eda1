//! Enum-like columns of the job tables: `text` with a CHECK constraint in the database and
//! a closed Rust/GraphQL enum here.

text_enum! {
    /// Where a job is in its life cycle.
    JobStatus {
        /// Waiting for a worker (also between retries).
        Queued = "queued",
        /// Claimed by a worker.
        Running = "running",
        /// Finished successfully (terminal).
        Succeeded = "succeeded",
        /// Failed its last attempt (terminal).
        Failed = "failed",
        /// Canceled before finishing (terminal).
        Canceled = "canceled",
    }
}

text_enum! {
    /// Severity of a job log line.
    JobLogLevel {
        /// Detail for debugging.
        Debug = "debug",
        /// Normal progress.
        Info = "info",
        /// Something odd, not fatal.
        Warn = "warn",
        /// An attempt failed.
        Error = "error",
    }
}
