//! The connectors API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// Connecting and disconnecting connectors, and counting their calls.
#[derive(Debug, Default)]
pub struct ConnectorsMutation;

#[Object]
impl ConnectorsMutation {
    /// Links the viewer to a connector, or replaces the link's tokens. The tokens are
    /// encrypted at rest and no field ever returns them.
    async fn save_connector_credential(
        &self,
        ctx: &Context<'_>,
        connector_id: Uuid,
        access_token: String,
        refresh_token: Option<String>,
        expires_at: Option<DateTime<FixedOffset>>,
    ) -> async_graphql::Result<ConnectorCredential> {
        viewer_id(ctx)?;
        Ok(save_credential(
            scope(ctx)?,
            connector_key(ctx)?,
            connector_id,
            access_token,
            refresh_token,
            expires_at,
        )
        .await?)
    }

    /// Unlinks one of the viewer's connectors (its tokens are deleted); returns its id.
    async fn delete_connector_credential(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        viewer_id(ctx)?;
        Ok(write::delete::<ConnectorCredential>(scope(ctx)?, id).await?)
    }

    /// Counts one call of the viewer through a linked connector. RATE_LIMITED once the
    /// connector's hourly limit (`rateLimitPerHour`) is reached.
    async fn record_connector_usage(
        &self,
        ctx: &Context<'_>,
        connector_id: Uuid,
        operation: String,
    ) -> async_graphql::Result<ConnectorUsageLog> {
        viewer_id(ctx)?;
        Ok(record_connector_usage(scope(ctx)?, connector_id, operation).await?)
    }
}
