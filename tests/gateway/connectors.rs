//! Connectors: a user links a connector with tokens that are stored encrypted (the database
//! holds ciphertext, no field returns them, the service role decrypts with the configured
//! key), calls through it are counted against the connector's hourly limit, and each
//! user's links are their own.

use crate::common;

use anyhow::Result;
use common::{CONNECTOR_KEY, TestApp, nodes};
use serde_json::json;
use uuid::Uuid;

const SAVE: &str = "mutation($connector: UUID!, $token: String!, $refresh: String) {
  saveConnectorCredential(connectorId: $connector, accessToken: $token, refreshToken: $refresh) {
    id userId connector { slug }
  }
}";
const USE: &str = "mutation($connector: UUID!) {
  recordConnectorUsage(connectorId: $connector, operation: \"list_repos\") { operation creditsUsed }
}";
const MINE: &str =
    "{ connectorCredentials(first: 10) { edges { node { id connector { slug } } } } }";

async fn connector(app: &TestApp, slug: &str) -> Result<Uuid> {
    app.insert_returning_id(
        "SELECT id FROM connector_definitions WHERE slug = $1",
        [slug.into()],
    )
    .await
}

/// The access token of a credential as a worker reads it: the service role, with the key.
async fn decrypted(app: &TestApp, credential: &str, key: &str) -> Result<String> {
    app.value(
        "SELECT public.connector_access_token($1::uuid, $2)",
        [credential.into(), key.into()],
    )
    .await
}

#[tokio::test]
async fn a_saved_token_is_stored_encrypted_returned_by_no_field_and_replaceable() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let gmail = connector(&app, "gmail").await?;
    let token = "ya29.a0-very-secret-access-token";

    let (status, body) = app
        .post_graphql(
            Some(&ada.token),
            SAVE,
            json!({ "connector": gmail, "token": token, "refresh": "1//refresh-secret" }),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    assert!(!body.to_string().contains("secret"), "{body}");
    let saved = &body["data"]["saveConnectorCredential"];
    assert_eq!(saved["userId"], json!(ada.id));
    assert_eq!(saved["connector"]["slug"], "gmail");
    let id = saved["id"].as_str().unwrap_or_default().to_owned();

    // At rest: ciphertext that does not contain the token, and no cleartext column.
    let stored: Vec<u8> = app
        .value(
            "SELECT access_token_encrypted FROM connector_credentials WHERE id = $1::uuid",
            [id.as_str().into()],
        )
        .await?;
    assert!(!stored.is_empty());
    assert!(
        !stored
            .windows(token.len())
            .any(|window| window == token.as_bytes()),
        "the stored bytes hold the token in clear"
    );
    assert_eq!(decrypted(&app, &id, CONNECTOR_KEY).await?, token);
    assert!(
        decrypted(&app, &id, "another key").await.is_err(),
        "a wrong key decrypts nothing"
    );
    let api_roles_may_decrypt: bool = app
        .value(
            "SELECT has_function_privilege('authenticated', \
             'public.connector_access_token(uuid, text)', 'execute') \
             OR has_function_privilege('anon', 'public.connector_access_token(uuid, text)', 'execute')",
            [],
        )
        .await?;
    assert!(!api_roles_may_decrypt, "only the service role decrypts");
    // Not even the owner may select the ciphertext.
    let (_, peek) = app
        .post_graphql(
            Some(&ada.token),
            "{ connectorCredentials(first: 1) { edges { node { accessTokenEncrypted } } } }",
            json!({}),
        )
        .await?;
    assert!(peek["errors"].is_array(), "{peek}");

    // Saving again replaces the tokens of the same link.
    let again = app
        .query(
            Some(&ada.token),
            SAVE,
            json!({ "connector": gmail, "token": "ya29.rotated" }),
        )
        .await?;
    assert_eq!(again["saveConnectorCredential"]["id"], json!(id));
    assert_eq!(decrypted(&app, &id, CONNECTOR_KEY).await?, "ya29.rotated");
    assert_eq!(
        app.count("SELECT count(*) FROM connector_credentials", [])
            .await?,
        1
    );

    app.query(
        Some(&ada.token),
        "mutation($id: UUID!) { deleteConnectorCredential(id: $id) }",
        json!({ "id": id }),
    )
    .await?;
    let left = app.query(Some(&ada.token), MINE, json!({})).await?;
    assert!(nodes(&left["connectorCredentials"]).is_empty(), "{left}");
    Ok(())
}

#[tokio::test]
async fn bad_saves_are_refused_with_clear_codes() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let notion = connector(&app, "notion").await?;

    let anonymous = app
        .error_code(None, SAVE, json!({ "connector": notion, "token": "t" }))
        .await?;
    assert_eq!(anonymous, "UNAUTHENTICATED");
    let empty = app
        .error_code(
            Some(&ada.token),
            SAVE,
            json!({ "connector": notion, "token": "" }),
        )
        .await?;
    assert_eq!(empty, "BAD_USER_INPUT");
    let unknown = app
        .error_code(
            Some(&ada.token),
            SAVE,
            json!({ "connector": Uuid::new_v4(), "token": "t" }),
        )
        .await?;
    assert_eq!(unknown, "NOT_FOUND");
    app.exec(
        "UPDATE connector_definitions SET is_active = false WHERE id = $1",
        [notion.into()],
    )
    .await?;
    let retired = app
        .error_code(
            Some(&ada.token),
            SAVE,
            json!({ "connector": notion, "token": "t" }),
        )
        .await?;
    assert_eq!(retired, "BAD_USER_INPUT");
    Ok(())
}

#[tokio::test]
async fn calls_past_the_hourly_limit_are_rate_limited_even_in_parallel() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let github = connector(&app, "github").await?;
    app.exec(
        "UPDATE connector_definitions SET rate_limit_per_hour = 3 WHERE id = $1",
        [github.into()],
    )
    .await?;

    let unlinked = app
        .error_code(Some(&ada.token), USE, json!({ "connector": github }))
        .await?;
    assert_eq!(unlinked, "BAD_USER_INPUT", "link the connector first");
    for user in [&ada, &bob] {
        app.query(
            Some(&user.token),
            SAVE,
            json!({ "connector": github, "token": "gho_x" }),
        )
        .await?;
    }

    let calls =
        (0..8).map(|_| app.post_graphql(Some(&ada.token), USE, json!({ "connector": github })));
    let mut accepted = 0;
    let mut limited = 0;
    for answer in futures_util::future::join_all(calls).await {
        let (_, body) = answer?;
        match body["errors"][0]["extensions"]["code"].as_str() {
            None => accepted += 1,
            Some("RATE_LIMITED") => limited += 1,
            Some(other) => anyhow::bail!("unexpected error {other}: {body}"),
        }
    }
    assert_eq!((accepted, limited), (3, 5));

    // Bob's allowance is his own.
    let his = app
        .query(Some(&bob.token), USE, json!({ "connector": github }))
        .await?;
    assert_eq!(
        his["recordConnectorUsage"],
        json!({ "operation": "list_repos", "creditsUsed": 1 })
    );
    let logs = app
        .query(
            Some(&bob.token),
            "{ connectorUsageLogs(first: 10) { edges { node { userId } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(nodes(&logs["connectorUsageLogs"]).len(), 1, "{logs}");
    Ok(())
}

#[tokio::test]
async fn a_users_links_are_invisible_and_untouchable_to_others() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let slack = connector(&app, "slack").await?;
    let saved = app
        .query(
            Some(&ada.token),
            SAVE,
            json!({ "connector": slack, "token": "xoxb-secret" }),
        )
        .await?;
    let id = saved["saveConnectorCredential"]["id"].clone();

    let theirs = app.query(Some(&bob.token), MINE, json!({})).await?;
    assert!(
        nodes(&theirs["connectorCredentials"]).is_empty(),
        "{theirs}"
    );
    let public = app.query(None, MINE, json!({})).await?;
    assert!(
        nodes(&public["connectorCredentials"]).is_empty(),
        "{public}"
    );
    let delete = app
        .error_code(
            Some(&bob.token),
            "mutation($id: UUID!) { deleteConnectorCredential(id: $id) }",
            json!({ "id": id }),
        )
        .await?;
    assert_eq!(delete, "NOT_FOUND");
    let mine = app.query(Some(&ada.token), MINE, json!({})).await?;
    assert_eq!(
        nodes(&mine["connectorCredentials"]),
        vec![json!({ "id": id, "connector": { "slug": "slack" } })]
    );
    Ok(())
}
