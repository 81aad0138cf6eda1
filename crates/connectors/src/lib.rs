//! Connectors (seed 002): the connector catalog, per-user credentials whose tokens are
//! encrypted at rest and have no field here at all, and usage logs for rate limits.
//!
//! Tokens enter through `saveConnectorCredential` and go straight to PostgreSQL, which
//! encrypts them with the configured [`ConnectorKey`] (`store_connector_credential`,
//! migration 000017); no field ever returns them. Workers decrypt with
//! `connector_access_token(id, key)`, granted to the service role only. Calls are counted by
//! `record_connector_call`, which refuses them past the connector's hourly limit.

mod api;
mod operations;

pub use api::*;
pub use operations::*;

use async_graphql::{Context, Object};
use chrono::{DateTime, FixedOffset};
use entity::connectors::{connector_credentials, connector_definitions, connector_usage_logs};
use uuid::Uuid;

use switchyard_community::identity::Profile;
use switchyard_core::auth::secrets::ConnectorKey;
use switchyard_core::db::RequestScope;
use switchyard_core::graphql::error::ApiError;
use switchyard_core::graphql::filter::{
    BoolFilter, DateTimeFilter, EnumFilter, IntFilter, StringFilter, UuidFilter,
};
use switchyard_core::graphql::resolve::{call_row, call_value, connector_key, scope, viewer_id};
use switchyard_core::graphql::table::Table;
use switchyard_core::graphql::write;

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::table! {
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

switchyard_core::relations! {
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

switchyard_core::root_fields! {
    /// By-id and list fields of the connectors tables.
    ConnectorsQuery {
        connector_definition, connector_definitions: ConnectorDefinition;
        connector_credential, connector_credentials: ConnectorCredential;
        connector_usage_log, connector_usage_logs: ConnectorUsageLog;
    }
}
