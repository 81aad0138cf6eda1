//! Connectors (seed 002): the connector catalog, per-user credentials whose tokens are
//! encrypted at rest and have no field here at all, and usage logs for rate limits.
//!
//! Tokens enter through `saveConnectorCredential` and go straight to PostgreSQL, which
//! encrypts them with the configured [`ConnectorKey`] (`store_connector_credential`,
//! migration 000017); no field ever returns them. Workers decrypt with
//! `connector_access_token(id, key)`, granted to the service role only. Calls are counted by
//! `record_connector_call`, which refuses them past the connector's hourly limit.

use async_graphql::{Context, Object};
use chrono::{DateTime, FixedOffset};
use entity::connectors::{connector_credentials, connector_definitions, connector_usage_logs};
use uuid::Uuid;

use crate::auth::secrets::ConnectorKey;
use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use crate::graphql::identity::Profile;
use crate::graphql::resolve::{call_row, call_value, connector_key, scope, viewer_id};
use crate::graphql::table::Table;
use crate::graphql::write;

/// Longest token accepted (OAuth tokens are at most a few KB).
const MAX_TOKEN: usize = 8192;

crate::table! {
    /// A connector users can link.
    ConnectorDefinition => connector_definitions,
    filter ConnectorDefinitionFilter {
        id: UuidFilter => Id,
        slug: StringFilter => Slug,
        name: StringFilter => Name,
        provider: StringFilter => Provider,
        auth_type: EnumFilter<entity::connectors::ConnectorAuthType> => AuthType,
        rate_limit_per_hour: IntFilter => RateLimitPerHour,
        is_active: BoolFilter => IsActive,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ConnectorDefinitionOrder / ConnectorDefinitionOrderField {
        CreatedAt => CreatedAt,
        Name => Name,
        Slug => Slug,
    } default CreatedAt,
}

crate::relations! {
    ConnectorDefinition {
        to_one {
        }
        to_many {
            /// The connector credentials pointing at this row.
            connector_credentials: ConnectorCredential = connector_credentials::Column::ConnectorId,
            /// The connector usage logs pointing at this row.
            connector_usage_logs: ConnectorUsageLog = connector_usage_logs::Column::ConnectorId,
        }
    }
}

crate::table! {
    /// A user's link to a connector. The encrypted tokens are not part of this row type: no API role may read them.
    ConnectorCredential => connector_credentials,
    filter ConnectorCredentialFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        connector_id: UuidFilter => ConnectorId,
        expires_at: DateTimeFilter => ExpiresAt,
        last_used_at: DateTimeFilter => LastUsedAt,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ConnectorCredentialOrder / ConnectorCredentialOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    ConnectorCredential {
        to_one {
            /// Profile that owns it.
            profile: Profile = user_id,
            /// The connector.
            connector: ConnectorDefinition = connector_id,
        }
        to_many {
            /// The connector usage logs pointing at this row.
            connector_usage_logs: ConnectorUsageLog = connector_usage_logs::Column::CredentialId,
        }
    }
}

crate::table! {
    /// One connector call, for rate limits and billing.
    ConnectorUsageLog => connector_usage_logs,
    filter ConnectorUsageLogFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        connector_id: UuidFilter => ConnectorId,
        credential_id: UuidFilter => CredentialId,
        operation: StringFilter => Operation,
        credits_used: IntFilter => CreditsUsed,
        created_at: DateTimeFilter => CreatedAt,
        updated_at: DateTimeFilter => UpdatedAt,
    },
    order ConnectorUsageLogOrder / ConnectorUsageLogOrderField {
        CreatedAt => CreatedAt,
    } default CreatedAt,
}

crate::relations! {
    ConnectorUsageLog {
        to_one {
            /// Profile that called.
            profile: Profile = user_id,
            /// The connector.
            connector: ConnectorDefinition = connector_id,
            /// Credential used.
            credential: ConnectorCredential = credential_id,
        }
        to_many {
        }
    }
}

crate::root_fields! {
    /// By-id and list fields of the connectors tables.
    ConnectorsQuery {
        connector_definition, connector_definitions: ConnectorDefinition;
        connector_credential, connector_credentials: ConnectorCredential;
        connector_usage_log, connector_usage_logs: ConnectorUsageLog;
    }
}

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

/// Counts one call of the viewer through a linked connector, within its hourly limit.
pub async fn record_connector_usage(
    scope: &RequestScope,
    connector_id: Uuid,
    operation: String,
) -> Result<ConnectorUsageLog, ApiError> {
    let row = call_row::<connector_usage_logs::Entity>(
        scope,
        "SELECT * FROM public.record_connector_call($1, $2)",
        [connector_id.into(), operation.into()],
    )
    .await?
    .ok_or_else(write::not_found::<ConnectorUsageLog>)?;
    Ok(ConnectorUsageLog::from_model(row))
}
