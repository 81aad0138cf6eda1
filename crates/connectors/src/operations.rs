//! The connectors operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Longest token accepted (OAuth tokens are at most a few KB).
pub(super) const MAX_TOKEN: usize = 8192;

/// Stores (or replaces) the viewer's credential for an active connector, encrypted with
/// `key`, and returns it without its tokens.
pub async fn save_credential(
    scope: &RequestScope,
    key: &ConnectorKey,
    connector_id: Uuid,
    access_token: String,
    refresh_token: Option<String>,
    expires_at: Option<DateTime<FixedOffset>>,
) -> Result<ConnectorCredential, ApiError> {
    write::check_length("accessToken", &access_token, 1, MAX_TOKEN)?;
    if let Some(refresh) = &refresh_token {
        write::check_length("refreshToken", refresh, 1, MAX_TOKEN)?;
    }
    let connector = write::find::<ConnectorDefinition>(scope, connector_id).await?;
    if !connector.is_active {
        return Err(ApiError::bad_input(
            "connectorId",
            format!("the {} connector is not available", connector.name),
        ));
    }
    let id = call_value::<Uuid>(
        scope,
        "SELECT public.store_connector_credential($1, $2, $3, $4, $5) AS value",
        [
            connector_id.into(),
            access_token.into(),
            refresh_token.into(),
            expires_at.into(),
            key.reveal().into(),
        ],
    )
    .await?
    .ok_or_else(write::not_found::<ConnectorCredential>)?;
    let stored = write::find::<ConnectorCredential>(scope, id).await?;
    tracing::info!(credential.id = %id, connector = %connector.slug, "connector credential saved");
    Ok(ConnectorCredential::from_model(stored))
}

/// Counts one call of the viewer through a linked connector, within its hourly limit.
pub async fn record_connector_usage(
    scope: &RequestScope,
    connector_id: Uuid,
    operation: String,
) -> Result<ConnectorUsageLog, ApiError> {
    let row = call_row::<connector_usage_logs::Model>(
        scope,
        "SELECT * FROM public.record_connector_call($1, $2)",
        [connector_id.into(), operation.into()],
    )
    .await?
    .ok_or_else(write::not_found::<ConnectorUsageLog>)?;
    Ok(ConnectorUsageLog::from_model(row))
}
