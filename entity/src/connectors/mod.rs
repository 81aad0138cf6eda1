//! Connectors (seed 002): the connector catalog, per-user credentials whose tokens are
//! encrypted at rest and have no field here at all, and usage logs for rate limits.

pub mod connector_credentials;
pub mod connector_definitions;
pub mod connector_usage_logs;
pub mod enums;

pub use enums::ConnectorAuthType;
