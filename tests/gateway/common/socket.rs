//! A real GraphQL-over-WebSocket client for tests, speaking either `graphql-transport-ws`
//! or the legacy `graphql-ws`.

use anyhow::{Context as _, Result, bail};
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;

use super::WAIT;

/// The two subprotocols.
pub const TRANSPORT_WS: &str = "graphql-transport-ws";
/// The legacy subscriptions-transport-ws protocol.
pub const LEGACY_WS: &str = "graphql-ws";

type Stream =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One client socket.
pub struct Socket {
    ws: Stream,
    protocol: &'static str,
}

/// What the server said about one operation.
#[derive(Debug)]
pub enum Frame {
    /// A result (`next` / `data`).
    Next(Value),
    /// The operation ended (`complete`).
    Complete,
    /// The socket was closed with this code and reason.
    Closed(u16, String),
    /// A `connection_error` (legacy protocol) with its message.
    ConnectionError(String),
}

impl Socket {
    /// Opens a socket to `address` with `protocol` without initialising it.
    pub async fn open(address: std::net::SocketAddr, protocol: &'static str) -> Result<Self> {
        let mut request = format!("ws://{address}/graphql").into_client_request()?;
        request
            .headers_mut()
            .insert("sec-websocket-protocol", protocol.parse()?);
        let (ws, _) = tokio_tungstenite::connect_async(request).await?;
        Ok(Self { ws, protocol })
    }

    /// Opens and initialises a socket, with `token` as `Authorization` when given.
    pub async fn connect(
        address: std::net::SocketAddr,
        protocol: &'static str,
        token: Option<&str>,
    ) -> Result<Self> {
        let mut socket = Self::open(address, protocol).await?;
        socket.init(token).await?;
        match socket.frame().await? {
            Frame::Next(ack) if ack["type"] == "connection_ack" => Ok(socket),
            other => bail!("expected connection_ack, got {other:?}"),
        }
    }

    /// Sends `connection_init`.
    pub async fn init(&mut self, token: Option<&str>) -> Result<()> {
        let payload = token.map_or(
            json!({}),
            |token| json!({ "Authorization": format!("Bearer {token}") }),
        );
        self.send(json!({ "type": "connection_init", "payload": payload }))
            .await
    }

    /// Starts operation `id`.
    pub async fn start(&mut self, id: &str, query: &str, variables: Value) -> Result<()> {
        self.start_with(id, json!({ "query": query, "variables": variables }))
            .await
    }

    /// Starts operation `id` with this payload (`query`, `variables`, `extensions`).
    pub async fn start_with(&mut self, id: &str, payload: Value) -> Result<()> {
        let kind = if self.protocol == TRANSPORT_WS {
            "subscribe"
        } else {
            "start"
        };
        self.send(json!({ "type": kind, "id": id, "payload": payload }))
            .await
    }

    /// Stops operation `id`.
    pub async fn stop(&mut self, id: &str) -> Result<()> {
        let kind = if self.protocol == TRANSPORT_WS {
            "complete"
        } else {
            "stop"
        };
        self.send(json!({ "type": kind, "id": id })).await
    }

    /// Closes the socket the way a browser tab does, and waits for the server's answer.
    pub async fn close(mut self) -> Result<()> {
        self.ws.close(None).await?;
        while let Ok(Some(Ok(_))) = tokio::time::timeout(WAIT, self.ws.next()).await {}
        Ok(())
    }

    /// Sends `text` as it is (for messages no well-behaved client sends).
    pub async fn send_text(&mut self, text: &str) -> Result<()> {
        self.ws.send(Message::Text(text.to_owned().into())).await?;
        Ok(())
    }

    /// Queues `text` without waiting for it to be written, as a browser does: a large
    /// message goes out while the client reads the server's answer.
    pub async fn send_text_unflushed(&mut self, text: String) -> Result<()> {
        self.ws.feed(Message::Text(text.into())).await?;
        Ok(())
    }

    async fn send(&mut self, message: Value) -> Result<()> {
        self.ws
            .send(Message::Text(message.to_string().into()))
            .await?;
        Ok(())
    }

    /// The next meaningful frame (keep-alives answered and skipped), within [`WAIT`]:
    /// keep-alives do not extend the wait, so a frame that never comes fails the test.
    pub async fn frame(&mut self) -> Result<Frame> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let message = tokio::time::timeout_at(deadline, self.ws.next())
                .await
                .context("no frame from the server in time")?;
            let text = match message {
                None => return Ok(Frame::Closed(1006, "no close frame".into())),
                Some(Err(error)) => return Ok(Frame::Closed(1006, error.to_string())),
                Some(Ok(Message::Close(frame))) => {
                    return Ok(frame.map_or(Frame::Closed(1005, String::new()), |frame| {
                        Frame::Closed(frame.code.into(), frame.reason.to_string())
                    }));
                }
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(_)) => continue,
            };
            let value: Value = serde_json::from_str(&text)?;
            match value["type"].as_str() {
                Some("ka" | "pong") => continue,
                Some("ping") => self.send(json!({ "type": "pong" })).await?,
                Some("next" | "data" | "error") => return Ok(Frame::Next(value)),
                Some("complete") => return Ok(Frame::Complete),
                Some("connection_error") => {
                    let message = value["payload"]["message"].as_str().unwrap_or_default();
                    return Ok(Frame::ConnectionError(message.into()));
                }
                _ => return Ok(Frame::Next(value)),
            }
        }
    }

    /// The next result's payload (`{data, errors}`); fails on anything else.
    pub async fn next_payload(&mut self) -> Result<Value> {
        match self.frame().await? {
            Frame::Next(value) if value.get("payload").is_some() => Ok(value["payload"].clone()),
            other => bail!("expected a result, got {other:?}"),
        }
    }

    /// The next result's `data.<field>`; fails on errors.
    pub async fn next_data(&mut self, field: &str) -> Result<Value> {
        let payload = self.next_payload().await?;
        if payload
            .get("errors")
            .is_some_and(|errors| !errors.is_null())
        {
            bail!("expected data, got {payload}");
        }
        Ok(payload["data"][field].clone())
    }

    /// The next result's first error code.
    pub async fn next_error_code(&mut self) -> Result<String> {
        let payload = self.next_payload().await?;
        payload["errors"][0]["extensions"]["code"]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("expected an error, got {payload}"))
    }

    /// Waits for the operation to complete.
    pub async fn expect_complete(&mut self) -> Result<()> {
        match self.frame().await? {
            Frame::Complete => Ok(()),
            other => bail!("expected complete, got {other:?}"),
        }
    }

    /// Waits for the close frame (after an optional legacy `connection_error`).
    pub async fn expect_close(&mut self) -> Result<(u16, String)> {
        loop {
            match self.frame().await? {
                Frame::Closed(code, reason) => return Ok((code, reason)),
                Frame::ConnectionError(_) => continue,
                other => bail!("expected the socket to close, got {other:?}"),
            }
        }
    }
}
