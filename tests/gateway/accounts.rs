//! Accounts: signing up and in, profiles, settings and API keys, with every refusal.

use crate::common;

use anyhow::Result;
use common::TestApp;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::json;

const SIGN_UP: &str = "mutation($email: String!, $password: String!, $username: String!) {
    signUp(email: $email, password: $password, username: $username) { token expiresIn userId profile { username } } }";
const SIGN_IN: &str = "mutation($email: String!, $password: String!) {
    signIn(email: $email, password: $password) { token userId } }";

async fn count(app: &TestApp, sql: &str) -> Result<i64> {
    let row = app
        .db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?;
    Ok(row
        .map(|row| row.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0))
}

#[tokio::test]
async fn a_visitor_signs_up_signs_in_and_uses_the_token() -> Result<()> {
    let app = TestApp::spawn().await?;
    let data = app
        .query(
            None,
            SIGN_UP,
            json!({ "email": " Ada@Example.com ", "password": "correct horse", "username": "ada" }),
        )
        .await?;
    assert_eq!(data["signUp"]["profile"]["username"], "ada");
    let token = data["signUp"]["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let me = app
        .query(
            Some(&token),
            "{ viewer { user { email settings { uiMode language } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        me["viewer"]["user"]["email"], "ada@example.com",
        "e-mails are stored lowercased"
    );
    assert_eq!(me["viewer"]["user"]["settings"]["uiMode"], "SYSTEM");

    let data = app
        .query(
            None,
            SIGN_IN,
            json!({ "email": "ADA@example.com", "password": "correct horse" }),
        )
        .await?;
    assert_eq!(data["signIn"]["userId"], data["signIn"]["userId"]);
    let hash = app
        .db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT password_hash, last_login_at IS NOT NULL AS seen FROM users",
        ))
        .await?
        .expect("a user");
    assert!(
        hash.try_get::<String>("", "password_hash")?
            .starts_with("$argon2id$")
    );
    assert!(
        hash.try_get::<bool>("", "seen")?,
        "sign-in records last_login_at"
    );
    Ok(())
}

#[tokio::test]
async fn sign_up_and_sign_in_refusals_are_clear_and_write_nothing() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.query(
        None,
        SIGN_UP,
        json!({ "email": "ada@example.com", "password": "correct horse", "username": "ada" }),
    )
    .await?;

    for (variables, code, field) in [
        (
            json!({ "email": "ADA@example.com", "password": "another one", "username": "ada2" }),
            "CONFLICT",
            "email",
        ),
        (
            json!({ "email": "bob@example.com", "password": "another one", "username": "ada" }),
            "CONFLICT",
            "username",
        ),
        (
            json!({ "email": "bob@example.com", "password": "another one", "username": "No Spaces!" }),
            "BAD_USER_INPUT",
            "username",
        ),
        (
            json!({ "email": "not-an-email", "password": "another one", "username": "bob" }),
            "BAD_USER_INPUT",
            "email",
        ),
        (
            json!({ "email": "bob@example.com", "password": "short", "username": "bob" }),
            "BAD_USER_INPUT",
            "password",
        ),
    ] {
        let (_, body) = app.post_graphql(None, SIGN_UP, variables.clone()).await?;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], code,
            "{variables}: {body}"
        );
        assert_eq!(
            body["errors"][0]["extensions"]["field"], field,
            "{variables}"
        );
        assert!(
            !body.to_string().contains("violates"),
            "no SQL text leaks: {body}"
        );
    }
    assert_eq!(
        count(&app, "SELECT count(*) FROM users").await?,
        1,
        "failed sign-ups wrote nothing"
    );
    assert_eq!(count(&app, "SELECT count(*) FROM profiles").await?, 1);

    let (_, wrong_password) = app
        .post_graphql(
            None,
            SIGN_IN,
            json!({ "email": "ada@example.com", "password": "wrong password" }),
        )
        .await?;
    let (_, unknown_email) = app
        .post_graphql(
            None,
            SIGN_IN,
            json!({ "email": "who@example.com", "password": "wrong password" }),
        )
        .await?;
    assert_eq!(
        wrong_password["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    assert_eq!(
        wrong_password["errors"][0]["message"], unknown_email["errors"][0]["message"],
        "the same error either way"
    );
    assert!(wrong_password["data"].is_null());
    Ok(())
}

#[tokio::test]
async fn profiles_and_settings_change_only_for_their_owner() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    app.create_user("bob").await?;
    let update = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { username displayName bio } }";
    let data = app
        .query(
            Some(&ada.token),
            update,
            json!({ "input": { "displayName": "Ada L.", "bio": "Engines" } }),
        )
        .await?;
    assert_eq!(
        data["updateProfile"],
        json!({ "username": "ada", "displayName": "Ada L.", "bio": "Engines" })
    );

    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            update,
            json!({ "input": { "username": "bob" } }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "CONFLICT");
    assert_eq!(body["errors"][0]["message"], "this username is taken");
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            update,
            json!({ "input": { "avatarUrl": "javascript:alert(1)" } }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "avatarUrl");
    assert_eq!(
        app.error_code(None, update, json!({ "input": { "bio": "x" } }))
            .await?,
        "UNAUTHENTICATED"
    );

    let settings = "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) { uiMode language } }";
    let data = app
        .query(
            Some(&ada.token),
            settings,
            json!({ "input": { "uiMode": "DARK" } }),
        )
        .await?;
    assert_eq!(data["updateSettings"]["uiMode"], "DARK");
    let data = app
        .query(
            Some(&ada.token),
            settings,
            json!({ "input": { "language": "pt-BR" } }),
        )
        .await?;
    assert_eq!(
        data["updateSettings"],
        json!({ "uiMode": "DARK", "language": "pt-BR" })
    );
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            settings,
            json!({ "input": { "language": "not a tag" } }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "language");
    Ok(())
}

#[tokio::test]
async fn an_api_key_authenticates_its_owner_until_revoked() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let data = app.query(Some(&ada.token), "mutation { createApiKey(name: \"ci\", scopes: [\"read\"]) { key apiKey { id keyPrefix name scopes } } }", json!({})).await?;
    let key = data["createApiKey"]["key"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let id = data["createApiKey"]["apiKey"]["id"].clone();
    assert!(
        key.starts_with(
            data["createApiKey"]["apiKey"]["keyPrefix"]
                .as_str()
                .unwrap_or("?")
        )
    );
    let stored = count(
        &app,
        &format!("SELECT count(*) FROM api_keys WHERE key_hash <> '{key}'"),
    )
    .await?;
    assert_eq!(stored, 1, "only a hash is stored");

    let ask = |key: String| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(app.url("/graphql"))
                .header("x-api-key", key)
                .json(&json!({ "query": "{ viewer { id } }" }))
                .send()
                .await?;
            anyhow::Ok((
                response.status().as_u16(),
                response.json::<serde_json::Value>().await?,
            ))
        }
    };
    let (status, body) = ask(key.clone()).await?;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["viewer"]["id"], ada.id.to_string());

    app.query(
        Some(&ada.token),
        "mutation($id: UUID!) { revokeApiKey(id: $id) { revokedAt } }",
        json!({ "id": id }),
    )
    .await?;
    let (status, body) = ask(key).await?;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let (status, _) = ask("sy_made_up".into()).await?;
    assert_eq!(status, 401);
    Ok(())
}
