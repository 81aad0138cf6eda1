//! Operations and security: failed sign-ins and refused tokens become security events with
//! the client's address, repeated failures lock sign-in out for a while, sensitive changes
//! leave audit rows, engine data is for admins, gaming sessions belong to their player and
//! the cache is the service's alone.

use crate::common;

use std::time::Duration;

use anyhow::Result;
use common::{TestApp, TestUser, nodes};
use serde_json::{Value, json};
use switchyard_core::auth::Role;
use switchyard_core::config::Limits;

const SIGN_UP: &str = "mutation($email: String!, $password: String!, $username: String!) {
  signUp(email: $email, password: $password, username: $username) { token userId }
}";
const SIGN_IN: &str = "mutation($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { userId }
}";
const MY_EVENTS: &str = "{
  securityEvents(first: 50, orderBy: { field: CREATED_AT, direction: ASC }) {
    edges { node { kind ip account userId } }
  }
}";
const PASSWORD: &str = "correct horse battery";

/// Signs a person up through the API (so they have a password); returns their id and token.
async fn sign_up(app: &TestApp, username: &str) -> Result<(String, String)> {
    let data = app
        .query(
            None,
            SIGN_UP,
            json!({ "email": email(username), "password": PASSWORD, "username": username }),
        )
        .await?;
    let field = |name: &str| data["signUp"][name].as_str().unwrap_or_default().to_owned();
    Ok((field("userId"), field("token")))
}

fn email(username: &str) -> String {
    format!("{username}@example.com")
}

/// The sign-in error code for `username` with `password` (None when it succeeds).
async fn sign_in(app: &TestApp, username: &str, password: &str) -> Result<Option<String>> {
    let (_, body) = app
        .post_graphql(
            None,
            SIGN_IN,
            json!({ "email": email(username), "password": password }),
        )
        .await?;
    Ok(body["errors"][0]["extensions"]["code"]
        .as_str()
        .map(str::to_owned))
}

#[tokio::test]
async fn a_failed_sign_in_is_recorded_with_the_address_and_shown_to_that_user_only() -> Result<()> {
    let app = TestApp::spawn().await?;
    let (ada_id, ada_token) = sign_up(&app, "ada").await?;
    let (_, bob_token) = sign_up(&app, "bob").await?;

    assert_eq!(
        sign_in(&app, "ada", "not her password").await?.as_deref(),
        Some("UNAUTHENTICATED")
    );
    // The failed request rolled back, yet its record stays.
    let events = app.query(Some(&ada_token), MY_EVENTS, json!({})).await?;
    assert_eq!(
        nodes(&events["securityEvents"]),
        vec![json!({
            "kind": "FAILED_LOGIN", "ip": "127.0.0.1", "account": "ada@example.com", "userId": ada_id
        })]
    );
    // An unknown account is recorded too, attached to nobody.
    assert_eq!(
        sign_in(&app, "nobody", PASSWORD).await?.as_deref(),
        Some("UNAUTHENTICATED")
    );
    let anonymous = app
        .count(
            "SELECT count(*) FROM security_events \
             WHERE kind = 'failed_login' AND account = 'nobody@example.com' AND user_id IS NULL",
            [],
        )
        .await?;
    assert_eq!(anonymous, 1);

    let theirs = app.query(Some(&bob_token), MY_EVENTS, json!({})).await?;
    assert!(nodes(&theirs["securityEvents"]).is_empty(), "{theirs}");
    let public = app.query(None, MY_EVENTS, json!({})).await?;
    assert!(nodes(&public["securityEvents"]).is_empty(), "{public}");
    Ok(())
}

#[tokio::test]
async fn repeated_failures_lock_sign_in_out_even_with_the_right_password_until_the_lockout_ends()
-> Result<()> {
    let lockout = 2;
    let app = TestApp::spawn_with(Limits {
        sign_in_max_failures: 3,
        sign_in_window_seconds: 600,
        sign_in_lockout_seconds: lockout,
        ..Limits::default()
    })
    .await?;
    sign_up(&app, "ada").await?;
    sign_up(&app, "bob").await?;

    for _ in 0..3 {
        assert_eq!(
            sign_in(&app, "ada", "guess").await?.as_deref(),
            Some("UNAUTHENTICATED")
        );
    }
    assert_eq!(
        sign_in(&app, "ada", PASSWORD).await?.as_deref(),
        Some("TOO_MANY_ATTEMPTS"),
        "locked out, right password or not"
    );
    let blocked = app
        .count(
            "SELECT count(*) FROM security_events WHERE kind = 'brute_force_blocked' \
             AND ip = '127.0.0.1' AND account = 'ada@example.com'",
            [],
        )
        .await?;
    assert_eq!(blocked, 1);
    assert_eq!(
        sign_in(&app, "bob", PASSWORD).await?,
        None,
        "another account from the same address is not locked"
    );

    tokio::time::sleep(Duration::from_millis(
        u64::from(lockout.unsigned_abs()) * 1000 + 500,
    ))
    .await;
    assert_eq!(
        sign_in(&app, "ada", PASSWORD).await?,
        None,
        "the lockout ended"
    );
    // The failures before the lockout no longer count: one more is not a lockout.
    assert_eq!(
        sign_in(&app, "ada", "guess").await?.as_deref(),
        Some("UNAUTHENTICATED")
    );
    assert_eq!(sign_in(&app, "ada", PASSWORD).await?, None);
    Ok(())
}

#[tokio::test]
async fn a_successful_sign_in_starts_the_failure_count_afresh() -> Result<()> {
    let app = TestApp::spawn_with(Limits {
        sign_in_max_failures: 3,
        sign_in_window_seconds: 600,
        ..Limits::default()
    })
    .await?;
    sign_up(&app, "ada").await?;
    // Two typos, a success, two more typos: four failures in the window, but never three
    // in a row, so Ada is never locked out.
    for _ in 0..2 {
        assert_eq!(
            sign_in(&app, "ada", "typo").await?.as_deref(),
            Some("UNAUTHENTICATED")
        );
    }
    assert_eq!(sign_in(&app, "ada", PASSWORD).await?, None);
    for _ in 0..2 {
        assert_eq!(
            sign_in(&app, "ada", "typo").await?.as_deref(),
            Some("UNAUTHENTICATED")
        );
    }
    assert_eq!(sign_in(&app, "ada", PASSWORD).await?, None);
    // A third failure in a row still locks.
    for _ in 0..3 {
        sign_in(&app, "ada", "typo").await?;
    }
    assert_eq!(
        sign_in(&app, "ada", PASSWORD).await?.as_deref(),
        Some("TOO_MANY_ATTEMPTS")
    );
    Ok(())
}

#[tokio::test]
async fn refused_tokens_and_api_keys_are_recorded_with_the_address() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let expired = app.sign_claims(&json!({
        "sub": ada.id, "role": "authenticated", "exp": 1_000_000_000_u64
    }))?;
    let (status, _) = app
        .post_graphql(Some(&expired), "{ viewer { id } }", json!({}))
        .await?;
    assert_eq!(status, 401);
    let (status, _) = app
        .post_graphql(Some("not-a-jwt"), "{ viewer { id } }", json!({}))
        .await?;
    assert_eq!(status, 401);
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("x-api-key", "sy_unknown")
        .json(&json!({ "query": "{ viewer { id } }" }))
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 401);

    let reasons: Vec<String> = app
        .value::<Vec<String>, 0>(
            "SELECT array_agg(details ->> 'reason' ORDER BY created_at, id) FROM security_events \
             WHERE kind = 'invalid_token' AND ip = '127.0.0.1'",
            [],
        )
        .await?;
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons.contains(&"token expired".to_owned()), "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|reason| reason.starts_with("invalid API key")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|reason| reason.starts_with("malformed token")),
        "{reasons:?}"
    );
    Ok(())
}

const SAVE: &str = "mutation($connector: UUID!, $token: String!) {
  saveConnectorCredential(connectorId: $connector, accessToken: $token) { id }
}";
const AUDIT: &str = "{
  auditLogs(first: 50, orderBy: { field: CREATED_AT, direction: ASC }) {
    edges { node { logType action entityId userId } }
  }
}";

#[tokio::test]
async fn a_credential_change_leaves_an_audit_row_without_the_secret() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let github = app
        .insert_returning_id(
            "SELECT id FROM connector_definitions WHERE slug = 'github'",
            [],
        )
        .await?;
    let saved = app
        .query(
            Some(&ada.token),
            SAVE,
            json!({ "connector": github, "token": "gho_audit_secret" }),
        )
        .await?;
    let id = saved["saveConnectorCredential"]["id"].clone();
    app.query(
        Some(&ada.token),
        "mutation($id: UUID!) { deleteConnectorCredential(id: $id) }",
        json!({ "id": id }),
    )
    .await?;

    let audit = app.query(Some(&ada.token), AUDIT, json!({})).await?;
    let rows: Vec<Value> = nodes(&audit["auditLogs"])
        .into_iter()
        .filter(|row| row["logType"] == "connector_credentials")
        .collect();
    assert_eq!(
        rows,
        vec![
            json!({ "logType": "connector_credentials", "action": "insert", "entityId": id, "userId": ada.id }),
            json!({ "logType": "connector_credentials", "action": "delete", "entityId": id, "userId": ada.id }),
        ]
    );
    let leaked = app
        .count(
            "SELECT count(*) FROM audit_logs WHERE details::text LIKE '%encrypted%' \
             OR details::text LIKE '%gho_audit_secret%'",
            [],
        )
        .await?;
    assert_eq!(leaked, 0, "neither the token nor its ciphertext is audited");
    let theirs = app.query(Some(&bob.token), AUDIT, json!({})).await?;
    assert!(nodes(&theirs["auditLogs"]).is_empty(), "{theirs}");
    Ok(())
}

const METRIC: &str = "mutation($value: Float!) {
  recordEngineMetric(engine: \"router\", metric: \"p99_ms\", value: $value) { engine metric value }
}";
const ENGINE_DATA: &str = "{
  engineMetrics(first: 10) { edges { node { engine metric value } } }
  optimizationEvents(first: 10) { edges { node { engine decision reason } } }
}";

/// Makes `user` an admin, as the back office would.
async fn make_admin(app: &TestApp, user: &TestUser) -> Result<()> {
    app.exec(
        "INSERT INTO user_roles (user_id, role) VALUES ($1, 'admin')",
        [user.id.into()],
    )
    .await
}

#[tokio::test]
async fn engine_metrics_and_optimization_events_are_written_by_the_service_and_read_by_admins()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let service = app.token(None, Role::ServiceRole)?;
    let ada = app.create_user("ada").await?;
    let root = app.create_user("root").await?;
    make_admin(&app, &root).await?;

    app.query(Some(&service), METRIC, json!({ "value": 41.5 }))
        .await?;
    app.query(
        Some(&service),
        "mutation { recordOptimizationEvent(engine: \"router\", decision: \"scale_up\", \
         reason: \"p99 above target\", details: { replicas: 3 }) { id } }",
        json!({}),
    )
    .await?;
    assert_eq!(
        app.error_code(Some(&ada.token), METRIC, json!({ "value": 1.0 }))
            .await?,
        "FORBIDDEN"
    );
    assert_eq!(
        app.error_code(None, METRIC, json!({ "value": 1.0 }))
            .await?,
        "FORBIDDEN"
    );

    let admin = app.query(Some(&root.token), ENGINE_DATA, json!({})).await?;
    assert_eq!(
        nodes(&admin["engineMetrics"]),
        vec![json!({ "engine": "router", "metric": "p99_ms", "value": 41.5 })]
    );
    assert_eq!(
        nodes(&admin["optimizationEvents"]),
        vec![json!({ "engine": "router", "decision": "scale_up", "reason": "p99 above target" })]
    );
    for token in [Some(ada.token.as_str()), None] {
        let refused = app.query(token, ENGINE_DATA, json!({})).await?;
        assert!(nodes(&refused["engineMetrics"]).is_empty(), "{refused}");
        assert!(
            nodes(&refused["optimizationEvents"]).is_empty(),
            "{refused}"
        );
    }
    Ok(())
}

const START: &str = "mutation { startGamingSession(game: \"chess\") { id game endedAt } }";
const END: &str = "mutation($id: UUID!) {
  endGamingSession(id: $id) { id endedAt durationSeconds }
}";

#[tokio::test]
async fn a_player_starts_and_ends_their_own_gaming_sessions() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;

    let started = app.query(Some(&ada.token), START, json!({})).await?;
    let id = started["startGamingSession"]["id"].clone();
    assert_eq!(started["startGamingSession"]["endedAt"], Value::Null);
    assert_eq!(
        app.error_code(Some(&bob.token), END, json!({ "id": id }))
            .await?,
        "NOT_FOUND",
        "someone else's session is invisible"
    );
    let ended = app
        .query(Some(&ada.token), END, json!({ "id": id }))
        .await?;
    assert!(ended["endGamingSession"]["endedAt"].is_string(), "{ended}");
    assert!(
        ended["endGamingSession"]["durationSeconds"].as_i64() >= Some(0),
        "{ended}"
    );
    assert_eq!(
        app.error_code(Some(&ada.token), END, json!({ "id": id }))
            .await?,
        "CONFLICT"
    );
    assert_eq!(
        app.error_code(None, START, json!({})).await?,
        "UNAUTHENTICATED"
    );
    let theirs = app
        .query(
            Some(&bob.token),
            "{ gamingSessions(first: 10) { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(nodes(&theirs["gamingSessions"]).is_empty(), "{theirs}");
    Ok(())
}

const PUT: &str = "mutation($key: String!, $value: JSON!, $ttl: Int!) {
  cachePut(key: $key, value: $value, ttlSeconds: $ttl) { key value }
}";
const GET: &str = "query($key: String!) { cacheGet(key: $key) }";

#[tokio::test]
async fn the_cache_is_the_services_and_expired_entries_are_absent_then_purged() -> Result<()> {
    let app = TestApp::spawn().await?;
    let service = app.token(None, Role::ServiceRole)?;
    let ada = app.create_user("ada").await?;
    let service = Some(service.as_str());

    let put = app
        .query(
            service,
            PUT,
            json!({ "key": "feed:ada", "value": { "posts": [1, 2] }, "ttl": 60 }),
        )
        .await?;
    assert_eq!(
        put["cachePut"],
        json!({ "key": "feed:ada", "value": { "posts": [1, 2] } })
    );
    let got = app
        .query(service, GET, json!({ "key": "feed:ada" }))
        .await?;
    assert_eq!(got["cacheGet"], json!({ "posts": [1, 2] }));
    assert_eq!(
        app.error_code(Some(&ada.token), GET, json!({ "key": "feed:ada" }))
            .await?,
        "FORBIDDEN"
    );
    assert_eq!(
        app.error_code(
            Some(&ada.token),
            PUT,
            json!({ "key": "x", "value": 1, "ttl": 60 })
        )
        .await?,
        "FORBIDDEN"
    );

    // Time passes: the entry expires.
    app.exec(
        "UPDATE cache_entries SET expires_at = now() - interval '1 second'",
        [],
    )
    .await?;
    let gone = app
        .query(service, GET, json!({ "key": "feed:ada" }))
        .await?;
    assert_eq!(gone["cacheGet"], Value::Null);
    let purged = app
        .query(service, "mutation { purgeExpiredCache }", json!({}))
        .await?;
    assert_eq!(purged["purgeExpiredCache"], 1);
    assert_eq!(
        app.count("SELECT count(*) FROM cache_entries", []).await?,
        0
    );
    Ok(())
}
