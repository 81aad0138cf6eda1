//! A hostile client: small requests built to crash the process, burn its CPU, starve its
//! pools or slip past a limit. Each is refused with the status and code the spec gives (or
//! survives as a clear error), writes nothing, and leaves the server answering others.

use crate::common;

use std::time::Duration;

use anyhow::{Context as _, Result, ensure};
use common::socket::{Frame, Socket, TRANSPORT_WS};
use common::{TestApp, TestUser};
use sea_orm::{ConnectionTrait as _, DbBackend, Statement, TransactionTrait as _};
use serde_json::{Value, json};
use switchyard_core::config::Limits;
use switchyard_core::db::PoolSize;
use uuid::Uuid;

/// How soon the server must answer `{ __typename }` after a hostile request: generous for
/// a loaded test machine, far below the seconds a starved server took.
const PROMPTLY: Duration = Duration::from_secs(2);

/// The server is alive and not starved: `{ __typename }` answers promptly.
async fn still_answers(app: &TestApp) -> Result<()> {
    let answered = tokio::time::timeout(PROMPTLY, app.query(None, "{ __typename }", json!({})))
        .await
        .context("the server did not answer { __typename } promptly")??;
    ensure!(answered["__typename"] == "QueryRoot", "{answered}");
    Ok(())
}

/// A POST's status and its first error's code and message.
async fn refusal(app: &TestApp, query: &str, variables: Value) -> Result<(u16, String, String)> {
    let (status, body) = app.post_graphql(None, query, variables).await?;
    let error = &body["errors"][0];
    Ok((
        status,
        error["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        error["message"].as_str().unwrap_or_default().to_owned(),
    ))
}

fn nested(open: &str, close: &str, levels: usize) -> String {
    format!("{}1{}", open.repeat(levels), close.repeat(levels))
}

#[tokio::test]
async fn deeply_nested_values_are_refused_on_every_transport_and_the_process_lives() -> Result<()> {
    let app = TestApp::spawn().await?;
    let lists = format!("{{ nosuchfield(x: {}) }}", nested("[", "]", 2_000));
    let objects = format!("{{ nosuchfield(x: {}) }}", nested("{a:", "}", 2_000));
    let filters = format!(
        "{{ posts(filter: {}) {{ edges {{ cursor }} }} }}",
        "{not:".repeat(2_000) + &"}".repeat(2_000)
    );
    for query in [&lists, &objects, &filters] {
        let (status, code, message) = refusal(&app, query, json!({})).await?;
        assert_eq!(
            (status, code.as_str()),
            (400, "BAD_USER_INPUT"),
            "{message}"
        );
        assert!(message.contains("nests brackets"), "{message}");
        still_answers(&app).await?;
    }

    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", lists.as_str())])
        .header("accept", "application/graphql-response+json")
        .send()
        .await?;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    still_answers(&app).await?;

    let mut socket = Socket::connect(app.address, TRANSPORT_WS, None).await?;
    socket.start("deep", &lists, json!({})).await?;
    assert_eq!(socket.next_error_code().await?, "BAD_USER_INPUT");
    still_answers(&app).await?;
    // The socket itself is still served.
    socket.start("ok", "{ __typename }", json!({})).await?;
    loop {
        match socket.frame().await? {
            Frame::Next(value) if value["id"] == "ok" => {
                assert_eq!(value["payload"]["data"]["__typename"], "QueryRoot");
                break;
            }
            Frame::Next(_) | Frame::Complete => {}
            other => anyhow::bail!("the socket ended: {other:?}"),
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_fragment_bomb_is_refused_without_expanding_it() -> Result<()> {
    let app = TestApp::spawn().await?;
    let mut bomb = String::from("{ viewer { ...L30 } } fragment L0 on Viewer { id role }");
    for level in 1..=30 {
        let below = level - 1;
        bomb.push_str(&format!(
            " fragment L{level} on Viewer {{ ...L{below} ...L{below} }}"
        ));
    }
    let refused = tokio::time::timeout(PROMPTLY, refusal(&app, &bomb, json!({})))
        .await
        .context("the fragment bomb was not refused promptly")??;
    assert_eq!((refused.0, refused.1.as_str()), (400, "BAD_USER_INPUT"));
    assert!(
        refused.2.contains("once its fragments are expanded"),
        "{}",
        refused.2
    );

    let aliases = (0..150)
        .map(|n| format!("a{n}: __typename"))
        .collect::<Vec<_>>()
        .join(" ");
    let (status, code, message) = refusal(&app, &format!("{{ {aliases} }}"), json!({})).await?;
    assert_eq!((status, code.as_str()), (400, "BAD_USER_INPUT"));
    assert!(message.contains("root fields"), "{message}");
    still_answers(&app).await
}

/// graphql-js's `getIntrospectionQuery()`, as GraphiQL, codegen and Apollo tools send it.
const STANDARD_INTROSPECTION: &str = "query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name
      ofType { kind name } } } } } } } } }
}";

#[tokio::test]
async fn the_standard_introspection_query_passes_while_deep_data_queries_do_not() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.create_user("ada").await?;
    for token in [None, Some(user.token.as_str())] {
        let schema = app.query(token, STANDARD_INTROSPECTION, json!({})).await?;
        let types = schema["__schema"]["types"].as_array().context("no types")?;
        assert!(types.iter().any(|ty| ty["name"] == "Post"));
    }
    let deep = "{ posts(first: 1) { edges { node { author { posts(first: 1) { edges { node {
        author { posts(first: 1) { edges { node { author { id } } } } } } } } } } } } }";
    let (status, _, message) = refusal(&app, deep, json!({})).await?;
    assert_eq!(status, 400);
    assert!(message.contains("nested too deep"), "{message}");
    Ok(())
}

#[tokio::test]
async fn filters_count_toward_a_cap_and_a_statement_that_runs_too_long_is_cancelled() -> Result<()>
{
    let app = TestApp::spawn_with(Limits {
        statement_timeout_ms: 200,
        ..Limits::default()
    })
    .await?;
    let conditions: Vec<Value> = (0..7_000)
        .map(|n| json!({ "content": { "contains": format!("q{n}") } }))
        .collect();
    let (status, code, message) = refusal(
        &app,
        "query($f: CommentFilter) { comments(first: 1, filter: $f) { edges { cursor } } }",
        json!({ "f": { "or": conditions } }),
    )
    .await?;
    assert_eq!(
        (status, code.as_str()),
        (400, "BAD_USER_INPUT"),
        "{message}"
    );
    assert!(message.contains("filters hold more than"), "{message}");

    // A policy that makes every read of posts slow, in this test's own database.
    let author = app.create_user("ada").await?;
    app.create_post(&author, "slow to read", "public").await?;
    app.exec(
        "CREATE POLICY slow_reads ON posts AS RESTRICTIVE FOR SELECT USING (pg_sleep(0.5) IS NOT NULL)",
        [],
    )
    .await?;
    let code = app
        .error_code(
            None,
            "{ posts(first: 5) { edges { node { body } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(code, "TIMEOUT");
    still_answers(&app).await
}

#[tokio::test]
async fn integer_filters_are_range_checked_by_their_columns_width() -> Result<()> {
    let app = TestApp::spawn().await?;
    // `likesCount` is an `integer` column: 99,999,999,999 cannot be one of its values, so
    // the literal is refused as GraphQL's 32-bit `Int` is refused everywhere else.
    for (query, variables) in [
        (
            "{ posts(first: 1, filter: { likesCount: { lt: 99999999999 } }) { edges { cursor } } }",
            json!({}),
        ),
        (
            "query($n: Int) { posts(first: 1, filter: { likesCount: { in: [1, $n] } }) { edges { cursor } } }",
            json!({ "n": 2_147_483_648_i64 }),
        ),
    ] {
        let code = app.error_code(None, query, variables).await?;
        assert_eq!(code, "BAD_USER_INPUT", "{query}");
    }
    // A `bigint` column takes 64-bit values.
    let data = app
        .query(
            None,
            "{ contentItems(first: 1, filter: { viewsCount: { lt: 99999999999 } }) { edges { cursor } } }",
            json!({}),
        )
        .await?;
    assert!(data["contentItems"]["edges"].is_array(), "{data}");
    still_answers(&app).await
}

const SIGN_IN: &str = "mutation($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { userId }
}";
const PASSWORD: &str = "correct horse battery";

async fn sign_up(app: &TestApp, username: &str) -> Result<()> {
    app.query(
        None,
        "mutation($e: String!, $p: String!, $u: String!) { signUp(email: $e, password: $p, username: $u) { userId } }",
        json!({ "e": format!("{username}@example.com"), "p": PASSWORD, "u": username }),
    )
    .await?;
    Ok(())
}

/// The error code of one sign-in (`None` when it succeeds).
async fn sign_in_code(app: &TestApp, email: String, password: &str) -> Result<Option<String>> {
    let (_, body) = app
        .post_graphql(
            None,
            SIGN_IN,
            json!({ "email": email, "password": password }),
        )
        .await?;
    Ok(body["errors"][0]["extensions"]["code"]
        .as_str()
        .map(str::to_owned))
}

/// Another viewer's read, which must keep answering while sign-ins flood in.
async fn others_read(app: &TestApp, reader: &TestUser) -> Result<()> {
    let read = app.query(
        Some(&reader.token),
        "{ posts(first: 1) { edges { cursor } } }",
        json!({}),
    );
    tokio::time::timeout(common::WAIT, read)
        .await
        .context("another viewer's read did not answer")??;
    Ok(())
}

#[tokio::test]
async fn parallel_failed_sign_ins_neither_exhaust_the_pool_nor_fail_internally() -> Result<()> {
    let app = TestApp::spawn().await?;
    let reader = app.create_user("reader").await?;
    let attempts = (0..24).map(|n| sign_in_code(&app, format!("nobody{n}@example.com"), "guess"));
    let (codes, read) = tokio::join!(
        futures_util::future::join_all(attempts),
        others_read(&app, &reader)
    );
    read?;
    for code in codes {
        assert_eq!(code?.as_deref(), Some("UNAUTHENTICATED"));
    }
    still_answers(&app).await
}

#[tokio::test]
async fn a_burst_on_one_account_checks_no_more_passwords_than_the_lockout_allows() -> Result<()> {
    let app = TestApp::spawn().await?;
    sign_up(&app, "ada").await?;
    let reader = app.create_user("reader").await?;
    let attempts = (0..40).map(|n| {
        let password = if n == 20 { PASSWORD } else { "guess" };
        sign_in_code(&app, "ada@example.com".into(), password)
    });
    let (codes, read) = tokio::join!(
        futures_util::future::join_all(attempts),
        others_read(&app, &reader)
    );
    read?;
    let codes: Vec<Option<String>> = codes.into_iter().collect::<Result<_>>()?;
    for code in &codes {
        assert!(
            matches!(
                code.as_deref(),
                None | Some("UNAUTHENTICATED" | "TOO_MANY_ATTEMPTS")
            ),
            "{codes:?}"
        );
    }
    let failures = app
        .count(
            "SELECT count(*) FROM security_events WHERE kind = 'failed_login' AND account = $1",
            ["ada@example.com".into()],
        )
        .await?;
    let max = i64::from(Limits::default().sign_in_max_failures);
    assert!(
        failures <= max,
        "{failures} passwords failed, the lockout allows {max}"
    );
    let refused = codes
        .iter()
        .filter(|code| code.as_deref() == Some("UNAUTHENTICATED"))
        .count();
    assert_eq!(
        i64::try_from(refused)?,
        failures,
        "each refusal is one recorded failure"
    );
    still_answers(&app).await
}

#[tokio::test]
async fn one_client_flooding_sign_ins_is_told_at_once_beyond_two_passwords_in_line() -> Result<()> {
    // Loopback limited, as a remote client is.
    let app = TestApp::spawn_with(Limits {
        limit_loopback: true,
        ..Limits::default()
    })
    .await?;
    // Guesses at eight accounts at once (one account's attempts take turns anyway).
    let attempts = (0..8).map(|n| {
        app.post_graphql(
            None,
            SIGN_IN,
            json!({ "email": format!("nobody{n}@example.com"), "password": "guess" }),
        )
    });
    let answers: Vec<(u16, Value)> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .collect::<Result<_>>()?;
    let code = |body: &Value| body["errors"][0]["extensions"]["code"].clone();
    let (checked, refused): (Vec<_>, Vec<_>) = answers
        .iter()
        .partition(|(_, body)| code(body) == "UNAUTHENTICATED");
    // Its first two are checked; the others are refused without waiting in line ahead of
    // other clients' sign-ins, and say why.
    assert!(checked.len() >= 2, "{answers:?}");
    assert!(!refused.is_empty(), "{answers:?}");
    for (_, body) in refused {
        assert_eq!(code(body), "RATE_LIMITED", "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("2 of your passwords are already waiting or being checked"),
            "{message}"
        );
    }
    let failures = app
        .count(
            "SELECT count(*) FROM security_events WHERE kind = 'failed_login'",
            [],
        )
        .await?;
    assert_eq!(
        failures,
        i64::try_from(checked.len())?,
        "a refusal is not a failed password"
    );
    still_answers(&app).await
}

#[tokio::test]
async fn changing_address_within_an_ipv6_64_does_not_escape_the_sign_in_lockout() -> Result<()> {
    use std::sync::Arc;
    use switchyard_core::security::{PasswordCheck, SecurityLog, SignInVerdict};
    // The socket of a test is always loopback: the rule is driven with the addresses an
    // IPv6 client would pick, over the test's real database.
    let app = TestApp::spawn().await?;
    let limits = Limits::default();
    let log = SecurityLog::connect(&app.lease().url, &limits, Arc::default()).await?;
    let wrong_password =
        || async { Ok::<_, anyhow::Error>(PasswordCheck::Refused { owner: None }) };
    let attempt = |address: String| {
        let log = log.clone();
        async move {
            let address: std::net::IpAddr = address.parse()?;
            log.sign_in(Some(address), "ada@example.com", wrong_password())
                .await
        }
    };
    for host in 1..=limits.sign_in_max_failures {
        let verdict = attempt(format!("2001:db8:1:2::{host}")).await?;
        assert_eq!(verdict, SignInVerdict::Refused, "attempt {host}");
    }
    // A new address of the same /64 is still the same client: locked out, nothing checked.
    let verdict = attempt("2001:db8:1:2:ffff::1".into()).await?;
    assert!(
        matches!(verdict, SignInVerdict::LockedOut(seconds) if seconds > 0),
        "{verdict:?}"
    );
    // Another network is not.
    let verdict = attempt("2001:db8:1:3::1".into()).await?;
    assert_eq!(verdict, SignInVerdict::Refused);
    let recorded = app
        .count(
            "SELECT count(*) FROM security_events WHERE kind = 'brute_force_blocked' \
             AND ip = '2001:db8:1:2::/64'",
            [],
        )
        .await?;
    assert_eq!(recorded, 1);
    Ok(())
}

#[tokio::test]
async fn malformed_bodies_and_unstorable_text_are_the_clients_error_and_write_nothing() -> Result<()>
{
    let app = TestApp::spawn().await?;
    let user = app.create_user("ada").await?;
    for body in [
        r#"["{viewer{id}}",null,null]"#,
        "42",
        r#"{"query": "{ __typename }", "operationName": 7}"#,
    ] {
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .header("accept", "application/graphql-response+json")
            .body(body)
            .send()
            .await?;
        assert_eq!(response.status(), 400, "{body}");
        let answer: Value = response.json().await?;
        let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            !message.contains("RawRequest") && !message.contains("struct"),
            "{message}"
        );
    }

    let literal = r#"mutation { createPost(input: { body: "bad\u0000" }) { id } }"#;
    let (status, body) = app
        .post_graphql(Some(&user.token), literal, json!({}))
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "body");
    let (status, body) = app
        .post_graphql(
            None,
            SIGN_IN,
            json!({ "email": "a\u{0}@example.com", "password": "x" }),
        )
        .await?;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "email");

    // One mutation succeeds, the next fails: the request is rolled back, and the response
    // shows no row that was never committed.
    let too_long = "x".repeat(10_001);
    let (_, body) = app
        .post_graphql(
            Some(&user.token),
            "mutation($long: String!) { p1: createPost(input: { body: \"fine\" }) { id } p2: createPost(input: { body: $long }) { id } }",
            json!({ "long": too_long }),
        )
        .await?;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(
        app.count(
            "SELECT count(*) FROM posts WHERE author_id = $1",
            [user.id.into()]
        )
        .await?,
        0
    );
    still_answers(&app).await
}

#[tokio::test]
async fn websocket_clients_that_break_the_protocol_get_its_close_codes() -> Result<()> {
    let app = TestApp::spawn_with(Limits {
        max_subscriptions_per_socket: 2,
        ..Limits::default()
    })
    .await?;
    let user = app.create_user("ada").await?;

    let mut silent = Socket::open(app.address, TRANSPORT_WS).await?;
    let (code, _) = silent.expect_close().await?;
    assert_eq!(code, 4408, "a socket that never sends connection_init");

    let mut eager = Socket::open(app.address, TRANSPORT_WS).await?;
    eager.start("early", "{ __typename }", json!({})).await?;
    assert_eq!(
        eager.expect_close().await?.0,
        4401,
        "subscribe before connection_ack"
    );

    let mut confused = Socket::connect(app.address, TRANSPORT_WS, None).await?;
    confused
        .send_text(&json!({ "type": "nosuchtype", "id": "x".repeat(300) }).to_string())
        .await?;
    let (code, reason) = confused.expect_close().await?;
    assert_eq!(code, 4400, "{reason}");
    assert!(
        reason.len() <= 123,
        "a close reason of {} bytes",
        reason.len()
    );

    let mut greedy = Socket::connect(app.address, TRANSPORT_WS, Some(&user.token)).await?;
    let feed = "subscription($after: String) { notificationEvents(after: $after) { kind } }";
    for id in ["one", "two", "three"] {
        greedy.start(id, feed, json!({ "after": "cnQ6MA" })).await?;
    }
    assert_eq!(greedy.next_error_code().await?, "BAD_USER_INPUT");
    greedy.stop("one").await?;
    app.wait_for_subscriptions(1).await?;
    greedy
        .start("four", feed, json!({ "after": "cnQ6MA" }))
        .await?;
    app.wait_for_subscriptions(2).await?;
    still_answers(&app).await
}

#[tokio::test]
async fn one_client_holds_at_most_its_cap_of_subscriptions_on_all_its_sockets_and_streams()
-> Result<()> {
    let app = TestApp::spawn_with(Limits {
        max_subscriptions_per_socket: 2,
        max_subscriptions_per_client: 3,
        limit_loopback: true,
        ..Limits::default()
    })
    .await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    // With `after`, each runs alone rather than in a shared group.
    let feed = "subscription($after: String) { notificationEvents(after: $after) { kind } }";
    let after = json!({ "after": "cnQ6MA" });

    // Each socket is within its own cap of two; together they reach ada's three.
    let mut first = Socket::connect(app.address, TRANSPORT_WS, Some(&ada.token)).await?;
    first.start("one", feed, after.clone()).await?;
    first.start("two", feed, after.clone()).await?;
    let mut second = Socket::connect(app.address, TRANSPORT_WS, Some(&ada.token)).await?;
    second.start("three", feed, after.clone()).await?;
    app.wait_for_subscriptions(3).await?;
    second.start("four", feed, after.clone()).await?;
    let refusal = second.next_payload().await?;
    assert_eq!(refusal["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    let message = refusal["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("you hold 3 subscriptions open"),
        "{refusal}"
    );

    // Another transport counts against the same cap.
    let streamed = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&ada.token)
        .header("accept", "text/event-stream")
        .json(&json!({ "query": feed, "variables": after }))
        .send()
        .await?;
    let events = tokio::time::timeout(common::WAIT, streamed.text())
        .await
        .context("the refused stream did not end")??;
    assert!(
        events.contains("RATE_LIMITED") && events.contains("you hold 3 subscriptions open"),
        "{events}"
    );

    // Another user is not held to ada's cap.
    let mut bobs = Socket::connect(app.address, TRANSPORT_WS, Some(&bob.token)).await?;
    bobs.start("b", feed, after.clone()).await?;
    app.wait_for_subscriptions(4).await?;

    // Ending one of ada's subscriptions frees a place, whichever socket it was on.
    first.stop("one").await?;
    app.wait_for_subscriptions(3).await?;
    second.start("five", feed, after).await?;
    app.wait_for_subscriptions(4).await?;
    still_answers(&app).await
}

#[tokio::test]
async fn a_reused_operation_id_closes_with_4409_and_an_oversized_message_with_1009() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.create_user("ada").await?;

    // An id is free again once its operation completed.
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&user.token)).await?;
    for _ in 0..2 {
        socket.start("q", "{ __typename }", json!({})).await?;
        assert_eq!(socket.next_data("__typename").await?, "QueryRoot");
        socket.expect_complete().await?;
    }
    // A subscribe reusing the id of a running subscription ends the socket.
    let feed = "subscription($after: String) { notificationEvents(after: $after) { kind } }";
    socket
        .start("feed", feed, json!({ "after": "cnQ6MA" }))
        .await?;
    app.wait_for_subscriptions(1).await?;
    socket
        .start("feed", feed, json!({ "after": "cnQ6MA" }))
        .await?;
    let (code, reason) = socket.expect_close().await?;
    assert_eq!(
        (code, reason.as_str()),
        (4409, "Subscriber for feed already exists")
    );
    app.wait_for_subscriptions(0).await?;

    // A 10 MB message: a close frame the client can read, not a reset connection.
    let mut flood = Socket::connect(app.address, TRANSPORT_WS, Some(&user.token)).await?;
    let payload = json!({ "query": "{ __typename }", "variables": { "x": "x".repeat(10 << 20) } });
    flood
        .send_text_unflushed(
            json!({ "type": "subscribe", "id": "big", "payload": payload }).to_string(),
        )
        .await?;
    let (code, reason) = flood.expect_close().await?;
    assert_eq!(code, 1009, "{reason}");
    assert!(reason.contains("65536"), "{reason}");
    still_answers(&app).await
}

/// `GET /healthz` on a connection of its own; the whole answer, status line first.
async fn raw_get(app: &TestApp) -> Result<String> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(app.address).await?;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: switchyard\r\nconnection: close\r\n\r\n")
        .await?;
    let mut answer = String::new();
    tokio::time::timeout(common::WAIT, stream.read_to_string(&mut answer))
        .await
        .context("no answer")??;
    Ok(answer)
}

#[tokio::test]
async fn one_address_holds_at_most_its_cap_of_connections_and_the_next_is_told_why() -> Result<()> {
    let capped = Limits {
        max_connections_per_address: 4,
        limit_loopback: true,
        ..Limits::default()
    };
    let app = TestApp::spawn_with(capped).await?;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(tokio::net::TcpStream::connect(app.address).await?);
    }
    let refused = raw_get(&app).await?;
    assert!(
        refused.starts_with("HTTP/1.1 429 Too Many Requests"),
        "{refused}"
    );
    assert!(refused.contains("retry-after: 10"), "{refused}");
    assert!(refused.contains(r#""code":"RATE_LIMITED""#), "{refused}");
    assert!(refused.contains("at most 4"), "{refused}");

    // A closed connection frees its place (once the server has seen it close).
    idle.pop();
    let deadline = tokio::time::Instant::now() + common::WAIT;
    loop {
        let answer = raw_get(&app).await?;
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        ensure!(
            tokio::time::Instant::now() < deadline,
            "still refused: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // By default loopback clients (tests, benchmarks, the operator) are not counted.
    let local = TestApp::spawn_with(Limits {
        limit_loopback: false,
        ..capped
    })
    .await?;
    let mut many = Vec::new();
    for _ in 0..10 {
        many.push(tokio::net::TcpStream::connect(local.address).await?);
    }
    let answer = raw_get(&local).await?;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(idle);
    still_answers(&app).await
}

/// Everything the server sends on `stream` until it closes the connection.
async fn until_closed(stream: &mut tokio::net::TcpStream) -> Result<String> {
    use tokio::io::AsyncReadExt as _;
    let mut answer = Vec::new();
    tokio::time::timeout(common::WAIT, stream.read_to_end(&mut answer))
        .await
        .context("the server kept the connection open")??;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn clients_that_send_nothing_or_trickle_a_request_are_cut_off_at_the_read_deadline()
-> Result<()> {
    use tokio::io::AsyncWriteExt as _;
    let app = TestApp::spawn_with(Limits {
        read_timeout_ms: 500,
        ..Limits::default()
    })
    .await?;
    let mut silent = tokio::net::TcpStream::connect(app.address).await?;
    let mut slow_head = tokio::net::TcpStream::connect(app.address).await?;
    slow_head
        .write_all(b"POST /graphql HTTP/1.1\r\nhost: x\r\n")
        .await?;
    let mut slow_body = tokio::net::TcpStream::connect(app.address).await?;
    slow_body
        .write_all(
            b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
              content-length: 100\r\n\r\n{",
        )
        .await?;
    // Each keeps sending a little, as a slowloris client does, while the others are served.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        slow_head.write_all(b"x-more: 1\r\n").await?;
        slow_body.write_all(b" ").await?;
        still_answers(&app).await?;
    }

    // Nothing came: the connection is closed without a word.
    assert_eq!(until_closed(&mut silent).await?, "");
    // A head that never ended cannot be answered either.
    assert_eq!(until_closed(&mut slow_head).await?, "");
    // A body that never ended is told why.
    let answer = until_closed(&mut slow_body).await?;
    assert!(
        answer.starts_with("HTTP/1.1 408 Request Timeout"),
        "{answer}"
    );
    assert!(answer.contains(r#""code":"BAD_USER_INPUT""#), "{answer}");
    assert!(
        answer.contains("the request body did not arrive within 500 ms"),
        "{answer}"
    );
    // A client that sends its request in time, on a kept-alive connection, is served.
    still_answers(&app).await?;
    still_answers(&app).await
}

/// A page of 50 posts: complexity 151, more than the small buckets below hold.
const EXPENSIVE: &str = "{ posts(first: 50) { edges { node { id body } } } }";

/// The status, `Retry-After` header and first error of a POST.
async fn limited(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
) -> Result<(u16, Option<u64>, Value)> {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": query }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok());
    let body: Value = response.json().await?;
    Ok((status, retry_after, body["errors"][0].clone()))
}

/// Waits until the security events of `kind` from loopback add up to `count` (counts of
/// repeated refusals are written every second); returns their rows.
async fn refusal_rows(app: &TestApp, kind: &str, count: i64) -> Result<i64> {
    let deadline = tokio::time::Instant::now() + common::WAIT;
    loop {
        let counted = app
            .count(
                "SELECT coalesce(sum((details ->> 'count')::bigint), 0)::bigint FROM security_events \
                 WHERE kind = $1 AND ip = '127.0.0.1'",
                [kind.into()],
            )
            .await?;
        if counted == count {
            return app
                .count(
                    "SELECT count(*) FROM security_events WHERE kind = $1 AND ip = '127.0.0.1'",
                    [kind.into()],
                )
                .await;
        }
        ensure!(
            tokio::time::Instant::now() < deadline,
            "{counted} refusals recorded, not {count}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_address_over_its_rate_limit_gets_429_weighted_by_query_cost_and_one_event_row()
-> Result<()> {
    // 100 points a second, 100 at once; loopback limited, as a remote client is.
    let small = Limits {
        limit_loopback: true,
        rate_limit_address: 100,
        rate_limit_user: 0,
        rate_limit_burst_seconds: 1,
        ..Limits::default()
    };
    let app = TestApp::spawn_with(small).await?;
    let (status, _, error) = limited(&app, None, EXPENSIVE).await?;
    assert_eq!(status, 200, "a full bucket pays for the page: {error}");
    let mut refusals = 0;
    for _ in 0..3 {
        let (status, retry_after, error) = limited(&app, None, EXPENSIVE).await?;
        assert_eq!(status, 429, "{error}");
        assert_eq!(error["extensions"]["code"], "RATE_LIMITED");
        assert_eq!(retry_after, Some(1), "{error}");
        assert_eq!(error["extensions"]["retryAfter"], 1);
        assert!(
            error["message"]
                .as_str()
                .unwrap_or_default()
                .contains("your address"),
            "{error}"
        );
        refusals += 1;
    }
    // A cheap operation needs a point or two, refilled in milliseconds; the page still waits.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, _, error) = limited(&app, None, "{ viewer { id } }").await?;
    assert_eq!(status, 200, "{error}");
    let (status, _, _) = limited(&app, None, EXPENSIVE).await?;
    assert_eq!(status, 429);
    refusals += 1;
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let (status, _, error) = limited(&app, None, EXPENSIVE).await?;
    assert_eq!(
        status, 200,
        "after Retry-After the page runs again: {error}"
    );
    assert_eq!(
        refusal_rows(&app, "suspicious_activity", refusals).await?,
        1,
        "the refusals from one address are one row with their count"
    );

    // Loopback is not limited by default.
    let local = TestApp::spawn_with(Limits {
        limit_loopback: false,
        ..small
    })
    .await?;
    for _ in 0..5 {
        assert_eq!(limited(&local, None, EXPENSIVE).await?.0, 200);
    }
    still_answers(&app).await
}

#[tokio::test]
async fn a_user_over_their_rate_limit_is_refused_while_others_at_the_same_address_are_not()
-> Result<()> {
    let app = TestApp::spawn_with(Limits {
        limit_loopback: true,
        rate_limit_address: 0,
        rate_limit_user: 100,
        rate_limit_burst_seconds: 1,
        ..Limits::default()
    })
    .await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    assert_eq!(limited(&app, Some(&ada.token), EXPENSIVE).await?.0, 200);
    let (status, retry_after, error) = limited(&app, Some(&ada.token), EXPENSIVE).await?;
    assert_eq!((status, retry_after), (429, Some(1)), "{error}");
    assert_eq!(error["extensions"]["code"], "RATE_LIMITED");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("your account"),
        "{error}"
    );
    assert_eq!(limited(&app, Some(&bob.token), EXPENSIVE).await?.0, 200);
    assert_eq!(
        limited(&app, None, EXPENSIVE).await?.0,
        200,
        "anonymous: no user limit"
    );

    // Over a WebSocket the refusal is the operation's error.
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&ada.token)).await?;
    socket.start("page", EXPENSIVE, json!({})).await?;
    assert_eq!(socket.next_error_code().await?, "RATE_LIMITED");
    still_answers(&app).await
}

#[tokio::test]
async fn a_flood_of_bad_tokens_is_one_security_event_row_with_its_count() -> Result<()> {
    let app = TestApp::spawn().await?;
    for _ in 0..300 {
        let (status, _) = app
            .post_graphql(Some("garbage"), "{ __typename }", json!({}))
            .await?;
        assert_eq!(status, 401);
    }
    assert_eq!(refusal_rows(&app, "invalid_token", 300).await?, 1);
    still_answers(&app).await
}

/// Every column holding a secret: hashes, ciphertexts and the payment provider's ids.
const SECRET_COLUMNS: [(&str, &str); 6] = [
    ("users", "password_hash"),
    ("api_keys", "key_hash"),
    ("profiles", "stripe_customer_id"),
    ("profiles", "stripe_subscription_id"),
    ("connector_credentials", "access_token_encrypted"),
    ("connector_credentials", "refresh_token_encrypted"),
];

/// Runs `sql` in a transaction as `role` (with `user`'s claims when given), as a policy bug
/// or an injected statement would; returns the database's refusal, if any.
async fn select_as(
    app: &TestApp,
    role: &str,
    user: Option<Uuid>,
    sql: &str,
) -> Result<Option<String>> {
    use sea_orm::ConnectionTrait as _;
    let tx = app.begin_as(role, user).await?;
    let outcome = tx.execute_unprepared(sql).await;
    tx.rollback().await?;
    Ok(outcome.err().map(|error| error.to_string()))
}

#[tokio::test]
async fn no_api_role_can_select_a_secret_column_and_the_gateway_still_reads_those_tables()
-> Result<()> {
    let app = TestApp::spawn().await?;
    sign_up(&app, "ada").await?;
    let signed_in = app
        .query(
            None,
            "mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token } }",
            json!({ "email": "ada@example.com", "password": PASSWORD }),
        )
        .await
        .context("signing in with the right password works")?;
    let token = signed_in["signIn"]["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let ada: String = app
        .value(
            "SELECT id::text FROM users WHERE email = 'ada@example.com'",
            [],
        )
        .await?;
    app.exec(
        "UPDATE profiles SET stripe_customer_id = 'cus_secret', stripe_subscription_id = 'sub_secret'",
        [],
    )
    .await?;
    let created = app
        .query(
            Some(&token),
            "mutation { createApiKey(name: \"ci\") { key apiKey { keyPrefix } } }",
            json!({}),
        )
        .await?;
    let key = created["createApiKey"]["key"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // The database itself refuses, whoever asks and whichever row: not only "no rows".
    let ada: Uuid = ada.parse()?;
    for (role, user) in [("anon", None), ("authenticated", Some(ada))] {
        for (table, column) in SECRET_COLUMNS {
            let refusal = select_as(&app, role, user, &format!("SELECT {column} FROM {table}"))
                .await?
                .with_context(|| format!("{role} selected {table}.{column}"))?;
            assert!(
                refusal.contains("permission denied"),
                "{role} on {table}.{column}: {refusal}"
            );
        }
        let everything = select_as(&app, role, user, "SELECT * FROM users").await?;
        assert!(everything.is_some(), "{role} selected users.*");
        for readable in [
            "SELECT id, email, role, last_login_at FROM users",
            "SELECT id, key_prefix, scopes, revoked_at FROM api_keys",
            "SELECT id, username, tier, subscription_status FROM profiles",
        ] {
            assert_eq!(
                select_as(&app, role, user, readable).await?,
                None,
                "{role}: {readable}"
            );
        }
    }

    // The gateway's own reads of those tables, as the owner and through the API key.
    let me = app
        .query(
            Some(&token),
            "{ viewer { user { email apiKeys(first: 5) { edges { node { keyPrefix } } } } profile { username } } }",
            json!({}),
        )
        .await?;
    assert_eq!(me["viewer"]["user"]["email"], "ada@example.com");
    assert_eq!(
        me["viewer"]["user"]["apiKeys"]["edges"][0]["node"]["keyPrefix"],
        created["createApiKey"]["apiKey"]["keyPrefix"]
    );
    assert_eq!(me["viewer"]["profile"]["username"], "ada");
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("x-api-key", key)
        .json(&json!({ "query": "{ viewer { id profile { username } } }" }))
        .send()
        .await?;
    let through_key: Value = response.json().await?;
    assert_eq!(
        through_key["data"]["viewer"]["id"],
        json!(ada),
        "{through_key}"
    );
    let public = app
        .query(
            None,
            "{ profiles(first: 5) { edges { node { username } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(public["profiles"]["edges"][0]["node"]["username"], "ada");
    still_answers(&app).await
}

#[tokio::test]
async fn many_counts_in_one_request_stop_at_the_requests_time_limit() -> Result<()> {
    // Every count is quick; together they would keep the request's transaction open for
    // far longer than one statement may run.
    let app = TestApp::spawn_with(Limits {
        statement_timeout_ms: 50,
        ..Limits::default()
    })
    .await?;
    let author = app.create_user("prolific").await?;
    app.exec(
        "INSERT INTO posts (author_id, body, visibility)
         SELECT $1, 'post ' || g, 'public' FROM generate_series(1, 20000) g",
        [author.id.into()],
    )
    .await?;
    let counts: String = (0..400).map(|i| format!("c{i}: totalCount ")).collect();
    let (status, body) = app
        .post_graphql(
            None,
            &format!("{{ posts(first: 1) {{ {counts} }} }}"),
            json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    let errors = body["errors"].as_array().cloned().unwrap_or_default();
    let timeout = errors
        .iter()
        .find(|error| error["extensions"]["code"] == "TIMEOUT")
        .with_context(|| format!("no TIMEOUT among {body}"))?;
    let message = timeout["message"].as_str().unwrap_or_default();
    assert!(message.contains("ran longer than 0.05 s"), "{message}");
    still_answers(&app).await
}

/// Readers outnumbering the pool, each reading again as soon as it is answered, beside a
/// writer: a query's connection passes to the next request without going back to the pool
/// (its COMMIT travels with that request's start), so the requests waiting for the pool must
/// get it in turn all the same. None waits out the pool's wait of one second.
#[tokio::test]
async fn readers_outnumbering_the_pool_each_get_their_turn() -> Result<()> {
    let app = TestApp::spawn_with_pool(PoolSize {
        connections: 2,
        wait: Duration::from_secs(1),
    })
    .await?;
    let ada = app.create_user("ada").await?;
    app.create_post(&ada, "hello", "public").await?;
    let until = std::time::Instant::now() + Duration::from_secs(3);
    let ask = async |token: Option<&str>, document: &str| {
        let mut answered = 0_u32;
        while std::time::Instant::now() < until {
            let (status, body) = app.post_graphql(token, document, json!({})).await?;
            ensure!(status == 200 && body.get("errors").is_none(), "{body}");
            answered += 1;
        }
        anyhow::Ok(answered)
    };
    let read = "{ posts(first: 5) { edges { node { body author { username } } } } }";
    let write = "mutation { updateProfile(input: { bio: \"still writing\" }) { bio } }";
    let readers = futures_util::future::join_all((0..8).map(|_| ask(None, read)));
    let (readers, writes) = tokio::join!(readers, ask(Some(&ada.token), write));
    for answered in readers {
        ensure!(answered? > 0);
    }
    ensure!(writes? > 0);
    Ok(())
}

/// A write blocked on a row lock holds the server's only connection. A read arriving
/// meanwhile waits the pool's wait once, not once per field, and every field is answered
/// `SERVER_BUSY` with nothing run; once the lock is released the write completes and the
/// next read is answered in full.
#[tokio::test]
async fn a_request_that_finds_no_free_connection_is_told_the_server_is_busy() -> Result<()> {
    let wait = Duration::from_secs(1);
    let app = TestApp::spawn_with_pool(PoolSize {
        connections: 1,
        wait,
    })
    .await?;
    let ada = app.create_user("ada").await?;
    let locker = lock_profile(&app, &ada).await?;
    let update = "mutation { updateProfile(input: { bio: \"written after the lock\" }) { bio } }";
    let write = app.post_graphql(Some(&ada.token), update, json!({}));
    let read = async {
        // The write has taken the connection once it waits for the lock.
        while waiting_on_locks(&app).await? == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let started = std::time::Instant::now();
        let fields = "{ a: posts(first: 1) { edges { cursor } } b: profiles(first: 1) { edges { cursor } }
                        c: posts(first: 2) { edges { cursor } } d: profiles(first: 2) { edges { cursor } } }";
        let (_, busy) = app.post_graphql(None, fields, json!({})).await?;
        let waited = started.elapsed();
        locker.rollback().await?;
        anyhow::Ok((busy, waited))
    };
    let (written, read) = tokio::join!(write, read);
    let (busy, waited) = read?;
    let errors = busy["errors"].as_array().context("no errors")?;
    ensure!(errors.len() == 4, "{busy}");
    for error in errors {
        ensure!(error["extensions"]["code"] == "SERVER_BUSY", "{busy}");
        let message = error["message"].as_str().unwrap_or_default();
        ensure!(message.contains("nothing of this request ran"), "{message}");
    }
    // One wait for the request, not one per field (four would be 4 s).
    ensure!(waited < wait * 3, "the busy request took {waited:?}");
    let (status, written) = written?;
    ensure!(status == 200, "{written}");
    ensure!(
        written["data"]["updateProfile"]["bio"] == "written after the lock",
        "{written}"
    );
    let answered = app
        .query(None, "{ posts(first: 1) { edges { cursor } } }", json!({}))
        .await?;
    ensure!(answered["posts"]["edges"].is_array(), "{answered}");
    Ok(())
}

/// A request over its client's share waits the pool's wait once in all, for its place and
/// then for a connection, not once for each: here Ada's place comes free only when her
/// first write gives up, and the operator's workers have every connection by then.
#[tokio::test]
async fn a_request_waits_the_pools_wait_once_for_its_place_and_a_connection_together() -> Result<()>
{
    let wait = Duration::from_secs(1);
    let app = TestApp::spawn_with_pool_and_limits(
        // A share of one connection each.
        PoolSize {
            connections: 2,
            wait,
        },
        Limits {
            limit_loopback: true,
            statement_timeout_ms: 700,
            ..Limits::default()
        },
    )
    .await?;
    let ada = app.create_user("ada").await?;
    // Workers with `service_role` tokens are held to no share; these write Ada's profile.
    let worker = app.token(Some(ada.id), switchyard_core::auth::Role::ServiceRole)?;
    let locker = lock_profile(&app, &ada).await?;
    let update = "mutation { updateProfile(input: { bio: \"after the lock\" }) { bio } }";
    let writes_waiting = async |wanted: i64| {
        let deadline = tokio::time::Instant::now() + common::WAIT;
        while waiting_on_locks(&app).await? < wanted {
            ensure!(
                tokio::time::Instant::now() < deadline,
                "writes never blocked"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        anyhow::Ok(())
    };

    // Ada's first write holds her place and one connection until its statement times out
    // (0.7 s); a worker holds the other connection.
    let first = app.post_graphql(Some(&ada.token), update, json!({}));
    let held = app.post_graphql(Some(&worker), update, json!({}));
    let second = async {
        writes_waiting(2).await?;
        // Another worker queues for the pool, and Ada's second write for her place.
        let queued = app.post_graphql(Some(&worker), update, json!({}));
        let late = async {
            let started = std::time::Instant::now();
            let answer = app.post_graphql(Some(&ada.token), update, json!({})).await;
            let waited = started.elapsed();
            locker.rollback().await?;
            anyhow::Ok((answer, waited))
        };
        let (queued, late) = tokio::join!(queued, late);
        anyhow::Ok((queued, late?))
    };
    let (first, held, second) = tokio::join!(first, held, second);
    let (queued, (late, waited)) = second?;
    let (_, busy) = late?;
    let codes: Vec<_> = busy["errors"]
        .as_array()
        .context("no errors")?
        .iter()
        .map(|error| error["extensions"]["code"].clone())
        .collect();
    ensure!(codes == [json!("SERVER_BUSY")], "{busy}");
    // One wait in all; one for the place (0.7 s) and another for a connection is 1.7 s.
    ensure!(
        waited >= wait * 9 / 10 && waited < wait * 14 / 10,
        "the busy request took {waited:?}"
    );
    let (_, first) = first?;
    ensure!(
        first["errors"][0]["extensions"]["code"] == "TIMEOUT",
        "{first}"
    );
    for (_, written) in [held?, queued?] {
        ensure!(
            written["data"]["updateProfile"]["bio"] == "after the lock",
            "{written}"
        );
    }
    Ok(())
}

/// A transaction holding `user`'s profile row locked, as a long write would, until it ends.
async fn lock_profile(app: &TestApp, user: &TestUser) -> Result<sea_orm::DatabaseTransaction> {
    let locker = app.db.begin().await?;
    locker
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 FROM profiles WHERE id = $1 FOR UPDATE",
            [user.id.into()],
        ))
        .await?;
    Ok(locker)
}

/// Statements waiting for a lock in this test's database.
async fn waiting_on_locks(app: &TestApp) -> Result<i64> {
    app.count(
        "SELECT count(*) FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND datname = current_database()",
        [],
    )
    .await
}

/// The server's reads of posts waiting for a lock on it in this test's database (its
/// policy watch may wait on the lock too).
async fn reads_of_posts_waiting(app: &TestApp) -> Result<i64> {
    app.count(
        "SELECT count(*) FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND datname = current_database()
           AND query LIKE 'SELECT \"posts\".%'",
        [],
    )
    .await
}

/// One client's requests that each hold a connection for long (here reads of a table
/// someone has locked; in the wild, a document of aliased counts over a large table) take
/// at most half of the pool: another client is still answered at once, and the client's
/// requests beyond its share wait the pool's wait, then are told why, with nothing run.
#[tokio::test]
async fn one_clients_slow_requests_hold_at_most_half_the_pool_and_others_are_still_answered()
-> Result<()> {
    let wait = Duration::from_secs(1);
    let app = TestApp::spawn_with_pool_and_limits(
        PoolSize {
            connections: 8,
            wait,
        },
        // Loopback is held to shares as any other address.
        Limits {
            limit_loopback: true,
            ..Limits::default()
        },
    )
    .await?;
    let ada = app.create_user("ada").await?;
    let locker = app.db.begin().await?;
    locker
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            "LOCK TABLE posts IN ACCESS EXCLUSIVE MODE",
        ))
        .await?;

    // An anonymous client sends as many reads of posts as the pool has connections.
    let finished = std::cell::Cell::new(0);
    let hostile = futures_util::future::join_all((0..8).map(|_| async {
        let answer = app
            .post_graphql(None, "{ posts(first: 1) { edges { cursor } } }", json!({}))
            .await;
        finished.set(finished.get() + 1);
        answer
    }));
    let meanwhile = async {
        let deadline = tokio::time::Instant::now() + common::WAIT;
        while reads_of_posts_waiting(&app).await? < 4 {
            ensure!(
                tokio::time::Instant::now() < deadline,
                "reads never blocked"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let others = tokio::time::timeout(
            PROMPTLY,
            app.query(
                Some(&ada.token),
                "{ profiles(first: 1) { edges { node { username } } } }",
                json!({}),
            ),
        )
        .await
        .context("another client waited behind the first one's requests")??;
        ensure!(others["profiles"]["edges"].is_array(), "{others}");
        // The four beyond the share are refused once the pool's wait is over.
        while finished.get() < 4 {
            ensure!(
                tokio::time::Instant::now() < deadline,
                "nothing was refused"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let holding = reads_of_posts_waiting(&app).await?;
        ensure!(holding == 4, "the client held {holding} connections");
        locker.rollback().await?;
        anyhow::Ok(())
    };
    let (answers, checked) = tokio::join!(hostile, meanwhile);
    checked?;
    let mut read = 0;
    for answer in answers {
        let (status, body) = answer?;
        ensure!(status == 200, "{body}");
        if body["data"]["posts"]["edges"].is_array() {
            read += 1;
            continue;
        }
        let error = &body["errors"][0];
        ensure!(error["extensions"]["code"] == "SERVER_BUSY", "{body}");
        let message = error["message"].as_str().unwrap_or_default();
        ensure!(
            message.contains("hold all 4 of the database connections one client may use"),
            "{message}"
        );
        ensure!(message.contains("nothing of this request ran"), "{message}");
    }
    ensure!(
        read == 4,
        "{read} reads answered once the lock was released"
    );
    still_answers(&app).await
}
