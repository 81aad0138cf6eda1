//! The operations API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

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
