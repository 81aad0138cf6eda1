//! Jobs: job types (public), the job queue and job logs (their owner's), the owner's
//! `enqueueJob`, and the worker mutations a service-role token may call. Live progress is
//! the `jobProgress` subscription.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, Json, Object};
use entity::jobs::{JobStatus, job_logs, job_types, jobs};
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{call_row, scope};

switchyard_core::table! {
    /// A kind of background job and its retry policy. Public.
    JobType => job_types,
    filter JobTypeFilter {
        name: StringFilter => Name,
        created_at: DateTimeFilter => CreatedAt,
    },
    order JobTypeOrder / JobTypeOrderField { Name => Name, CreatedAt => CreatedAt } default Name,
}

switchyard_core::relations! {
    JobType {
        to_one {}
        to_many {
            /// The viewer's jobs of this type.
            jobs: Job = jobs::Column::JobTypeId,
        }
    }
}

switchyard_core::table! {
    /// A background job. Visible to its owner.
    Job => jobs,
    filter JobFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        job_type_id: UuidFilter => JobTypeId,
        status: EnumFilter<JobStatus> => Status,
        priority: IntFilter => Priority,
        created_at: DateTimeFilter => CreatedAt,
    },
    order JobOrder / JobOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
        Priority => Priority,
    } default CreatedAt,
}

switchyard_core::relations! {
    Job {
        to_one {
            /// Who enqueued it.
            owner: Profile = user_id,
            /// Its kind.
            job_type: JobType = job_type_id,
        }
        to_many {
            /// What its worker logged.
            logs: JobLog = job_logs::Column::JobId,
        }
    }
}

switchyard_core::table! {
    /// A line a job's worker logged.
    JobLog => job_logs,
    filter JobLogFilter {
        job_id: UuidFilter => JobId,
        level: EnumFilter<entity::jobs::JobLogLevel> => Level,
        created_at: DateTimeFilter => CreatedAt,
    },
    order JobLogOrder / JobLogOrderField { CreatedAt => CreatedAt } default CreatedAt,
}

switchyard_core::relations! {
    JobLog {
        to_one {
            /// The job.
            job: Job = job_id,
        }
        to_many {}
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the job tables.
    JobsQuery {
        job_type, job_types: JobType;
        job, jobs: Job;
        job_log, job_logs: JobLog;
    }
}
