//! Jobs (seed 003): job types, the job queue with progress, and job logs.
//!
//! Row-level security shows a job and its logs to its owner; workers use the service role.

pub mod enums;
pub mod job_logs;
pub mod job_types;
#[expect(
    clippy::module_inception,
    reason = "module names are table names, and the domain is named after its main table"
)]
pub mod jobs;

pub use enums::{JobLogLevel, JobStatus};
