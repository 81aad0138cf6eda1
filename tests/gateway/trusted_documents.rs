//! Trusted documents: a team locks the gateway to the operations its apps ship, listed in
//! the manifest `@apollo/generate-persisted-query-manifest` writes. Listed operations run by
//! id or by exact text, over HTTP and WebSocket; anything else is refused, introspection
//! included.

use anyhow::Result;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::common::TestApp;
use crate::common::socket::{Frame, Socket, TRANSPORT_WS};

const ME: &str = "query Me { viewer { id role } }";
const WRITE: &str =
    "mutation Write($body: String!) { createPost(input: { body: $body }) { body } }";

fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// The app's manifest, as Apollo's generator writes it (ids are the SHA-256 of the body),
/// in a file of its own; the folder is removed by the caller.
fn manifest() -> Result<std::path::PathBuf> {
    let folder = std::env::temp_dir().join(format!("switchyard-trusted-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&folder)?;
    let path = folder.join("persisted-query-manifest.json");
    let manifest = json!({
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [
            { "id": sha256(ME), "name": "Me", "type": "query", "body": ME },
            { "id": "write-post", "name": "Write", "type": "mutation", "body": WRITE },
        ],
    });
    std::fs::write(&path, manifest.to_string())?;
    Ok(path)
}

/// POSTs `body` as `token`; the status and the JSON answer.
async fn post(app: &TestApp, token: &str, body: Value) -> Result<(u16, Value)> {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .bearer_auth(token)
        .json(&body)
        .send()
        .await?;
    Ok((response.status().as_u16(), response.json().await?))
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

#[tokio::test]
async fn listed_operations_run_by_id_or_exact_text_and_nothing_else_does() -> Result<()> {
    let path = manifest()?;
    let app = TestApp::spawn_trusting(&path).await?;
    let ada = app.create_user("ada").await?;
    let me = json!({ "viewer": { "id": ada.id.to_string(), "role": "authenticated" } });
    let by_hash = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256(ME) } });

    for request in [
        json!({ "documentId": sha256(ME) }),
        json!({ "extensions": by_hash }),
        json!({ "query": ME }),
    ] {
        let (status, body) = post(&app, &ada.token, request.clone()).await?;
        assert_eq!((status, &body["data"]), (200, &me), "{request}: {body}");
    }
    let (status, body) = post(
        &app,
        &ada.token,
        json!({ "documentId": "write-post", "variables": { "body": "from the app" } }),
    )
    .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["createPost"]["body"], "from the app");

    // Anything else is refused before it runs: other text, the listed text reformatted,
    // introspection (the schema is published as `schema.graphql` instead).
    for text in [
        "{ viewer { id } }",
        "query Me { viewer { id role } } ",
        "{ __schema { queryType { name } } }",
        r#"mutation { createPost(input: { body: "not from the app" }) { id } }"#,
    ] {
        let (status, body) = post(&app, &ada.token, json!({ "query": text })).await?;
        assert_eq!(
            (status, code(&body)),
            (400, "PERSISTED_QUERY_NOT_IN_LIST"),
            "{text}: {body}"
        );
        assert!(
            body["errors"][0]["message"].as_str().is_some_and(
                |message| message.starts_with("this server runs only its trusted documents")
            ),
            "{body}"
        );
    }
    let posts = app
        .count(
            "SELECT count(*) FROM posts WHERE author_id = $1",
            [ada.id.into()],
        )
        .await?;
    assert_eq!(posts, 1, "only the listed mutation wrote");

    // Unknown ids are misses; Apollo's link then sends the text, which must be listed, and
    // automatic persisted queries cannot add it to the list.
    let (status, body) = post(&app, &ada.token, json!({ "documentId": "nope" })).await?;
    assert_eq!(
        (status, code(&body)),
        (400, "PERSISTED_QUERY_NOT_FOUND"),
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["message"],
        "no trusted document has the id `nope`"
    );
    let text = "{ viewer { role } }";
    let apq = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256(text) } });
    let (_, body) = post(&app, &ada.token, json!({ "extensions": apq })).await?;
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    let (_, body) = post(
        &app,
        &ada.token,
        json!({ "query": text, "extensions": apq }),
    )
    .await?;
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_IN_LIST");
    let (_, body) = post(&app, &ada.token, json!({ "extensions": apq })).await?;
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");

    // Over GET, by id; the listed mutation still needs POST.
    let get = |id: String| {
        app.client
            .get(app.url("/graphql"))
            .bearer_auth(&ada.token)
            .query(&[("documentId", id)])
            .send()
    };
    let response = get(sha256(ME)).await?;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.json::<Value>().await?["data"], me);
    assert_eq!(get("write-post".into()).await?.status().as_u16(), 405);
    std::fs::remove_dir_all(path.parent().unwrap_or(&path))?;
    Ok(())
}

#[tokio::test]
async fn a_websocket_runs_listed_text_only() -> Result<()> {
    let path = manifest()?;
    let app = TestApp::spawn_trusting(&path).await?;
    let ada = app.create_user("ada").await?;
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&ada.token)).await?;
    socket.start("1", ME, json!({})).await?;
    assert_eq!(socket.next_data("viewer").await?["id"], ada.id.to_string());
    socket.expect_complete().await?;

    socket
        .start(
            "2",
            "subscription { notificationEvents { kind } }",
            json!({}),
        )
        .await?;
    let Frame::Next(frame) = socket.frame().await? else {
        anyhow::bail!("expected the refusal");
    };
    // `error` carries the errors as its payload, `next` inside it.
    let errors = if frame["type"] == "error" {
        &frame["payload"]
    } else {
        &frame["payload"]["errors"]
    };
    assert_eq!(
        errors[0]["extensions"]["code"], "PERSISTED_QUERY_NOT_IN_LIST",
        "{frame}"
    );
    socket.close().await?;
    std::fs::remove_dir_all(path.parent().unwrap_or(&path))?;
    Ok(())
}

#[tokio::test]
async fn serve_refuses_to_start_on_a_manifest_of_another_format() -> Result<()> {
    let folder = std::env::temp_dir().join(format!("switchyard-trusted-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&folder)?;
    let path = folder.join("manifest.json");
    std::fs::write(
        &path,
        json!({ "format": "relay", "version": 1, "operations": [] }).to_string(),
    )?;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .arg("serve")
        .env("SWITCHYARD_TRUSTED_DOCUMENTS", &path)
        .env("SWITCHYARD_DATA_DIR", &folder)
        .env_remove("DATABASE_URL")
        .output()
        .await?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("expected Apollo's persisted-query manifest")
            && stderr.contains("found format \"relay\" version 1"),
        "{stderr}"
    );
    std::fs::remove_dir_all(folder)?;
    Ok(())
}
