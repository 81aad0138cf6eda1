//! A refused write is explained in the words the database keeps beside the rule: every CHECK,
//! UNIQUE and FOREIGN KEY constraint carries a `<field>: <message>` comment, the server reads them when
//! it starts, and a rule a database function raises by name has its message in
//! [`RAISED`].

use std::collections::{BTreeSet, HashSet};

use crate::common;

use anyhow::Result;
use common::TestApp;
use sea_orm::{ConnectionTrait as _, DbBackend, Statement};
use serde_json::{Value, json};
use switchyard_core::db::constraints::ConstraintMessage;
use switchyard_core::graphql::error::RAISED;

const ADD_WALLET: &str = "mutation($label: String) { addWallet(chain: ETHEREUM, address: \"0x52908400098527886E0F7030069857D2E4169EE7\", label: $label) { id } }";

/// The first error's code, field and message.
async fn refusal(app: &TestApp, token: &str, label: &str) -> Result<(String, String, String)> {
    let (_, body) = app
        .post_graphql(Some(token), ADD_WALLET, json!({ "label": label }))
        .await?;
    let error = &body["errors"][0];
    anyhow::ensure!(!error.is_null(), "expected an error, got {body}");
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    Ok((
        text(&error["extensions"]["code"]),
        text(&error["extensions"]["field"]),
        text(&error["message"]),
    ))
}

/// Every constraint of the API's schemas: name, type letter, comment.
async fn constraints(app: &TestApp) -> Result<Vec<(String, String, Option<String>)>> {
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT c.conname::text AS name, c.contype::text AS contype, \
                    obj_description(c.oid, 'pg_constraint') AS comment \
             FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
             WHERE n.nspname IN ('public', 'realtime') AND c.contype IN ('c', 'u', 'x', 'f')",
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("", "name")?,
                row.try_get("", "contype")?,
                row.try_get("", "comment")?,
            ))
        })
        .collect()
}

#[tokio::test]
async fn a_refused_write_is_explained_in_the_words_the_database_keeps_beside_the_rule() -> Result<()>
{
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let long = "x".repeat(101);
    assert_eq!(
        refusal(&app, &ada.token, &long).await?,
        (
            "BAD_USER_INPUT".into(),
            "label".into(),
            "labels are at most 100 characters".into()
        )
    );

    // The comment is read when a server starts: this one keeps its words, one started now
    // speaks the new ones.
    app.exec(
        "COMMENT ON CONSTRAINT wallets_label_length ON public.wallets IS \
         'label: a wallet''s label fits in 100 characters'",
        [],
    )
    .await?;
    let restarted = app.spawn_beside().await?;
    assert_eq!(
        refusal(&restarted, &ada.token, &long).await?.2,
        "a wallet's label fits in 100 characters"
    );
    assert_eq!(
        refusal(&app, &ada.token, &long).await?.2,
        "labels are at most 100 characters"
    );

    // A comment that is not a message is left out; the violation is still refused, plainly.
    app.exec(
        "COMMENT ON CONSTRAINT wallets_label_length ON public.wallets IS 'Keeps labels short.'",
        [],
    )
    .await?;
    let restarted = app.spawn_beside().await?;
    assert_eq!(
        refusal(&restarted, &ada.token, &long).await?,
        (
            "BAD_USER_INPUT".into(),
            String::new(),
            "a value is not allowed here".into()
        )
    );
    assert_eq!(
        app.count("SELECT count(*) FROM public.wallets", []).await?,
        0
    );
    Ok(())
}

#[tokio::test]
async fn rules_the_database_keeps_are_refused_in_its_words_and_nothing_is_written() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let cases = [
        (
            "mutation { createPost(input: { body: \"   \" }) { id } }",
            json!({}),
            "body",
            "a post needs text or media",
        ),
        (
            "mutation($input: AddAgentMemoryInput!) { addAgentMemory(input: $input) { id } }",
            json!({ "input": { "key": "city", "content": "Lisbon", "importance": 11 } }),
            "importance",
            "`importance` must be 1 to 10",
        ),
        (
            "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { bio } }",
            json!({ "input": { "bio": "b".repeat(1001) } }),
            "bio",
            "a bio is at most 1000 characters",
        ),
        (
            "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { username } }",
            json!({ "input": { "username": "Ada Lovelace" } }),
            "username",
            "usernames are 3 to 30 characters: lowercase letters, digits and _",
        ),
    ];
    for (query, variables, field, message) in cases {
        let (_, body) = app.post_graphql(Some(&ada.token), query, variables).await?;
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        assert_eq!(error["extensions"]["field"], field, "{body}");
        assert_eq!(error["message"], message, "{body}");
        assert_eq!(body["data"], Value::Null, "{body}");
    }
    let written = app
        .count(
            "SELECT (SELECT count(*) FROM public.posts) + (SELECT count(*) FROM public.agent_memory) \
             + (SELECT count(*) FROM public.profiles WHERE bio IS NOT NULL OR username <> 'ada')",
            [],
        )
        .await?;
    assert_eq!(written, 0);
    Ok(())
}

#[tokio::test]
async fn every_constraint_says_what_it_refuses() -> Result<()> {
    let app = TestApp::spawn().await?;
    let constraints = constraints(&app).await?;
    let mut silent = Vec::new();
    let mut malformed = Vec::new();
    let mut described = HashSet::new();
    for (name, contype, comment) in &constraints {
        match comment {
            Some(comment) => {
                if let Err(error) = ConstraintMessage::parse(contype, comment) {
                    malformed.push(format!("{name}: {error}"));
                }
                assert!(described.insert(name), "two constraints are named {name}");
            }
            None => silent.push(name),
        }
    }
    assert!(described.len() >= 300, "{} described", described.len());
    assert!(
        silent.is_empty(),
        "constraints without a message: {silent:?}"
    );
    assert!(
        malformed.is_empty(),
        "comments that are not messages: {malformed:?}"
    );
    Ok(())
}

#[tokio::test]
async fn every_rule_a_function_raises_by_name_has_one_message() -> Result<()> {
    let app = TestApp::spawn().await?;
    let described: HashSet<String> = constraints(&app)
        .await?
        .into_iter()
        .filter_map(|(name, _, comment)| comment.map(|_| name))
        .collect();
    let sources = app
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE n.nspname IN ('public', 'realtime', 'auth')",
        ))
        .await?;
    let mut raised = BTreeSet::new();
    for row in &sources {
        let source: String = row.try_get("", "prosrc")?;
        for (at, found) in source.match_indices("CONSTRAINT = '") {
            let rest = &source[at + found.len()..];
            let name = rest.split('\'').next().unwrap_or_default();
            raised.insert(name.to_owned());
        }
    }
    assert!(raised.len() >= 20, "{raised:?}");
    let listed: BTreeSet<String> = RAISED.iter().map(|(name, ..)| (*name).to_owned()).collect();
    let unexplained: Vec<_> = raised
        .iter()
        .filter(|name| !described.contains(*name) && !listed.contains(*name))
        .collect();
    assert!(
        unexplained.is_empty(),
        "raised without a message: {unexplained:?}"
    );
    let stale: Vec<_> = listed.difference(&raised).collect();
    assert!(
        stale.is_empty(),
        "listed but no function raises them: {stale:?}"
    );
    let twice: Vec<_> = listed
        .iter()
        .filter(|name| described.contains(*name))
        .collect();
    assert!(
        twice.is_empty(),
        "a constraint's comment and RAISED both say: {twice:?}"
    );
    Ok(())
}
