//! Apollo's multipart HTTP subscriptions, read with a real streaming HTTP client the way
//! Apollo Client's `HttpLink` asks for them: each result arrives as a part wrapped in
//! `payload`, and the response ends with the closing boundary.

use anyhow::Result;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::streamed::StreamedBody;

const ACCEPT: &str = r#"multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json"#;
const PART: &str = "--graphql\r\ncontent-type: application/json\r\n\r\n";
const END: &str = "--graphql--";
const FEED: &str = "subscription($after: String) {
    notificationEvents(after: $after) { cursor notification { title } } }";

/// What the response holds next.
#[derive(Debug, PartialEq)]
enum Part {
    Json(Value),
    End,
}

/// An open multipart response, read part by part.
struct Parts(StreamedBody);

impl Parts {
    async fn open(app: &TestApp, token: &str, query: &str, variables: Value) -> Result<Self> {
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("accept", ACCEPT)
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await?;
        assert_eq!(response.status().as_u16(), 200);
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        assert!(
            content_type.starts_with(r#"multipart/mixed; boundary="graphql""#),
            "{content_type}"
        );
        Ok(Self(StreamedBody::new(response)))
    }

    /// The next part, heartbeats (`{}`) skipped; a part that is not JSON is the error.
    async fn next(&mut self) -> Result<Part> {
        self.0
            .next(|buffer| {
                loop {
                    if buffer.starts_with(END) {
                        return Some(Ok(Part::End));
                    }
                    let rest = buffer.strip_prefix(PART)?;
                    let end = rest.find("\r\n")?;
                    let body = serde_json::from_str::<Value>(&rest[..end]);
                    buffer.drain(..PART.len() + end + 2);
                    match body {
                        Ok(body) if body == json!({}) => {}
                        Ok(body) => return Some(Ok(Part::Json(body))),
                        Err(error) => return Some(Err(error)),
                    }
                }
            })
            .await?
            .map_err(Into::into)
    }

    /// The payload of the next part.
    async fn payload(&mut self) -> Result<Value> {
        match self.next().await? {
            Part::Json(part) => Ok(part["payload"].clone()),
            Part::End => anyhow::bail!("the response ended"),
        }
    }
}

#[tokio::test]
async fn a_multipart_subscription_receives_sql_inserts_and_resumes_with_after() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let notify = |title: &'static str| {
        app.exec(
            "INSERT INTO notifications (user_id, title) VALUES ($1, $2)",
            [ada.id.into(), title.into()],
        )
    };

    let mut parts = Parts::open(&app, &ada.token, FEED, json!({})).await?;
    app.wait_for_subscriptions(1).await?;
    notify("first").await?;
    let first = parts.payload().await?;
    let event = &first["data"]["notificationEvents"];
    assert_eq!(event["notification"]["title"], "first", "{first}");
    let cursor = event["cursor"].as_str().unwrap_or_default().to_owned();

    drop(parts);
    app.wait_for_subscriptions(0).await?;
    notify("second").await?;
    let mut parts = Parts::open(&app, &ada.token, FEED, json!({ "after": cursor })).await?;
    let second = parts.payload().await?;
    assert_eq!(
        second["data"]["notificationEvents"]["notification"]["title"],
        "second"
    );
    Ok(())
}

#[tokio::test]
async fn a_query_over_multipart_is_one_part_then_the_closing_boundary() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let mut parts = Parts::open(&app, &ada.token, "{ viewer { id } }", json!({})).await?;
    assert_eq!(
        parts.payload().await?,
        json!({ "data": { "viewer": { "id": ada.id.to_string() } } })
    );
    assert_eq!(parts.next().await?, Part::End);
    Ok(())
}
