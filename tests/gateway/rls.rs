//! Row-level security through the API: what anonymous visitors and each user may see, via
//! root lists, by-id lookups and nested relations.

use crate::common;

use anyhow::Result;
use common::{TestApp, node_strings, nodes};
use serde_json::json;

#[tokio::test]
async fn private_rows_stay_private_everywhere() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    app.create_post(&bob, "bob public", "public").await?;
    let secret = app.create_post(&bob, "bob private", "private").await?;
    app.create_post(&bob, "bob followers", "followers").await?;
    app.exec(
        "INSERT INTO notifications (user_id, title) VALUES ($1, 'for bob')",
        [bob.id.into()],
    )
    .await?;
    app.exec("INSERT INTO media_assets (user_id, kind, url, mime_type) VALUES ($1, 'image', 'https://x/y.png', 'image/png')", [bob.id.into()]).await?;

    let lists = "{ posts { edges { node { body } } } notifications { edges { node { title } } }
                   mediaAssets { edges { node { url } } } users { edges { node { email } } } }";
    // Alice sees only the public post and nothing of Bob's private tables.
    let data = app.query(Some(&alice.token), lists, json!({})).await?;
    assert_eq!(node_strings(&data["posts"], "body"), ["bob public"]);
    assert!(nodes(&data["notifications"]).is_empty());
    assert!(nodes(&data["mediaAssets"]).is_empty());
    assert_eq!(node_strings(&data["users"], "email"), ["alice@example.com"]);
    // Anonymous visitors too, with no error.
    let data = app.query(None, lists, json!({})).await?;
    assert_eq!(node_strings(&data["posts"], "body"), ["bob public"]);
    assert!(nodes(&data["users"]).is_empty());
    // Bob sees all of his own.
    let data = app.query(Some(&bob.token), lists, json!({})).await?;
    assert_eq!(nodes(&data["posts"]).len(), 3);
    assert_eq!(node_strings(&data["notifications"], "title"), ["for bob"]);
    assert_eq!(nodes(&data["mediaAssets"]).len(), 1);

    // By id and through relations, the private post does not exist for Alice.
    let by_id = "query($id: UUID!) { post(id: $id) { body } }";
    let data = app
        .query(Some(&alice.token), by_id, json!({ "id": secret }))
        .await?;
    assert!(data["post"].is_null());
    let nested = "query($id: UUID!) { profile(id: $id) { posts { edges { node { body } } }
        notifications { edges { node { title } } } user { email } } }";
    let data = app
        .query(Some(&alice.token), nested, json!({ "id": bob.id }))
        .await?;
    assert_eq!(
        node_strings(&data["profile"]["posts"], "body"),
        ["bob public"]
    );
    assert!(nodes(&data["profile"]["notifications"]).is_empty());
    assert!(data["profile"]["user"].is_null());

    // Following Bob reveals his followers-only post, and only that.
    app.exec(
        "INSERT INTO follows (follower_id, following_id) VALUES ($1, $2)",
        [alice.id.into(), bob.id.into()],
    )
    .await?;
    let data = app
        .query(
            Some(&alice.token),
            "{ posts(orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { body } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        node_strings(&data["posts"], "body"),
        ["bob public", "bob followers"]
    );
    Ok(())
}

#[tokio::test]
async fn conversations_are_visible_to_their_members_only() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let eve = app.create_user("eve").await?;
    let chat = app.insert_returning_id(
        "INSERT INTO conversations (kind, title, created_by) VALUES ('group', 'plans', $1) RETURNING id",
        [alice.id.into()],
    ).await?;
    app.exec(
        "INSERT INTO conversation_members (conversation_id, user_id) VALUES ($1, $2)",
        [chat.into(), bob.id.into()],
    )
    .await?;
    app.exec(
        "INSERT INTO messages (conversation_id, sender_id, body) VALUES ($1, $2, 'hi bob')",
        [chat.into(), alice.id.into()],
    )
    .await?;

    let query = "query($id: UUID!) { conversation(id: $id) { title members { edges { node { user { username } } } }
        messages { edges { node { body sender { username } } } } } messages { edges { node { body } } } }";
    for member in [&alice, &bob] {
        let data = app
            .query(Some(&member.token), query, json!({ "id": chat }))
            .await?;
        assert_eq!(data["conversation"]["title"], "plans");
        let mut people = nodes(&data["conversation"]["members"])
            .iter()
            .map(|m| {
                m["user"]["username"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect::<Vec<_>>();
        people.sort();
        assert_eq!(people, ["alice", "bob"]);
        assert_eq!(node_strings(&data["messages"], "body"), ["hi bob"]);
    }
    for outsider in [Some(eve.token.as_str()), None] {
        let data = app.query(outsider, query, json!({ "id": chat })).await?;
        assert!(data["conversation"].is_null());
        assert!(nodes(&data["messages"]).is_empty());
    }
    // Eve cannot reach the messages through Alice's public profile either.
    let data = app.query(Some(&eve.token), "query($id: UUID!) { profile(id: $id) { username sentMessages { edges { node { body } } } memberships { edges { node { id } } } } }", json!({ "id": alice.id })).await?;
    assert_eq!(data["profile"]["username"], "alice");
    assert!(nodes(&data["profile"]["sentMessages"]).is_empty());
    assert!(nodes(&data["profile"]["memberships"]).is_empty());
    Ok(())
}

#[tokio::test]
async fn every_policy_reads_the_viewer_once_per_statement_not_once_per_row() -> Result<()> {
    let app = TestApp::spawn().await?;
    // PostgreSQL prints `(SELECT auth.uid())` as this init plan, run once per statement; a
    // bare `auth.uid()` would parse the claims again for every row a policy filters.
    let once = "( SELECT auth.uid() AS uid)";
    let policy_text = "coalesce(qual, '') || ' ' || coalesce(with_check, '')";
    let per_row: Option<String> = app
        .value(
            &format!(
                "SELECT string_agg(tablename || '.' || policyname, ', ') FROM pg_policies \
                 WHERE replace({policy_text}, $1, '') LIKE '%auth.uid()%'"
            ),
            [once.into()],
        )
        .await?;
    assert_eq!(per_row, None, "policies reading the viewer per row");
    let reading_the_viewer = app
        .count(
            &format!("SELECT count(*) FROM pg_policies WHERE strpos({policy_text}, $1) > 0"),
            [once.into()],
        )
        .await?;
    assert!(reading_the_viewer > 100, "{reading_the_viewer} policies");
    Ok(())
}
