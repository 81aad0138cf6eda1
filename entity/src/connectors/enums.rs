//! Enum-like columns of the connectors tables: `text` with a CHECK constraint in the database
//! and a closed Rust/GraphQL enum here.

text_enum! {
    /// How a connector authenticates.
    ConnectorAuthType {
        /// OAuth 2.
        Oauth2 = "oauth2",
        /// An API key.
        ApiKey = "api_key",
    }
}
