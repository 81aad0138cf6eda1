//! Document snapshot benchmark: how long a late joiner's snapshot takes to merge, for a
//! history of N single-keystroke Yjs updates (typed at the end, every seventh in the
//! middle), through the gateway's own `document::merge` (the updates applied to a yrs
//! document on a thread of its own). Prints N, the history's bytes, the merged document's
//! bytes and the time, for N = 1,000, 10,000 and 100,000 (or `BENCH_EDITS`). A joiner that
//! merged 100 or more edits stores its result, so this is the cost of the join that
//! compacts a history, not of every join. Run with `cargo bench --bench documents`.

use std::time::Instant;

use anyhow::Result;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use switchyard_collaboration::document;
use yrs::{Doc, Text as _, Transact as _};

/// `edits` keystrokes, each its own update (base64), as editors send them.
fn keystrokes(edits: usize) -> Vec<String> {
    let doc = Doc::new();
    let body = doc.get_or_insert_text("body");
    (0..edits)
        .map(|keystroke| {
            let mut txn = doc.transact_mut();
            let length = body.len(&txn);
            let at = if keystroke % 7 == 0 {
                length / 2
            } else {
                length
            };
            body.insert(&mut txn, at, "x");
            STANDARD.encode(txn.encode_update_v1())
        })
        .collect()
}

#[tokio::main]
async fn main() -> Result<()> {
    let sizes: Vec<usize> = match std::env::var("BENCH_EDITS") {
        Ok(edits) => vec![edits.parse()?],
        Err(_) => vec![1_000, 10_000, 100_000],
    };
    println!("| edits | history (base64) | merged document (base64) | merge time |");
    println!("|---|---|---|---|");
    for edits in sizes {
        let history = keystrokes(edits);
        let bytes: usize = history.iter().map(String::len).sum();
        let started = Instant::now();
        let merged = document::merge(None, history).await?;
        println!(
            "| {edits} | {bytes} B | {} B | {:.1} ms |",
            merged.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
