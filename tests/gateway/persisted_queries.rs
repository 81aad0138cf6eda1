//! Automatic persisted queries, the way Apollo's persisted-query link speaks them: the
//! client sends only the document's SHA-256, over POST, GET or a WebSocket; on a miss it
//! retries with the text, which the gateway checks against the hash and keeps for the next
//! hash-only request.

use anyhow::Result;
use reqwest::Response;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use switchyard_core::config::Limits;

use crate::common::TestApp;
use crate::common::socket::{LEGACY_WS, Socket, TRANSPORT_WS};

const RESPONSE_JSON: &str = "application/graphql-response+json";

fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

/// A POST with `body`, as `token` when given; the status, `Cache-Control` and JSON body.
async fn post(app: &TestApp, token: Option<&str>, body: Value) -> Result<(u16, String, Value)> {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .header("accept", RESPONSE_JSON)
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    read(request.send().await?).await
}

/// A GET with these query parameters, as `token` when given.
async fn get(
    app: &TestApp,
    token: Option<&str>,
    params: &[(&str, String)],
) -> Result<(u16, String, Value)> {
    let mut request = app
        .client
        .get(app.url("/graphql"))
        .header("accept", RESPONSE_JSON)
        .query(params);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    read(request.send().await?).await
}

async fn read(response: Response) -> Result<(u16, String, Value)> {
    let status = response.status().as_u16();
    let cache_control = response
        .headers()
        .get("cache-control")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    Ok((status, cache_control, response.json().await?))
}

/// Asserts Apollo's miss: the message and code its link retries on, never cached.
fn assert_miss((status, cache_control, body): &(u16, String, Value)) {
    assert_eq!(*status, 400, "{body}");
    assert_eq!(
        body["errors"][0]["message"], "PersistedQueryNotFound",
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    assert_eq!(cache_control, "private, no-cache, must-revalidate");
}

#[tokio::test]
async fn a_hash_misses_then_the_retry_with_text_is_kept_and_hits_over_post_and_get() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let query = "query Me { viewer { id role } }";
    let hash = sha256(query);
    let expected = json!({ "viewer": { "id": ada.id.to_string(), "role": "authenticated" } });

    let miss = post(
        &app,
        Some(&ada.token),
        json!({ "extensions": persisted(&hash) }),
    )
    .await?;
    assert_miss(&miss);

    let (status, _, body) = post(
        &app,
        Some(&ada.token),
        json!({ "query": query, "extensions": persisted(&hash) }),
    )
    .await?;
    assert_eq!((status, &body["data"]), (200, &expected), "{body}");

    // Hash only, over POST and over GET (the form a CDN caches), as Apollo's link sends it.
    let (status, _, body) = post(
        &app,
        Some(&ada.token),
        json!({ "extensions": persisted(&hash) }),
    )
    .await?;
    assert_eq!((status, &body["data"]), (200, &expected), "{body}");
    let (status, _, body) = get(
        &app,
        Some(&ada.token),
        &[
            ("operationName", "Me".into()),
            ("variables", "{}".into()),
            ("extensions", persisted(&hash).to_string()),
        ],
    )
    .await?;
    assert_eq!((status, &body["data"]), (200, &expected), "{body}");
    Ok(())
}

#[tokio::test]
async fn a_get_client_registers_its_query_over_get() -> Result<()> {
    let app = TestApp::spawn().await?;
    let query = "query Public { viewer { role } }";
    let extensions = persisted(&sha256(query)).to_string();

    assert_miss(&get(&app, None, &[("extensions", extensions.clone())]).await?);
    let (status, _, body) = get(
        &app,
        None,
        &[("query", query.into()), ("extensions", extensions.clone())],
    )
    .await?;
    assert_eq!(
        (status, &body["data"]),
        (200, &json!({ "viewer": { "role": "anon" } }))
    );
    let (status, _, body) = get(&app, None, &[("extensions", extensions)]).await?;
    assert_eq!(
        (status, &body["data"]),
        (200, &json!({ "viewer": { "role": "anon" } }))
    );
    Ok(())
}

#[tokio::test]
async fn a_stored_mutation_is_refused_over_get() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let mutation = r#"mutation { createPost(input: { body: "persisted" }) { id } }"#;
    let hash = sha256(mutation);
    let (status, _, body) = post(
        &app,
        Some(&ada.token),
        json!({ "query": mutation, "extensions": persisted(&hash) }),
    )
    .await?;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["createPost"]["id"].is_string(), "{body}");

    // The same mutation by hash over GET: refused like its text would be, and not run.
    let response = app
        .client
        .get(app.url("/graphql"))
        .header("accept", RESPONSE_JSON)
        .bearer_auth(&ada.token)
        .query(&[("extensions", persisted(&hash).to_string())])
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(
        response
            .headers()
            .get("allow")
            .map(|value| value.as_bytes()),
        Some(&b"POST"[..])
    );
    let body: Value = response.json().await?;
    assert_eq!(
        body["errors"][0]["message"],
        "mutations must be sent with POST"
    );
    let posts = app
        .count(
            "SELECT count(*) FROM posts WHERE author_id = $1",
            [ada.id.into()],
        )
        .await?;
    assert_eq!(posts, 1);

    // Over POST the hash runs it again.
    let (status, _, body) = post(
        &app,
        Some(&ada.token),
        json!({ "extensions": persisted(&hash) }),
    )
    .await?;
    assert_eq!(status, 200, "{body}");
    let posts = app
        .count(
            "SELECT count(*) FROM posts WHERE author_id = $1",
            [ada.id.into()],
        )
        .await?;
    assert_eq!(posts, 2);
    Ok(())
}

#[tokio::test]
async fn a_wrong_hash_or_extension_is_a_bad_request() -> Result<()> {
    let app = TestApp::spawn().await?;
    let query = "{ viewer { role } }";
    let other = sha256("{ viewer { id } }");
    for (body, message) in [
        (
            json!({ "query": query, "extensions": persisted(&other) }),
            "provided sha does not match query",
        ),
        (
            json!({ "query": query, "extensions": { "persistedQuery": { "version": 2, "sha256Hash": other } } }),
            "`extensions.persistedQuery` must be",
        ),
        (
            json!({ "query": query, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": "abc" } } }),
            "`extensions.persistedQuery` must be",
        ),
        (
            json!({ "query": query, "extensions": "persistedQuery" }),
            "`extensions` must be a JSON object",
        ),
        (
            json!({ "query": query, "extensions": [1] }),
            "`extensions` must be a JSON object",
        ),
    ] {
        let (status, _, answer) = post(&app, None, body.clone()).await?;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
        let text = answer["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            text.starts_with(message),
            "{text:?} should start with {message:?}"
        );
    }
    for extensions in ["[1]", "not json"] {
        let (status, _, answer) = get(
            &app,
            None,
            &[("query", query.into()), ("extensions", extensions.into())],
        )
        .await?;
        assert_eq!(status, 400, "{extensions}: {answer}");
        assert_eq!(
            answer["errors"][0]["message"],
            "`extensions` must be a JSON object"
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_cache_keeps_the_most_recent_texts_within_its_byte_budget() -> Result<()> {
    let first = "query First { viewer { role } }";
    let second = "query Second { viewer { role } }";
    let app = TestApp::spawn_with(Limits {
        apq_cache_bytes: first.len() + second.len() - 1,
        ..Limits::default()
    })
    .await?;
    for query in [first, second] {
        let (status, _, body) = post(
            &app,
            None,
            json!({ "query": query, "extensions": persisted(&sha256(query)) }),
        )
        .await?;
        assert_eq!(status, 200, "{body}");
    }
    assert_miss(
        &post(
            &app,
            None,
            json!({ "extensions": persisted(&sha256(first)) }),
        )
        .await?,
    );
    let (status, _, body) = post(
        &app,
        None,
        json!({ "extensions": persisted(&sha256(second)) }),
    )
    .await?;
    assert_eq!(
        (status, &body["data"]),
        (200, &json!({ "viewer": { "role": "anon" } }))
    );

    // With no budget the server says it keeps none, and Apollo's link stops sending hashes.
    let off = TestApp::spawn_with(Limits {
        apq_cache_bytes: 0,
        ..Limits::default()
    })
    .await?;
    let (status, _, body) = post(
        &off,
        None,
        json!({ "query": first, "extensions": persisted(&sha256(first)) }),
    )
    .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotSupported");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_SUPPORTED"
    );
    Ok(())
}

#[tokio::test]
async fn a_subscription_over_websocket_is_sent_by_hash_once_its_text_is_known() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let feed = "subscription { notificationEvents { kind notification { title } } }";
    let by_hash = json!({ "extensions": persisted(&sha256(feed)) });
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&ada.token)).await?;

    // The hash alone misses, as over HTTP, and the operation completes.
    socket.start_with("1", by_hash.clone()).await?;
    assert_eq!(socket.next_error_code().await?, "PERSISTED_QUERY_NOT_FOUND");
    socket.expect_complete().await?;

    // A text that is not the hash's is refused; the retry with the right text subscribes.
    let other = json!({ "query": "subscription { notificationEvents { kind } }", "extensions": persisted(&sha256(feed)) });
    socket.start_with("2", other).await?;
    assert_eq!(socket.next_error_code().await?, "BAD_USER_INPUT");
    socket.expect_complete().await?;
    let with_text = json!({ "query": feed, "extensions": persisted(&sha256(feed)) });
    socket.start_with("3", with_text).await?;
    app.wait_for_subscriptions(1).await?;
    socket.close().await?;
    app.wait_for_subscriptions(0).await?;

    // Another tab, on the legacy protocol, subscribes by hash alone and follows the feed.
    let mut tab = Socket::connect(app.address, LEGACY_WS, Some(&ada.token)).await?;
    tab.start_with("1", by_hash).await?;
    app.wait_for_subscriptions(1).await?;
    app.exec(
        "INSERT INTO notifications (user_id, title) VALUES ($1, 'sent by hash')",
        [ada.id.into()],
    )
    .await?;
    let event = tab.next_data("notificationEvents").await?;
    assert_eq!(event["notification"]["title"], "sent by hash", "{event}");
    tab.close().await?;
    Ok(())
}
