//! The PostgreSQL role a request runs as: what a token names, what `SET ROLE` receives and
//! what the statement timeouts are chosen by. It sits below both [`crate::auth`], which
//! reads it from tokens, and [`crate::config`], whose settings name it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The PostgreSQL role a request runs as. Only these three exist for clients, so a token
/// can never `SET ROLE` to the table owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// No token: public rows only.
    Anon,
    /// A signed-in user: rows the policies grant to `auth.uid()`.
    Authenticated,
    /// A trusted backend: bypasses row-level security.
    ServiceRole,
}

impl Role {
    /// The database role name, as `SET ROLE` and the policies spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anon => "anon",
            Self::Authenticated => "authenticated",
            Self::ServiceRole => "service_role",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
