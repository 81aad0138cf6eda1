//! The server's socket: TCP connections counted per client address and capped, so one
//! address cannot take every file descriptor of the process (20,000 idle sockets from one
//! address used to stop `/graphql` and `/metrics` for everyone), and the start-up step that
//! raises the process's own descriptor limit.
//!
//! Running out of descriptors anyway (many addresses) does not stop the server: axum's
//! accept loop logs `accept error: Too many open files`, sleeps a second and accepts again
//! once connections have closed.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use switchyard_core::auth::ClientNetwork;
use switchyard_core::caps::{Caps, Held};
use switchyard_core::config::Limits;

/// How long writing a refusal to an over-cap connection may take before it is dropped.
const REFUSAL_WRITE: Duration = Duration::from_secs(1);
/// How long an over-cap client is told to wait before it tries again.
const RETRY_AFTER_SECONDS: u32 = 10;

/// Raises the soft limit on open file descriptors to the hard limit, so the caps of this
/// module (not an inherited 1,024) decide how many sockets the server holds. Returns the
/// limit in force.
pub fn raise_descriptor_limit() -> io::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX)
}

/// A TCP listener that holds each client address to `max_connections_per_address` open
/// connections; loopback clients are not counted unless `limit_loopback` is set. A
/// connection over the cap is answered `429 Too Many Requests` (a GraphQL error with code
/// `RATE_LIMITED` and a `Retry-After`) and closed.
#[derive(Debug)]
pub struct CappedListener {
    inner: TcpListener,
    open: Caps<ClientNetwork>,
    limit_loopback: bool,
}

impl CappedListener {
    /// Wraps a bound listener with the caps of `limits`.
    pub fn new(inner: TcpListener, limits: &Limits) -> Self {
        Self {
            inner,
            open: Caps::new(
                usize::try_from(limits.max_connections_per_address).unwrap_or(usize::MAX),
            ),
            limit_loopback: limits.limit_loopback,
        }
    }

    /// A place for one more connection from `ip`: `Some(None)` when `ip` is not counted,
    /// `None` when it is at its cap.
    fn admit(&self, ip: IpAddr) -> Option<Option<Held<ClientNetwork>>> {
        let network = ClientNetwork::of(ip);
        if network.is_loopback() && !self.limit_loopback {
            return Some(None);
        }
        self.open.take(network).map(Some)
    }
}

impl Listener for CappedListener {
    type Io = CountedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            // axum's own accept: it retries after errors (EMFILE included) by itself.
            let (stream, address) = Listener::accept(&mut self.inner).await;
            match self.admit(address.ip()) {
                Some(place) => {
                    return (
                        CountedStream {
                            stream,
                            _place: place,
                        },
                        address,
                    );
                }
                None => {
                    tracing::warn!(client.ip = %address.ip(), "connection refused: too many open from this address");
                    tokio::spawn(refuse(stream, self.open.max()));
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// Answers an over-cap connection with a complete HTTP response, then closes it.
async fn refuse(mut stream: TcpStream, max: usize) {
    let body = serde_json::json!({
        "errors": [{
            "message": format!(
                "too many open connections from your address (at most {max}): close some, \
                 or wait {RETRY_AFTER_SECONDS} seconds and try again"
            ),
            "extensions": { "code": "RATE_LIMITED" },
        }]
    })
    .to_string();
    let response = format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\n\
         retry-after: {RETRY_AFTER_SECONDS}\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    // The client may be gone already; there is nobody to tell then.
    let _ = tokio::time::timeout(REFUSAL_WRITE, async {
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await
    })
    .await;
}

/// A TCP connection holding its place among its address's connections until dropped.
#[derive(Debug)]
pub struct CountedStream {
    stream: TcpStream,
    _place: Option<Held<ClientNetwork>>,
}

impl AsyncRead for CountedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for CountedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
