//! GraphQL over Server-Sent Events (`graphql-sse`, distinct connections), read with a real
//! streaming HTTP client: a web app behind a proxy that breaks WebSockets follows its
//! notifications, and picks up where it left off after losing the connection.

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::streamed::StreamedBody;

const FEED: &str = "subscription($after: String) {
    notificationEvents(after: $after) { cursor kind notification { title } } }";

/// One server-sent event.
#[derive(Debug)]
struct SseEvent {
    event: String,
    id: Option<String>,
    data: String,
}

impl SseEvent {
    /// The data of a `next` event, as JSON.
    fn result(&self) -> Result<Value> {
        if self.event != "next" {
            bail!("expected a `next` event, got {self:?}");
        }
        Ok(serde_json::from_str(&self.data)?)
    }
}

/// An open `text/event-stream` response, read event by event.
struct EventStream(StreamedBody);

impl EventStream {
    /// POSTs `query` asking for an event stream, as `token`, resuming after `last_event_id`.
    async fn open(
        app: &TestApp,
        token: &str,
        query: &str,
        last_event_id: Option<&str>,
    ) -> Result<Self> {
        let mut request = app
            .client
            .post(app.url("/graphql"))
            .header("accept", "text/event-stream")
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": {} }));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = request.send().await?;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .map(|value| value.as_bytes()),
            Some(&b"text/event-stream"[..])
        );
        Ok(Self(StreamedBody::new(response)))
    }

    /// The next event, keep-alive comments skipped.
    async fn next(&mut self) -> Result<SseEvent> {
        self.0
            .next(|buffer| {
                while let Some(end) = buffer.find("\n\n") {
                    let block: String = buffer.drain(..end + 2).collect();
                    if let Some(event) = parse(&block) {
                        return Some(event);
                    }
                }
                None
            })
            .await
    }
}

/// An event block's fields; `None` for a comment (keep-alive).
fn parse(block: &str) -> Option<SseEvent> {
    let mut event = None;
    let mut id = None;
    let mut data = Vec::new();
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => event = Some(value.to_owned()),
            "id" => id = Some(value.to_owned()),
            "data" => data.push(value),
            _ => {}
        }
    }
    Some(SseEvent {
        event: event?,
        id,
        data: data.join("\n"),
    })
}

#[tokio::test]
async fn a_query_streams_one_result_then_completes() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let mut stream = EventStream::open(&app, &ada.token, "{ viewer { id role } }", None).await?;
    let result = stream.next().await?.result()?;
    assert_eq!(
        result["data"]["viewer"],
        json!({ "id": ada.id.to_string(), "role": "authenticated" })
    );
    assert_eq!(stream.next().await?.event, "complete");

    // Refused before anything runs: an ordinary JSON answer with its status.
    let response = app
        .client
        .get(app.url("/graphql"))
        .header("accept", "text/event-stream")
        .bearer_auth(&ada.token)
        .query(&[("query", "mutation { markAllNotificationsRead }")])
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 405);
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "text/event-stream")
        .bearer_auth("not-a-jwt")
        .json(&json!({ "query": FEED }))
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = response.json().await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    Ok(())
}

#[tokio::test]
async fn a_feed_streams_sql_inserts_and_resumes_with_last_event_id() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let notify = |title: &'static str| {
        app.exec(
            "INSERT INTO notifications (user_id, title) VALUES ($1, $2)",
            [ada.id.into(), title.into()],
        )
    };

    let mut stream = EventStream::open(&app, &ada.token, FEED, None).await?;
    app.wait_for_subscriptions(1).await?;
    notify("first").await?;
    let first = stream.next().await?;
    let event = &first.result()?["data"]["notificationEvents"];
    assert_eq!(event["notification"]["title"], "first");
    assert_eq!(
        first.id.as_deref(),
        event["cursor"].as_str(),
        "the SSE id is the cursor"
    );

    // The connection drops; two notifications arrive meanwhile.
    drop(stream);
    app.wait_for_subscriptions(0).await?;
    notify("second").await?;
    notify("third").await?;

    let mut stream = EventStream::open(&app, &ada.token, FEED, first.id.as_deref()).await?;
    let mut titles = Vec::new();
    for _ in 0..2 {
        let result = stream.next().await?.result()?;
        titles.push(result["data"]["notificationEvents"]["notification"]["title"].clone());
    }
    assert_eq!(
        titles,
        [json!("second"), json!("third")],
        "no loss, no duplicate"
    );
    // And live again after the replay.
    notify("fourth").await?;
    let result = stream.next().await?.result()?;
    assert_eq!(
        result["data"]["notificationEvents"]["notification"]["title"],
        "fourth"
    );
    Ok(())
}
