//! Counts and aggregates: every connection counts and aggregates the rows its filter
//! selects on every page, never a row the viewer may not see, at the root and nested, with
//! one statement per level however many parents there are.

use crate::common;

use anyhow::Result;
use common::{TestApp, TestUser, nodes};
use serde_json::{Value, json};
use switchyard_core::config::Limits;

const TOTALS: &str = "query($author: UUID!) {
    posts(first: 1, filter: { authorId: { eq: $author } }) {
        totalCount
        aggregate {
            count
            sum { likesCount }
            avg { likesCount }
            min { likesCount createdAt }
            max { likesCount }
        }
        groupedAggregates(groupBy: [VISIBILITY]) { keys count sum { likesCount } }
        edges { node { body } }
    }
}";

/// Alice has three public posts and two private ones, Bob one public post; each with
/// some likes.
async fn seed(app: &TestApp) -> Result<(TestUser, TestUser)> {
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    for (author, body, visibility, likes) in [
        (&alice, "a first", "public", 3),
        (&alice, "b second", "public", 5),
        (&alice, "c third", "public", 10),
        (&alice, "d diary", "private", 7),
        (&alice, "e secret", "private", 100),
        (&bob, "hello", "public", 1),
    ] {
        let post = app.create_post(author, body, visibility).await?;
        app.exec(
            "UPDATE posts SET likes_count = $1 WHERE id = $2",
            [likes.into(), post.into()],
        )
        .await?;
    }
    Ok((alice, bob))
}

/// Alice's posts' aggregates as computed directly in SQL, over the posts `visible` selects.
async fn expected(app: &TestApp, alice: &TestUser, visible: &str) -> Result<Value> {
    let sql = format!(
        "SELECT json_build_object('count', count(*), 'sum', sum(likes_count)::float8,
            'avg', avg(likes_count)::float8, 'min', min(likes_count), 'max', max(likes_count))
         FROM posts WHERE author_id = $1 AND {visible}"
    );
    app.value(&sql, [alice.id.into()]).await
}

#[tokio::test]
async fn totals_and_aggregates_count_every_page_but_never_a_row_the_viewer_may_not_see()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob) = seed(&app).await?;
    for (viewer, visible) in [
        (Some(&alice), "TRUE"),
        (Some(&bob), "visibility = 'public'"),
        (None, "visibility = 'public'"),
    ] {
        let token = viewer.map(|viewer| viewer.token.as_str());
        let data = app
            .query(token, TOTALS, json!({ "author": alice.id }))
            .await?;
        let posts = &data["posts"];
        let sql = expected(&app, &alice, visible).await?;
        assert_eq!(nodes(posts).len(), 1, "one post per page: {posts}");
        assert_eq!(posts["totalCount"], sql["count"], "{posts}");
        let aggregate = &posts["aggregate"];
        assert_eq!(aggregate["count"], sql["count"]);
        // Floats in the API; PostgreSQL's JSON writes a whole float without its `.0`.
        assert_eq!(aggregate["sum"]["likesCount"].as_f64(), sql["sum"].as_f64());
        assert_eq!(aggregate["avg"]["likesCount"].as_f64(), sql["avg"].as_f64());
        assert!(aggregate["sum"]["likesCount"].is_f64(), "{aggregate}");
        assert_eq!(aggregate["min"]["likesCount"], sql["min"]);
        assert_eq!(aggregate["max"]["likesCount"], sql["max"]);

        // The smallest time is formatted as the column itself is.
        let oldest = app
            .query(
                token,
                "query($author: UUID!) { posts(first: 1, filter: { authorId: { eq: $author } },
                    orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { createdAt } } } }",
                json!({ "author": alice.id }),
            )
            .await?;
        assert_eq!(
            aggregate["min"]["createdAt"],
            nodes(&oldest["posts"])[0]["createdAt"]
        );

        let groups = posts["groupedAggregates"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let public = json!({ "keys": ["public"], "count": 3, "sum": { "likesCount": 18.0 } });
        if viewer.is_some_and(|viewer| viewer.id == alice.id) {
            let private =
                json!({ "keys": ["private"], "count": 2, "sum": { "likesCount": 107.0 } });
            assert_eq!(
                groups,
                vec![private, public],
                "groups ordered by their keys"
            );
        } else {
            assert_eq!(
                groups,
                vec![public],
                "a stranger's groups hold no private post"
            );
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_nested_aggregate_is_one_statement_for_every_parent_of_its_level() -> Result<()> {
    let app = TestApp::spawn().await?;
    let (alice, bob) = seed(&app).await?;
    let mut others = Vec::new();
    for i in 0..6 {
        let person = app.create_user(&format!("other{i}")).await?;
        for p in 0..i {
            app.create_post(&person, &format!("post {p}"), "public")
                .await?;
        }
        others.push(person);
    }
    let query = "query($n: Int) { profiles(first: $n) { edges { node {
        username
        posts(first: 1) { totalCount aggregate { count sum { likesCount } max { likesCount } } }
    } } } }";

    let mut statements = Vec::new();
    for profiles in [2, 8] {
        let before = app.statements();
        let data = app
            .query(Some(&bob.token), query, json!({ "n": profiles }))
            .await?;
        statements.push(app.statements() - before);
        let profiles = nodes(&data["profiles"]);
        assert!(!profiles.is_empty());
        for profile in profiles {
            let username = profile["username"].as_str().unwrap_or_default();
            let author = [&alice, &bob]
                .into_iter()
                .chain(&others)
                .find(|person| person.username == username)
                .map(|person| person.id);
            let Some(author) = author else { continue };
            let public = app
                .count(
                    "SELECT count(*) FROM posts WHERE author_id = $1 AND visibility = 'public'",
                    [author.into()],
                )
                .await?;
            let posts = &profile["posts"];
            assert_eq!(posts["totalCount"], public, "{profile}");
            assert_eq!(posts["aggregate"]["count"], public, "{profile}");
            if public == 0 {
                assert_eq!(posts["aggregate"]["sum"]["likesCount"], Value::Null);
            }
        }
    }
    // The start, the profiles, their posts' pages, the posts' two aggregate fields, COMMIT:
    // the same for 2 profiles as for 8.
    assert_eq!(statements[0], statements[1], "{statements:?}");
    assert_eq!(statements[0], 6, "{statements:?}");
    Ok(())
}

#[tokio::test]
async fn groups_are_named_in_the_document_or_in_variables_and_too_many_are_refused() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    app.exec(
        "INSERT INTO posts (author_id, body, visibility)
         SELECT $1, 'post ' || g, 'public' FROM generate_series(1, 1001) g",
        [alice.id.into()],
    )
    .await?;
    let (_, body) = app
        .post_graphql(
            None,
            "{ posts { groupedAggregates(groupBy: [BODY]) { keys count } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("more than 1000 groups"), "{message}");

    let grouped = app
        .query(
            None,
            "{ posts { groupedAggregates(groupBy: [VISIBILITY, VISIBILITY]) { keys count } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        grouped["posts"]["groupedAggregates"],
        json!([{ "keys": ["public"], "count": 1001 }]),
        "a column named twice groups once"
    );
    let by_variable = app
        .query(
            None,
            "query($by: [PostGroupBy!]!) { posts { groupedAggregates(groupBy: $by) { keys count } } }",
            json!({ "by": ["VISIBILITY"] }),
        )
        .await?;
    assert_eq!(
        by_variable["posts"]["groupedAggregates"],
        grouped["posts"]["groupedAggregates"]
    );
    let (_, refused) = app
        .post_graphql(
            None,
            "query($by: [PostGroupBy!]!) { posts { groupedAggregates(groupBy: $by) { keys } } }",
            json!({ "by": ["PASSWORD"] }),
        )
        .await?;
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("PASSWORD"),
        "{refused}"
    );
    Ok(())
}

#[tokio::test]
async fn each_aggregate_field_costs_as_much_as_a_default_page() -> Result<()> {
    let app = TestApp::spawn_with(Limits {
        max_complexity: 1_000,
        ..Limits::default()
    })
    .await?;
    // A page of 20 posts with their counted comments: each post's count costs 20 per
    // comment of the page, as the comments themselves would.
    let nested = "{ posts(first: 20) { edges { node { comments { totalCount } } } } }";
    let (status, body) = app.post_graphql(None, nested, json!({})).await?;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("too complex"),
        "{body}"
    );
    let aliases: String = (0..49).map(|i| format!("c{i}: totalCount ")).collect();
    let affordable = app
        .query(
            None,
            &format!("{{ posts(first: 1) {{ {aliases} }} }}"),
            json!({}),
        )
        .await?;
    assert_eq!(affordable["posts"]["c48"], 0);
    let aliases: String = (0..50).map(|i| format!("c{i}: totalCount ")).collect();
    let (status, _) = app
        .post_graphql(
            None,
            &format!("{{ posts(first: 1) {{ {aliases} }} }}"),
            json!({}),
        )
        .await?;
    assert_eq!(status, 400, "fifty counts cost more than 1,000");
    Ok(())
}
