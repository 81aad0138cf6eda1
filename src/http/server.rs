//! The connection loop: takes connections from the [capped listener](super::listener) and
//! serves each with hyper's HTTP/1.1 under a deadline for every request head, then hands
//! the request (with the client's address as axum's `ConnectInfo`) to the router.
//!
//! `axum::serve` does the same but gives hyper no timer, so a client that connected and
//! sent nothing, or sent its headers a byte at a time, held its socket for ever: enough
//! such clients take every descriptor the process has. Here a connection that has not
//! finished a request's head within `SWITCHYARD_READ_TIMEOUT_MS` of starting it (or of
//! its previous response) is closed; the body has the same time again, which the POST
//! handler enforces ([`super::graphql::post`]). WebSockets leave this loop once upgraded.
//!
//! Stopping: once `stop` resolves no connection is accepted, idle ones close, requests in
//! flight finish, and [`serve`] returns when the last connection has closed.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::serve::Listener as _;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::watch;
use tokio_util::task::TaskTracker;
use tower::ServiceExt as _;

use super::listener::CappedListener;

/// Serves `router` on `listener` until `stop` resolves and every connection has closed. A
/// connection has `read_timeout` to send each request's head.
pub async fn serve(
    mut listener: CappedListener,
    router: Router,
    read_timeout: Duration,
    stop: impl Future<Output = ()>,
) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(read_timeout);
    let (stopping, stop_seen) = watch::channel(());
    let connections = TaskTracker::new();
    let mut stop = pin!(stop);
    loop {
        let (stream, address) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let router = router.clone();
        let service = service_fn(move |request: hyper::Request<Incoming>| {
            let mut request = request.map(Body::new);
            request
                .extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(address));
            router.clone().oneshot(request)
        });
        let connection = http
            .serve_connection(TokioIo::new(stream), service)
            .with_upgrades();
        let mut stop_seen = stop_seen.clone();
        connections.spawn(async move {
            let mut connection = pin!(connection);
            let ended = tokio::select! {
                ended = connection.as_mut() => ended,
                _ = stop_seen.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(error) = ended {
                // A client that timed out or broke the protocol: its own doing.
                tracing::debug!(client.ip = %address.ip(), %error, "connection ended");
            }
        });
    }
    drop(listener);
    // No receiver left (no connection open) is fine: there is nobody to tell.
    let _ = stopping.send(());
    connections.close();
    connections.wait().await;
}
