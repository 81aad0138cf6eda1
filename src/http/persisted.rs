//! Automatic persisted queries (Apollo's APQ): a client sends the SHA-256 of a document
//! instead of its text (often over GET, so a CDN can cache the URL). The first time, the
//! gateway answers `PersistedQueryNotFound` (`extensions.code = PERSISTED_QUERY_NOT_FOUND`)
//! and the client retries with the text and the hash; the gateway checks that the text
//! hashes to the hash, runs it and keeps it in a bounded LRU cache for the next hash-only
//! request. WebSocket operations carry the same extension in their payload and share the
//! cache ([`super::graphql::admit_persisted`]).
//!
//! The text is resolved before the document gate ([`super::document::DocumentGate::admit`]), so a stored
//! document is held to the same limits as a sent one, and its operation type is the stored
//! document's: a stored mutation is refused over GET like a sent one. async-graphql's
//! `ApolloPersistedQueries` extension does the same exchange inside execution, after that
//! gate, where the gate and the GET rule would only see an empty text; hence this module.
//!
//! With trusted documents ([`super::trusted`]), ids (the hash, or `documentId`) name the
//! manifest's operations instead, and the cache is neither read nor filled: no client can
//! add a document.

use std::sync::Arc;

use async_graphql::{ErrorExtensionValues, Response, ServerError};
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use super::trusted::TrustedDocuments;
use switchyard_core::budget_cache::BudgetCache;

/// Why a persisted query could not be resolved. The messages of the first two are what
/// Apollo's persisted-query link looks for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersistedQueryError {
    /// No document is stored under the hash: the client retries with its text.
    #[error("PersistedQueryNotFound")]
    NotFound,
    /// The server keeps no persisted queries (`SWITCHYARD_APQ_CACHE_BYTES=0`): the client
    /// stops sending hashes.
    #[error("PersistedQueryNotSupported")]
    NotSupported,
    /// The text does not hash to the hash sent with it.
    #[error("provided sha does not match query: `sha256Hash` must be the SHA-256 of `query`")]
    HashMismatch,
    /// A `documentId` that names no trusted document.
    #[error("no trusted document has the id `{0}`")]
    UnknownDocument(String),
    /// The extension is not `{"version": 1, "sha256Hash": "<64 hex digits>"}`.
    #[error(
        "`extensions.persistedQuery` must be {{\"version\": 1, \"sha256Hash\": \"<SHA-256 of the query, 64 hex digits>\"}}"
    )]
    Invalid,
}

impl PersistedQueryError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotFound | Self::UnknownDocument(_) => "PERSISTED_QUERY_NOT_FOUND",
            Self::NotSupported => "PERSISTED_QUERY_NOT_SUPPORTED",
            Self::HashMismatch | Self::Invalid => "BAD_USER_INPUT",
        }
    }
}

impl From<PersistedQueryError> for Response {
    /// The response refusing the whole request, with the code clients switch on.
    fn from(refusal: PersistedQueryError) -> Self {
        let mut error = ServerError::new(refusal.to_string(), None);
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", refusal.code());
        error.extensions = Some(extensions);
        Response::from_errors(vec![error])
    }
}

/// The document a request runs, once its persisted-query extension is resolved.
#[derive(Debug)]
pub enum Document {
    /// Text the client sent, with the hash it named for it (to keep the text under once
    /// the gate admitted it).
    Sent {
        /// The text.
        text: String,
        /// The checked hash, when the request named one.
        hash: Option<String>,
    },
    /// Text kept under the hash the client sent.
    Stored(Arc<str>),
    /// Neither text nor hash.
    Missing,
}

impl Document {
    /// The text to run, with the hash to keep it under once admitted (only a text sent with
    /// its hash has one); `None` when the request sent neither.
    pub fn into_text(self) -> Option<(String, Option<String>)> {
        match self {
            Self::Sent { text, hash } => Some((text, hash)),
            Self::Stored(text) => Some((text.to_string(), None)),
            Self::Missing => None,
        }
    }
}

/// The persisted queries of this process: texts under their hash, in a cache bounded by
/// the bytes of the texts it holds.
pub struct PersistedQueries {
    texts: BudgetCache<String, Arc<str>>,
}

impl PersistedQueries {
    /// A cache holding at most `budget` bytes of query text; 0 turns persisted queries off.
    pub fn new(budget: usize) -> Self {
        Self {
            texts: BudgetCache::new(budget),
        }
    }

    /// The document of a request with `query` (absent or empty when only an id is sent),
    /// `document_id` and `extensions`, the listed operations being `trusted` when the
    /// server runs trusted documents only.
    pub fn resolve(
        &self,
        query: Option<String>,
        document_id: Option<String>,
        extensions: &Map<String, Value>,
        trusted: Option<&TrustedDocuments>,
    ) -> Result<Document, PersistedQueryError> {
        let query = query.filter(|text| !text.is_empty());
        let hash = extensions
            .get("persistedQuery")
            .map(requested_hash)
            .transpose()?;
        if let (Some(text), Some(hash)) = (&query, &hash)
            && format!("{:x}", Sha256::digest(text.as_bytes())) != *hash
        {
            return Err(PersistedQueryError::HashMismatch);
        }
        match (query, document_id, hash) {
            // The gate decides whether a sent text is trusted.
            (Some(text), _, _) if trusted.is_some() => Ok(Document::Sent { text, hash: None }),
            (Some(text), _, hash) => {
                if hash.is_some() && !self.texts.is_enabled() {
                    return Err(PersistedQueryError::NotSupported);
                }
                Ok(Document::Sent { text, hash })
            }
            (None, Some(id), _) => trusted
                .and_then(|trusted| trusted.by_id(&id))
                .map(Document::Stored)
                .ok_or(PersistedQueryError::UnknownDocument(id)),
            (None, None, Some(hash)) => match trusted {
                Some(trusted) => trusted.by_id(&hash).map(Document::Stored),
                None if !self.texts.is_enabled() => return Err(PersistedQueryError::NotSupported),
                None => self.texts.get(&hash).map(Document::Stored),
            }
            .ok_or(PersistedQueryError::NotFound),
            (None, None, None) => Ok(Document::Missing),
        }
    }

    /// Keeps `text` under `hash`, evicting the least recently used texts beyond the budget.
    pub fn keep(&self, hash: String, text: &str) {
        self.texts.put(hash, Arc::from(text), text.len());
    }
}

/// The hash an extension value names, lower-case.
fn requested_hash(extension: &Value) -> Result<String, PersistedQueryError> {
    let version = extension.get("version").and_then(Value::as_u64);
    let hash = extension.get("sha256Hash").and_then(Value::as_str);
    match (version, hash) {
        (Some(1), Some(hash))
            if hash.len() == 64 && hash.bytes().all(|byte| byte.is_ascii_hexdigit()) =>
        {
            Ok(hash.to_ascii_lowercase())
        }
        _ => Err(PersistedQueryError::Invalid),
    }
}
