//! Agents (seed 002): runs with their steps, artifacts and messages, and the agent's
//! long-term memory of its user, searchable by embedding distance.
//!
//! A run's credits follow seed 002's flow, all in SQL so that every writer (this gateway,
//! a worker, plain SQL) keeps the ledger right: `createAgentRun` reserves the run's budget
//! (`create_agent_run`), a step's `creditsUsed` is consumed out of that reservation by the
//! step trigger, which also keeps the run's statistics and completes a running run whose
//! steps are all done, and a run reaching a terminal status releases what is left. The
//! operations here (each taking the request scope; the resolvers only call them) validate
//! input, write rows through the request's RLS transaction and turn refusals into errors;
//! `agentRunEvents` (in the subscriptions module) follows a run.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, InputObject, Json, Object};
use entity::agents::{
    AgentMessageRole, AgentMode, AgentRunStatus, AgentStepStatus, ToolType, agent_artifacts,
    agent_memory, agent_messages, agent_runs, agent_steps,
};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Value};
use uuid::Uuid;

use switchyard_billing::{MAX_CREDIT_AMOUNT, insufficient, positive_amount};
use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BigIntFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{call_row, limits, loader, scope, viewer_id};
use switchyard_core::graphql::semantic::{DEFAULT_SEARCH_RESULTS, embedding, nearest};
use switchyard_core::graphql::table::Table;
use switchyard_core::graphql::write::{self, check_length, json_object, require_change, set_if};

switchyard_core::table! {
    /// Agent runs (seed 002): a task, its status and progress, its credit budget and step
    /// statistics; its owner's only.
    AgentRun => agent_runs,
    filter AgentRunFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        tenant_id: UuidFilter => TenantId,
        title: StringFilter => Title,
        mode: EnumFilter<AgentMode> => Mode,
        status: EnumFilter<AgentRunStatus> => Status,
        progress: IntFilter => Progress,
        credits_used: BigIntFilter => CreditsUsed,
        total_steps: IntFilter => TotalSteps,
        started_at: DateTimeFilter => StartedAt,
        completed_at: DateTimeFilter => CompletedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentRunOrder / AgentRunOrderField {
        Title => Title,
        Progress => Progress,
        CreditsUsed => CreditsUsed,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AgentRun {
        to_one {
            /// Whose run.
            owner: Profile = user_id,
        }
        to_many {
            /// The run's steps (by `run_id`).
            steps: AgentStep = agent_steps::Column::RunId,
            /// Files the run produced (by `run_id`).
            artifacts: AgentArtifact = agent_artifacts::Column::RunId,
            /// The run's chat (by `run_id`).
            messages: AgentMessage = agent_messages::Column::RunId,
            /// Memories learnt in this run (by `run_id`).
            memories: AgentMemory = agent_memory::Column::RunId,
        }
    }
}

switchyard_core::table! {
    /// Steps of an agent run: a tool call with its input, output and credits; the run
    /// owner's only.
    AgentStep => agent_steps,
    filter AgentStepFilter {
        id: UuidFilter => Id,
        run_id: UuidFilter => RunId,
        user_id: UuidFilter => UserId,
        step_number: IntFilter => StepNumber,
        name: StringFilter => Name,
        tool_type: EnumFilter<ToolType> => ToolType,
        status: EnumFilter<AgentStepStatus> => Status,
        credits_used: BigIntFilter => CreditsUsed,
        started_at: DateTimeFilter => StartedAt,
        completed_at: DateTimeFilter => CompletedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentStepOrder / AgentStepOrderField {
        StepNumber => StepNumber,
        CreditsUsed => CreditsUsed,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AgentStep {
        to_one {
            /// The run.
            run: AgentRun = run_id,
            /// The run's owner.
            owner: Profile = user_id,
        }
        to_many {
            /// Files this step produced (by `step_id`).
            artifacts: AgentArtifact = agent_artifacts::Column::StepId,
        }
    }
}

switchyard_core::table! {
    /// Files an agent run produced: name, storage path, content hash and size; the run
    /// owner's only.
    AgentArtifact => agent_artifacts,
    filter AgentArtifactFilter {
        id: UuidFilter => Id,
        run_id: UuidFilter => RunId,
        user_id: UuidFilter => UserId,
        step_id: UuidFilter => StepId,
        name: StringFilter => Name,
        storage_path: StringFilter => StoragePath,
        content_hash: StringFilter => ContentHash,
        size_bytes: BigIntFilter => SizeBytes,
        mime_type: StringFilter => MimeType,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentArtifactOrder / AgentArtifactOrderField {
        Name => Name,
        SizeBytes => SizeBytes,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AgentArtifact {
        to_one {
            /// The run that produced it.
            run: AgentRun = run_id,
            /// The run's owner.
            owner: Profile = user_id,
            /// The step that produced it.
            step: AgentStep = step_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// Messages between the user and the agent within a run; the run owner's only.
    AgentMessage => agent_messages,
    filter AgentMessageFilter {
        id: UuidFilter => Id,
        run_id: UuidFilter => RunId,
        user_id: UuidFilter => UserId,
        role: EnumFilter<AgentMessageRole> => Role,
        content: StringFilter => Content,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentMessageOrder / AgentMessageOrderField {
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AgentMessage {
        to_one {
            /// The run.
            run: AgentRun = run_id,
            /// The run's owner.
            owner: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// The agent's long-term memory of a user, one entry per key, searchable by embedding
    /// distance.
    AgentMemory => agent_memory,
    filter AgentMemoryFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        run_id: UuidFilter => RunId,
        key: StringFilter => Key,
        content: StringFilter => Content,
        importance: IntFilter => Importance,
        last_accessed_at: DateTimeFilter => LastAccessedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AgentMemoryOrder / AgentMemoryOrderField {
        Key => Key,
        Importance => Importance,
        CreatedAt => CreatedAt,
        UpdatedAt => UpdatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    AgentMemory {
        to_one {
            /// Whose memory.
            owner: Profile = user_id,
            /// The run it was learnt in.
            run: AgentRun = run_id,
        }
        to_many {
        }
    }
}

switchyard_core::change_feeds! {
    /// Live changes of what the viewer's agents produce and say.
    AgentChanges owned {
        /// The artifacts of the viewer's agent runs as they are written. With `after`,
        /// every change since that cursor comes first.
        agent_artifact_changes: AgentArtifact => AgentArtifactChange;
        /// The messages of the viewer's agent runs (the agent's and the viewer's) as they
        /// are written. With `after`, every change since that cursor comes first.
        agent_message_changes: AgentMessage => AgentMessageChange;
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the agent tables.
    AgentsQuery {
        agent_run, agent_runs: AgentRun;
        agent_step, agent_steps: AgentStep;
        agent_artifact, agent_artifacts: AgentArtifact;
        agent_message, agent_messages: AgentMessage;
        agent_memory_by_id, agent_memory: AgentMemory;
    }
}

switchyard_core::embedded!(AgentMemory => agent_memory::Column::Embedding, match AgentMemoryMatch);
