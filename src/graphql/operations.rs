//! Operations and security: security events, the append-only audit log (seed 001
//! activity_logs), engine metrics and optimization events for admins, gaming sessions and
//! the service-only cache.
//!
//! Security events are written by [`crate::security`] and audit rows by database triggers,
//! so neither has a mutation here. Engine metrics, optimization events and the cache are
//! written by the service role (the grants refuse everyone else: FORBIDDEN) and read by
//! admins; gaming sessions are started and ended by their player.

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

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{call_row, call_value, scope, viewer_id};
use crate::graphql::table::Table;
use crate::graphql::write;

/// Longest a cache entry may live: 30 days.
const MAX_CACHE_TTL_SECONDS: i32 = 30 * 24 * 3600;

crate::table! {
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

crate::relations! {
    SecurityEvent {
        to_one {
            /// The account concerned, when known.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
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

crate::relations! {
    AuditLog {
        to_one {
            /// Who made the change, when a user did.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
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

crate::relations! {
    EngineMetric {
        to_one {
        }
        to_many {
        }
    }
}

crate::table! {
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

crate::relations! {
    OptimizationEvent {
        to_one {
        }
        to_many {
        }
    }
}

crate::table! {
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

crate::relations! {
    GamingSession {
        to_one {
            /// Profile that played.
            profile: Profile = user_id,
        }
        to_many {
        }
    }
}

crate::table! {
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

crate::relations! {
    CacheEntry {
        to_one {
        }
        to_many {
        }
    }
}

crate::change_feeds! {
    /// Live changes of the viewer's activity log (seed 001's realtime activity logs).
    OperationsChanges owned {
        /// Entries of the viewer's own activity log as they are written. (An admin reads
        /// other users' entries with `auditLogs`; the feed carries their own.) With `after`,
        /// every entry since that cursor comes first.
        audit_log_changes: AuditLog => AuditLogChange;
    }
}

crate::root_fields! {
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

/// The live cache value under a key.
#[derive(Debug, Default)]
pub struct CacheQuery;

#[Object]
impl CacheQuery {
    /// The value cached under `key`, or null when there is none or it expired. Service role
    /// only (FORBIDDEN otherwise).
    async fn cache_get(
        &self,
        ctx: &Context<'_>,
        key: String,
    ) -> async_graphql::Result<Option<Json<serde_json::Value>>> {
        Ok(cache_get(scope(ctx)?, key).await?.map(Json))
    }
}

/// Gaming sessions (their player), engine samples, optimization decisions and the cache
/// (service role).
#[derive(Debug, Default)]
pub struct OperationsMutation;

#[Object]
impl OperationsMutation {
    /// Starts a gaming session of `game` for the viewer.
    async fn start_gaming_session(
        &self,
        ctx: &Context<'_>,
        game: String,
    ) -> async_graphql::Result<GamingSession> {
        let player = viewer_id(ctx)?;
        Ok(start_gaming_session(scope(ctx)?, player, &game).await?)
    }

    /// Ends one of the viewer's running sessions now; its duration is then known. CONFLICT
    /// when it has already ended.
    async fn end_gaming_session(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<GamingSession> {
        viewer_id(ctx)?;
        Ok(end_gaming_session(scope(ctx)?, id).await?)
    }

    /// Records a latency, load or usage sample of an engine (service role only).
    async fn record_engine_metric(
        &self,
        ctx: &Context<'_>,
        engine: String,
        metric: String,
        value: f64,
        recorded_at: Option<DateTime<FixedOffset>>,
    ) -> async_graphql::Result<EngineMetric> {
        Ok(record_engine_metric(scope(ctx)?, engine, metric, value, recorded_at).await?)
    }

    /// Records a self-optimization decision (service role only).
    async fn record_optimization_event(
        &self,
        ctx: &Context<'_>,
        engine: String,
        decision: String,
        #[graphql(default)] reason: String,
        details: Option<Json<serde_json::Value>>,
    ) -> async_graphql::Result<OptimizationEvent> {
        let details = details.map(|details| details.0);
        Ok(record_optimization_event(scope(ctx)?, engine, decision, reason, details).await?)
    }

    /// Caches `value` under `key` for `ttlSeconds` (1 second to 30 days), replacing what was
    /// there; expired entries are purged on the way. Service role only.
    async fn cache_put(
        &self,
        ctx: &Context<'_>,
        key: String,
        value: Json<serde_json::Value>,
        ttl_seconds: i32,
    ) -> async_graphql::Result<CacheEntry> {
        Ok(cache_put(scope(ctx)?, key, value.0, ttl_seconds).await?)
    }

    /// Deletes every expired cache entry; returns how many (service role only).
    async fn purge_expired_cache(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(purge_expired_cache(scope(ctx)?).await?)
    }
}

/// The live value cached under `key`, if any.
pub async fn cache_get(
    scope: &RequestScope,
    key: String,
) -> Result<Option<serde_json::Value>, ApiError> {
    call_value::<serde_json::Value>(scope, "SELECT public.cache_get($1) AS value", [key.into()])
        .await
}

/// Starts a gaming session of `game` for `player`.
pub async fn start_gaming_session(
    scope: &RequestScope,
    player: Uuid,
    game: &str,
) -> Result<GamingSession, ApiError> {
    write::check_length("game", game.trim(), 1, 200)?;
    let session = gaming_sessions::ActiveModel {
        user_id: Set(player),
        game: Set(game.trim().to_owned()),
        ..Default::default()
    };
    write::insert::<GamingSession, _>(scope, session).await
}

/// Ends a running session now; CONFLICT when it has already ended.
pub async fn end_gaming_session(scope: &RequestScope, id: Uuid) -> Result<GamingSession, ApiError> {
    let ended = gaming_sessions::Entity::update_many()
        .col_expr(gaming_sessions::Column::EndedAt, Expr::current_timestamp())
        .filter(gaming_sessions::Column::Id.eq(id))
        .filter(gaming_sessions::Column::EndedAt.is_null())
        .exec_with_returning(&*scope.conn().await?)
        .await?;
    if let Some(row) = ended.into_iter().next() {
        return Ok(GamingSession::from_model(row));
    }
    // Nothing running under this id: hidden or missing (NOT_FOUND), or already over.
    write::find::<GamingSession>(scope, id).await?;
    Err(ApiError::Conflict {
        field: "id".into(),
        message: "this session has already ended".into(),
    })
}

/// Records an engine's `metric` sample, taken at `recorded_at` (now when absent).
pub async fn record_engine_metric(
    scope: &RequestScope,
    engine: String,
    metric: String,
    value: f64,
    recorded_at: Option<DateTime<FixedOffset>>,
) -> Result<EngineMetric, ApiError> {
    write::check_length("engine", &engine, 1, 100)?;
    write::check_length("metric", &metric, 1, 100)?;
    let mut sample = engine_metrics::ActiveModel {
        engine: Set(engine),
        metric: Set(metric),
        value: Set(value),
        ..Default::default()
    };
    if let Some(at) = recorded_at {
        sample.recorded_at = Set(at);
    }
    write::insert::<EngineMetric, _>(scope, sample).await
}

/// Records an engine's self-optimization `decision`, with `details` (a JSON object, `{}`
/// when absent).
pub async fn record_optimization_event(
    scope: &RequestScope,
    engine: String,
    decision: String,
    reason: String,
    details: Option<serde_json::Value>,
) -> Result<OptimizationEvent, ApiError> {
    write::check_length("engine", &engine, 1, 100)?;
    write::check_length("decision", &decision, 1, 200)?;
    write::check_length("reason", &reason, 0, 2000)?;
    let details = details.unwrap_or_else(|| serde_json::json!({}));
    if !details.is_object() {
        return Err(ApiError::bad_input(
            "details",
            "details must be a JSON object",
        ));
    }
    let event = optimization_events::ActiveModel {
        engine: Set(engine),
        decision: Set(decision),
        reason: Set(reason),
        details: Set(details),
        ..Default::default()
    };
    write::insert::<OptimizationEvent, _>(scope, event).await
}

/// Deletes every expired cache entry; how many.
pub async fn purge_expired_cache(scope: &RequestScope) -> Result<i32, ApiError> {
    let purged =
        call_value::<i32>(scope, "SELECT public.purge_expired_cache() AS value", []).await?;
    Ok(purged.unwrap_or(0))
}

/// Caches `value` under `key` for `ttl_seconds`, replacing what was there.
pub async fn cache_put(
    scope: &RequestScope,
    key: String,
    value: serde_json::Value,
    ttl_seconds: i32,
) -> Result<CacheEntry, ApiError> {
    if !(1..=MAX_CACHE_TTL_SECONDS).contains(&ttl_seconds) {
        return Err(ApiError::bad_input(
            "ttlSeconds",
            format!("`ttlSeconds` must be between 1 and {MAX_CACHE_TTL_SECONDS}"),
        ));
    }
    let row = call_row::<cache_entries::Entity>(
        scope,
        "SELECT * FROM public.cache_put($1, $2, $3)",
        [key.into(), value.into(), ttl_seconds.into()],
    )
    .await?
    .ok_or_else(write::not_found::<CacheEntry>)?;
    Ok(CacheEntry::from_model(row))
}
