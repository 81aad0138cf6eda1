//! GraphQL over HTTP as a client sees it: status codes, media types, authentication
//! refusals, limits, GraphiQL and metrics.

use crate::common;

use anyhow::Result;
use common::TestApp;
use serde_json::{Value, json};
use switchyard_core::config::Limits;

async fn raw_post(
    app: &TestApp,
    content_type: &str,
    accept: &str,
    body: &str,
) -> Result<(u16, Value)> {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", content_type)
        .header("accept", accept)
        .body(body.to_owned())
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

#[tokio::test]
async fn broken_requests_get_4xx_with_a_graphql_error_body() -> Result<()> {
    let app = TestApp::spawn().await?;
    let gql = "application/graphql-response+json";

    let (status, body) = raw_post(&app, "application/json", gql, "{not json").await?;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");

    let (status, body) = raw_post(&app, "application/json", gql, r#"{"variables": {}}"#).await?;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("`query` is missing")
    );

    let (status, _) = raw_post(
        &app,
        "application/json",
        gql,
        r#"{"query": "{ __typename }", "variables": "x"}"#,
    )
    .await?;
    assert_eq!(status, 400, "variables must be an object");

    let (status, _) = raw_post(&app, "text/plain", gql, r#"{"query": "{ __typename }"}"#).await?;
    assert_eq!(status, 415);

    let (status, _) = raw_post(
        &app,
        "application/json",
        "text/html",
        r#"{"query": "{ __typename }"}"#,
    )
    .await?;
    assert_eq!(status, 406);

    let (status, body) = raw_post(
        &app,
        "application/json",
        gql,
        r#"{"query": "{ posts(first: 1) { nope } }"}"#,
    )
    .await?;
    assert_eq!(status, 400, "a validation error is a request error: {body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(
        body.get("data"),
        None,
        "nothing ran, so no data entry: {body}"
    );

    let (status, body) = raw_post(&app, "application/json", gql, r#"{"query": "{"}"#).await?;
    assert_eq!(status, 400, "a parse error is a request error: {body}");
    assert_eq!(
        body.get("data"),
        None,
        "nothing ran, so no data entry: {body}"
    );

    let (status, body) = raw_post(&app, "application/json", gql, r#"{"query": "query($n: Int) { posts(first: $n) { edges { cursor } } }", "variables": {"n": "ten"}}"#).await?;
    assert_eq!(
        status, 400,
        "a variable of the wrong type is a request error: {body}"
    );

    // Legacy clients asking for application/json always get 200.
    let (status, body) = raw_post(
        &app,
        "application/json",
        "application/json",
        r#"{"query": "{ posts(first: 1) { nope } }"}"#,
    )
    .await?;
    assert_eq!(status, 200);
    assert!(body["errors"].is_array());
    assert_eq!(
        body.get("data"),
        None,
        "nothing ran, so no data entry: {body}"
    );
    Ok(())
}

#[tokio::test]
async fn get_runs_queries_and_refuses_mutations() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[
            (
                "query",
                "query Q($n: Int) { posts(first: $n) { pageInfo { hasNextPage } } }",
            ),
            ("variables", r#"{"n": 2}"#),
        ])
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    let body: Value = response.json().await?;
    assert_eq!(body["data"]["posts"]["pageInfo"]["hasNextPage"], false);

    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "mutation { __typename }")])
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    Ok(())
}

#[tokio::test]
async fn bad_tokens_are_refused_with_401_and_say_why() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.create_user("alice").await?;
    let now = chrono::Utc::now().timestamp();
    let expired =
        app.sign_claims(&json!({ "sub": user.id, "role": "authenticated", "exp": now - 600 }))?;
    let owner_role =
        app.sign_claims(&json!({ "sub": user.id, "role": "postgres", "exp": now + 600 }))?;
    let forged = {
        let key = jsonwebtoken::EncodingKey::from_secret(b"somebody-elses-secret-0123456789");
        jsonwebtoken::encode(
            &jsonwebtoken::Header::default(),
            &json!({ "sub": user.id, "role": "authenticated", "exp": now + 600 }),
            &key,
        )?
    };
    // Unsigned (`alg: none`) and signed with another algorithm: the message names what
    // the gateway accepts, not the list of algorithms its JWT library knows.
    let unsigned = {
        use base64::Engine as _;
        let part = |value: Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
        };
        format!(
            "{}.{}.",
            part(json!({ "alg": "none", "typ": "JWT" })),
            part(json!({ "sub": user.id, "role": "service_role", "exp": now + 600 }))
        )
    };
    let other_algorithm = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS512),
        &json!({ "sub": user.id, "role": "authenticated", "exp": now + 600 }),
        &jsonwebtoken::EncodingKey::from_secret(b"somebody-elses-secret-0123456789"),
    )?;
    for (token, expected) in [
        (
            unsigned.as_str(),
            "malformed token: only HS256 tokens are accepted",
        ),
        (
            other_algorithm.as_str(),
            "malformed token: only HS256 tokens are accepted",
        ),
        (expired.as_str(), "token expired"),
        (forged.as_str(), "bad token signature"),
        ("not-a-jwt", "malformed token"),
        (owner_role.as_str(), "token role is not allowed"),
    ] {
        let (status, body) = app
            .post_graphql(Some(token), "{ viewer { id } }", json!({}))
            .await?;
        assert_eq!(status, 401, "{expected}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(expected),
            "{message:?} should say {expected:?}"
        );
    }
    let data = app
        .query(Some(&user.token), "{ viewer { id role } }", json!({}))
        .await?;
    assert_eq!(data["viewer"]["id"], user.id.to_string());
    assert_eq!(data["viewer"]["role"], "authenticated");
    let data = app.query(None, "{ viewer { id role } }", json!({})).await?;
    assert_eq!(data["viewer"], json!({ "id": null, "role": "anon" }));
    Ok(())
}

#[tokio::test]
async fn deep_complex_and_oversized_requests_are_refused() -> Result<()> {
    // Depth 7 admits the wide query (7 levels) so that its complexity is what refuses it.
    let app = TestApp::spawn_with(Limits {
        max_depth: 7,
        max_complexity: 500,
        max_body_bytes: 2_000,
        ..Limits::default()
    })
    .await?;
    let deep = "{ posts(first: 1) { edges { node { author { posts(first: 1) { edges { node { id } } } } } } } }";
    let (status, body) = app.post_graphql(None, deep, json!({})).await?;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("nested too deep"),
        "{body}"
    );

    let wide = "{ posts(first: 100) { edges { node { comments(first: 100) { edges { node { id } } } } } } }";
    let (status, body) = app.post_graphql(None, wide, json!({})).await?;
    assert_eq!(status, 400);
    let message = body["errors"][0]["message"].as_str().unwrap_or("");
    // The refusal says what the limit is and how a query's cost is counted.
    assert!(message.contains("too complex"), "{body}");
    assert!(message.contains("at most 500"), "{body}");
    assert!(message.contains("page size"), "{body}");

    let huge = format!("{{ __typename }} # {}", "x".repeat(5_000));
    let (status, body) = app.post_graphql(None, &huge, json!({})).await?;
    assert_eq!(status, 413);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("larger than 2000 bytes")
    );

    let (status, body) = app
        .post_graphql(
            None,
            "{ posts(first: 101) { edges { cursor } } }",
            json!({}),
        )
        .await?;
    assert_eq!(status, 200);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "first");
    // A page far beyond the bound is told the bound too, not that the query is too complex.
    let (status, body) = app
        .post_graphql(
            None,
            "{ posts(first: 100000) { edges { cursor } } }",
            json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "first", "{body}");
    assert_eq!(
        body["errors"][0]["message"], "`first` must be between 0 and 100",
        "{body}"
    );
    Ok(())
}

#[tokio::test]
async fn graphiql_is_served_offline_and_metrics_count_statements() -> Result<()> {
    let app = TestApp::spawn().await?;
    let page = app.client.get(app.url("/")).send().await?;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await?;
    assert!(html.contains("GraphiQL"));
    let mut assets = 0;
    for source in html
        .split(['"', '\''])
        .filter(|part| part.starts_with("vendor/"))
    {
        let asset = app
            .client
            .get(app.url(&format!("/{source}")))
            .send()
            .await?;
        assert_eq!(asset.status().as_u16(), 200, "{source} must be served");
        assets += 1;
    }
    assert!(
        assets >= 3,
        "the page loads its scripts and styles from vendor/"
    );
    assert!(
        !html.contains("http://")
            && !html.contains("https://")
            && !html.contains("//unpkg")
            && !html.contains("cdn"),
        "no request may leave the machine"
    );

    app.query(None, "{ posts(first: 1) { edges { cursor } } }", json!({}))
        .await?;
    let statements = app.metric("switchyard_sql_statements_total").await?;
    assert!(
        statements >= 3,
        "BEGIN, role switch, select, COMMIT: {statements}"
    );
    assert_eq!(
        app.metric("switchyard_graphql_request_duration_seconds_count")
            .await?,
        1
    );
    Ok(())
}
