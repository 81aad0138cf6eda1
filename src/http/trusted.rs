//! Trusted documents: with `SWITCHYARD_TRUSTED_DOCUMENTS`, the server runs only the
//! operations listed in a manifest in Apollo's persisted-query manifest format (as
//! `@apollo/generate-persisted-query-manifest` writes it), so an API locked to the operations
//! its apps ship refuses everything else, introspection included.
//!
//! A listed operation is named by its id (`documentId`, or Apollo's
//! `extensions.persistedQuery.sha256Hash`), resolved in [`super::persisted`], or sent as its
//! exact text; the document gate ([`super::graphql::admit`]) refuses any other text on every
//! transport.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

/// The manifest's `format` value.
const FORMAT: &str = "apollo-persisted-query-manifest";

/// Why the manifest could not be loaded; `serve` stops with it.
#[derive(Debug, thiserror::Error)]
pub enum TrustedDocumentsError {
    /// The file could not be read.
    #[error("trusted documents {path}: {source}")]
    Read {
        /// The manifest.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The file is not a manifest of the expected format.
    #[error(
        "trusted documents {path}: expected Apollo's persisted-query manifest \
         ({{\"format\": \"{FORMAT}\", \"version\": 1, \"operations\": [{{\"id\", \"name\", \"type\", \"body\"}}]}}): {reason}"
    )]
    Format {
        /// The manifest.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

#[derive(Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    operations: Vec<Operation>,
}

#[derive(Deserialize)]
struct Operation {
    id: String,
    body: String,
}

/// The operations the server runs, by id and by text.
#[derive(Debug, Default)]
pub struct TrustedDocuments {
    by_id: HashMap<String, Arc<str>>,
    bodies: HashSet<Arc<str>>,
}

impl TrustedDocuments {
    /// Reads the manifest at `path`.
    pub fn load(path: &Path) -> Result<Self, TrustedDocumentsError> {
        let text = std::fs::read(path).map_err(|source| TrustedDocumentsError::Read {
            path: path.to_owned(),
            source,
        })?;
        let format = |reason: String| TrustedDocumentsError::Format {
            path: path.to_owned(),
            reason,
        };
        let manifest: Manifest =
            serde_json::from_slice(&text).map_err(|error| format(error.to_string()))?;
        if manifest.format != FORMAT || manifest.version != 1 {
            return Err(format(format!(
                "found format {:?} version {}",
                manifest.format, manifest.version
            )));
        }
        let mut documents = Self::default();
        for operation in manifest.operations {
            let body: Arc<str> = Arc::from(operation.body);
            documents.bodies.insert(Arc::clone(&body));
            documents.by_id.insert(operation.id, body);
        }
        tracing::info!(
            path = %path.display(),
            operations = documents.by_id.len(),
            "serving trusted documents only"
        );
        Ok(documents)
    }

    /// The text of the operation listed under `id`.
    pub fn by_id(&self, id: &str) -> Option<Arc<str>> {
        self.by_id.get(id).cloned()
    }

    /// Whether `text` is exactly the text of a listed operation.
    pub fn lists(&self, text: &str) -> bool {
        self.bodies.contains(text)
    }
}
