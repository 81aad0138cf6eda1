//! A session's document as Yjs updates: what `applyCollaborationEdit` accepts, how an edit
//! holds it, and the one merged update `collaborationEdits` starts a late joiner with. The
//! gateway never interprets a document: it checks that an update decodes, and merges
//! updates by applying them to a document with the Yjs algorithm (yrs).
//!
//! Data enters as base64 text from clients, and as stored edits' `operation` whoever wrote
//! them; it leaves as that text unchanged, one update per edit, or as one merged update in
//! the same encoding.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tokio::sync::Semaphore;
use yrs::updates::decoder::Decode as _;
use yrs::{Doc, ReadTxn as _, StateVector, Transact as _, Update};

use switchyard_core::graphql::error::ApiError;

/// The largest update accepted, in bytes once decoded from base64.
pub const MAX_UPDATE_BYTES: usize = 128 * 1024;

/// The key of an edit's `operation` that holds its update (other keys are other kinds of
/// operation, which the relay leaves alone).
pub const OPERATION_KEY: &str = "yjs";

/// yrs decodes a nested value by recursion, one call per level, and a level costs two bytes
/// of input; a stack overflow aborts the whole process, whatever thread it happens on. So
/// every decode runs on a thread of its own whose stack grows with the input: measured on a
/// 65,536-level update, a level takes about 2.2 KB of stack in a debug build and 0.4 KB in
/// release.
const STACK_BASE: usize = 1024 * 1024;
const STACK_PER_INPUT_BYTE: usize = 2 * 1024;

/// Decodes running at once (the machine's cores); each may hold a large stack.
static DECODING: Semaphore = Semaphore::const_new(2);

/// The `operation` an edit holding `update` stores.
pub fn operation(update: &str) -> serde_json::Value {
    serde_json::json!({ OPERATION_KEY: update })
}

/// The update an edit's `operation` holds, if it holds one.
pub fn update_of(operation: &serde_json::Value) -> Option<&str> {
    operation.get(OPERATION_KEY)?.as_str()
}

/// Checks that `update` is base64 of a Yjs update (lib0 v1 encoding, what `Y.encodeStateAsUpdate`
/// and a document's `update` event give) of at most [`MAX_UPDATE_BYTES`].
pub async fn check(update: &str) -> Result<(), ApiError> {
    let refused = |message: String| ApiError::bad_input("update", message);
    let bytes = STANDARD
        .decode(update)
        .map_err(|_| refused("not base64 (the standard alphabet, padded)".into()))?;
    if bytes.len() > MAX_UPDATE_BYTES {
        return Err(refused(format!(
            "{} bytes: an update holds at most {MAX_UPDATE_BYTES}; send the change as several updates",
            bytes.len()
        )));
    }
    let decodes = on_own_stack(bytes.len(), move || Update::decode_v1(&bytes).is_ok()).await?;
    // A panic inside the decoder is this input's doing, like a decoding error.
    if decodes != Some(true) {
        return Err(refused(
            "not a Yjs update: send the lib0 v1 encoding (`Y.encodeStateAsUpdate`, or a \
             document's `update` event), base64-encoded"
                .into(),
        ));
    }
    Ok(())
}

/// One update holding everything `base` (a snapshot this module merged) and `updates`
/// (base64 each) hold, as base64; nothing merges into the empty document. An update that
/// does not decode or apply, or is larger than [`MAX_UPDATE_BYTES`], can only have been
/// written around the gateway: it is left out and logged rather than withholding the rest
/// of the document from everyone. A snapshot may be larger: it nests no deeper than the
/// updates it was merged from.
pub async fn merge(base: Option<String>, updates: Vec<String>) -> Result<String, ApiError> {
    let updates: Vec<Vec<u8>> = updates
        .iter()
        .filter_map(|update| {
            let bytes = STANDARD.decode(update).ok().filter(|bytes| bytes.len() <= MAX_UPDATE_BYTES);
            if bytes.is_none() {
                tracing::warn!(length = update.len(), "a stored document update is not base64 of at most {MAX_UPDATE_BYTES} bytes; left out of the merge");
            }
            bytes
        })
        .chain(base.and_then(|base| {
            STANDARD
                .decode(base)
                .inspect_err(|error| tracing::error!(error = %error, "a stored document snapshot is not base64; left out of the merge"))
                .ok()
        }))
        .collect();
    let largest = updates
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .min(MAX_UPDATE_BYTES);
    let merged = on_own_stack(largest, move || {
        // Applied to a document, as a Yjs client would, then encoded whole: linear in the
        // edits, where yrs's `merge_updates` of 10,000 keystrokes took 0.46 s and of
        // 100,000 took 58 s (applying: 8 ms and 0.22 s, release build).
        let document = Doc::new();
        {
            let mut txn = document.transact_mut();
            for bytes in &updates {
                let applied = Update::decode_v1(bytes)
                    .map_err(|error| error.to_string())
                    .and_then(|update| txn.apply_update(update).map_err(|error| error.to_string()));
                if let Err(error) = applied {
                    tracing::warn!(error = %error, "a stored document update does not apply; left out of the snapshot");
                }
            }
        }
        STANDARD.encode(
            document
                .transact()
                .encode_state_as_update_v1(&StateVector::default()),
        )
    })
    .await?;
    merged.ok_or_else(|| ApiError::Internal(Arc::new(MergePanicked)))
}

/// Runs `work` on a thread with stack enough to decode a value nested as deep as
/// `input_bytes` of input can; `None` when it panicked.
async fn on_own_stack<T: Send + 'static>(
    input_bytes: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<Option<T>, ApiError> {
    let _turn = DECODING
        .acquire()
        .await
        .map_err(|error| ApiError::Internal(Arc::new(error)))?;
    let (sender, receiver) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("yjs-decode".into())
        .stack_size(STACK_BASE + input_bytes * STACK_PER_INPUT_BYTE)
        .spawn(move || {
            // The receiver is gone only when the request was dropped: nothing to tell.
            let _ = sender.send(work());
        })
        .map_err(|error| ApiError::Internal(Arc::new(error)))?;
    Ok(receiver.await.ok())
}

/// Merging stored updates panicked inside yrs.
#[derive(Debug, thiserror::Error)]
#[error("merging a document's updates panicked inside yrs")]
struct MergePanicked;
