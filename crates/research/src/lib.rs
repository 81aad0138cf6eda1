//! Wide research (seed 002): reusable templates, jobs that fan out to 50-250 subtasks, and
//! the service-role worker calls that complete or fail a subtask.
//!
//! A job and its subtasks are created in one SQL function call; from then on the job's
//! counts, progress and status are kept by a trigger on the subtasks, so a worker writing
//! with plain SQL moves the job just the same. Each change of the job is published on the
//! realtime topic `research:<job id>` (the `wideResearchProgress` subscription).

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, InputObject, Json, Object};
use entity::automation::{
    ResearchJobStatus, ResearchSubtaskStatus, wide_research_jobs, wide_research_subtasks,
    wide_research_templates,
};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{call_row, scope, viewer_id};
use switchyard_core::graphql::table::OrderDirection;
use switchyard_core::graphql::write;

switchyard_core::table! {
    /// A reusable research prompt; each item of a job fills its `{item}`. Visible to its owner.
    WideResearchTemplate => wide_research_templates,
    filter WideResearchTemplateFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        name: StringFilter => Name,
        created_at: DateTimeFilter => CreatedAt,
    },
    order WideResearchTemplateOrder / WideResearchTemplateOrderField {
        Name => Name,
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    WideResearchTemplate {
        to_one {
            /// Owner.
            owner: Profile = user_id,
        }
        to_many {
            /// Jobs made from it.
            jobs: WideResearchJob = wide_research_jobs::Column::TemplateId,
        }
    }
}

switchyard_core::table! {
    /// A wide research job: 50 to 250 subtasks; counts, progress and status follow them.
    /// Visible to its owner.
    WideResearchJob => wide_research_jobs,
    filter WideResearchJobFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        template_id: UuidFilter => TemplateId,
        title: StringFilter => Title,
        status: EnumFilter<ResearchJobStatus> => Status,
        progress: IntFilter => Progress,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order WideResearchJobOrder / WideResearchJobOrderField {
        Progress => Progress,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    WideResearchJob {
        to_one {
            /// Owner.
            owner: Profile = user_id,
            /// The template it was made from.
            template: WideResearchTemplate = template_id,
        }
        to_many {
            /// Its subtasks, in item order (by position, ascending, unless `orderBy` says
            /// otherwise).
            subtasks: WideResearchSubtask = wide_research_subtasks::Column::JobId => WideResearchSubtaskOrder {
                field: WideResearchSubtaskOrderField::Position,
                direction: OrderDirection::Asc,
            },
        }
    }
}

switchyard_core::table! {
    /// One item of a wide research job.
    WideResearchSubtask => wide_research_subtasks,
    filter WideResearchSubtaskFilter {
        id: UuidFilter => Id,
        job_id: UuidFilter => JobId,
        position: IntFilter => Position,
        status: EnumFilter<ResearchSubtaskStatus> => Status,
        attempts: IntFilter => Attempts,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order WideResearchSubtaskOrder / WideResearchSubtaskOrderField {
        Position => Position,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default Position,
}

switchyard_core::relations! {
    WideResearchSubtask {
        to_one {
            /// The job.
            job: WideResearchJob = job_id,
        }
        to_many {}
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the wide research tables.
    ResearchQuery {
        wide_research_template, wide_research_templates: WideResearchTemplate;
        wide_research_job, wide_research_jobs: WideResearchJob;
        wide_research_subtask, wide_research_subtasks: WideResearchSubtask;
    }
}
