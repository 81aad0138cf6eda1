//! The operations operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Longest a cache entry may live: 30 days.
pub(super) const MAX_CACHE_TTL_SECONDS: i32 = 30 * 24 * 3600;

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
    let row = call_row::<cache_entries::Model>(
        scope,
        "SELECT * FROM public.cache_put($1, $2, $3)",
        [key.into(), value.into(), ttl_seconds.into()],
    )
    .await?
    .ok_or_else(write::not_found::<CacheEntry>)?;
    Ok(CacheEntry::from_model(row))
}
