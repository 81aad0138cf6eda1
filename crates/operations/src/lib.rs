//! Operations and security: security events, the append-only audit log (seed 001
//! activity_logs), engine metrics and optimization events for admins, gaming sessions and
//! the service-only cache.
//!
//! Security events are written by [`switchyard_core::security`] and audit rows by database triggers,
//! so neither has a mutation here. Engine metrics, optimization events and the cache are
//! written by the service role (the grants refuse everyone else: FORBIDDEN) and read by
//! admins; gaming sessions are started and ended by their player.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, Json, Object};
use chrono::{DateTime, FixedOffset};
use entity::operations::{
    audit_logs, cache_entries, engine_metrics, gaming_sessions, optimization_events,
    security_events,
};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{call_row, call_value, scope, viewer_id};
use switchyard_core::graphql::table::Table;
use switchyard_core::graphql::write;

switchyard_core::table! {
    /// A security-relevant event; readable by the user concerned.
    SecurityEvent => security_events,
    filter SecurityEventFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        kind: EnumFilter<entity::operations::SecurityEventKind> => Kind,
        ip: StringFilter => Ip,
        account: StringFilter => Account,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order SecurityEventOrder / SecurityEventOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    SecurityEvent {
        to_one {
            /// The account concerned, when known.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// An append-only audit entry, written by triggers on sensitive tables.
    AuditLog => audit_logs,
    filter AuditLogFilter {
        id: UuidFilter => Id,
        log_type: StringFilter => LogType,
        entity_id: UuidFilter => EntityId,
        action: StringFilter => Action,
        level: EnumFilter<entity::operations::AuditLevel> => Level,
        user_id: UuidFilter => UserId,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order AuditLogOrder / AuditLogOrderField {
        CreatedAt => CreatedAt,
        LogType => LogType,
    } default CreatedAt,
}

switchyard_core::relations! {
    AuditLog {
        to_one {
            /// Who made the change, when a user did.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// A latency, load or usage sample of an engine; admins only.
    EngineMetric => engine_metrics,
    filter EngineMetricFilter {
        id: UuidFilter => Id,
        engine: StringFilter => Engine,
        metric: StringFilter => Metric,
        recorded_at: DateTimeFilter => RecordedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order EngineMetricOrder / EngineMetricOrderField {
        CreatedAt => CreatedAt,
        RecordedAt => RecordedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    EngineMetric {
        to_one {
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// A self-optimization decision; admins only.
    OptimizationEvent => optimization_events,
    filter OptimizationEventFilter {
        id: UuidFilter => Id,
        engine: StringFilter => Engine,
        decision: StringFilter => Decision,
        reason: StringFilter => Reason,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order OptimizationEventOrder / OptimizationEventOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    OptimizationEvent {
        to_one {
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// A cloud gaming session.
    GamingSession => gaming_sessions,
    filter GamingSessionFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        game: StringFilter => Game,
        started_at: DateTimeFilter => StartedAt,
        ended_at: DateTimeFilter => EndedAt,
        duration_seconds: IntFilter => DurationSeconds,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order GamingSessionOrder / GamingSessionOrderField {
        CreatedAt => CreatedAt,
        StartedAt => StartedAt,
    } default CreatedAt,
}

switchyard_core::relations! {
    GamingSession {
        to_one {
            /// Profile that played.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

switchyard_core::table! {
    /// A service-only cache entry, as stored: expired entries stay listed (filter on
    /// `expiresAt`) until `purgeExpiredCache` or the next `cachePut`; `cacheGet` reads live
    /// entries only.
    CacheEntry => cache_entries,
    filter CacheEntryFilter {
        id: UuidFilter => Id,
        key: StringFilter => Key,
        expires_at: DateTimeFilter => ExpiresAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order CacheEntryOrder / CacheEntryOrderField {
        CreatedAt => CreatedAt,
        ExpiresAt => ExpiresAt,
        Key => Key,
    } default CreatedAt,
}

switchyard_core::relations! {
    CacheEntry {
        to_one {
        }
        to_many {
        }
    }
}

switchyard_core::change_feeds! {
    /// Live changes of the viewer's activity log (seed 001's realtime activity logs).
    OperationsChanges owned {
        /// Entries of the viewer's own activity log as they are written. (An admin reads
        /// other users' entries with `auditLogs`; the feed carries their own.) With `after`,
        /// every entry since that cursor comes first.
        audit_log_changes: AuditLog => AuditLogChange;
    }
}

switchyard_core::root_fields! {
    /// By-id and list fields of the operations tables.
    OperationsQuery {
        security_event, security_events: SecurityEvent;
        audit_log, audit_logs: AuditLog;
        engine_metric, engine_metrics: EngineMetric;
        optimization_event, optimization_events: OptimizationEvent;
        gaming_session, gaming_sessions: GamingSession;
        cache_entry, cache_entries: CacheEntry;
    }
}
