//! A streaming response body read as text as it arrives, for the tests that follow results
//! over Server-Sent Events and multipart responses: each test's reader says what one unit
//! (an event, a part) looks like, and this reads more of the body until one is complete.

use anyhow::{Context as _, Result};
use axum::body::Bytes;
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;

use super::WAIT;

/// A response body and the text received but not yet taken.
pub struct StreamedBody {
    bytes: BoxStream<'static, reqwest::Result<Bytes>>,
    buffer: String,
}

impl StreamedBody {
    pub fn new(response: reqwest::Response) -> Self {
        Self {
            bytes: response.bytes_stream().boxed(),
            buffer: String::new(),
        }
    }

    /// The next unit `take` finds at the start of the received text (draining what it
    /// consumed), reading more of the body while it finds none, within [`WAIT`].
    pub async fn next<T>(&mut self, mut take: impl FnMut(&mut String) -> Option<T>) -> Result<T> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(unit) = take(&mut self.buffer) {
                return Ok(unit);
            }
            let chunk = tokio::time::timeout_at(deadline, self.bytes.next())
                .await
                .context("nothing more from the server in time")?
                .context("the response ended")??;
            self.buffer.push_str(std::str::from_utf8(&chunk)?);
        }
    }
}
