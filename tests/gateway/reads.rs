//! Reading the catalog: cursor pagination both ways, typed filters, ordering, nested
//! relations, the following feed and creation search.

use crate::common;

use anyhow::Result;
use common::{TestApp, node_strings, nodes};
use serde_json::json;

const POSTS_PAGE: &str =
    "query($first: Int, $after: String, $last: Int, $before: String, $order: PostOrder) {
  posts(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    edges { cursor node { body } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}";

#[tokio::test]
async fn pages_walk_forward_and_backward_without_gaps_or_repeats() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    for i in 1..=7 {
        app.create_post(&ada, &format!("post {i}"), "public")
            .await?;
    }
    let oldest_first = json!({ "field": "CREATED_AT", "direction": "ASC" });

    let mut seen = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let data = app
            .query(
                None,
                POSTS_PAGE,
                json!({ "first": 3, "after": after, "order": oldest_first }),
            )
            .await?;
        seen.extend(node_strings(&data["posts"], "body"));
        let info = &data["posts"]["pageInfo"];
        if info["hasNextPage"] != true {
            assert_eq!(seen.len(), 7);
            break;
        }
        after = info["endCursor"].clone();
    }
    let expected: Vec<String> = (1..=7).map(|i| format!("post {i}")).collect();
    assert_eq!(seen, expected);

    // The last two, then the two before them.
    let data = app
        .query(
            None,
            POSTS_PAGE,
            json!({ "last": 2, "order": oldest_first }),
        )
        .await?;
    assert_eq!(node_strings(&data["posts"], "body"), ["post 6", "post 7"]);
    assert_eq!(data["posts"]["pageInfo"]["hasPreviousPage"], true);
    let before = data["posts"]["pageInfo"]["startCursor"].clone();
    let data = app
        .query(
            None,
            POSTS_PAGE,
            json!({ "last": 2, "before": before, "order": oldest_first }),
        )
        .await?;
    assert_eq!(node_strings(&data["posts"], "body"), ["post 4", "post 5"]);
    assert_eq!(data["posts"]["pageInfo"]["hasNextPage"], true);

    // Default order is newest first; an empty page is fine.
    let data = app.query(None, POSTS_PAGE, json!({ "first": 1 })).await?;
    assert_eq!(node_strings(&data["posts"], "body"), ["post 7"]);
    let data = app.query(None, POSTS_PAGE, json!({ "first": 0 })).await?;
    assert!(nodes(&data["posts"]).is_empty());
    assert_eq!(data["posts"]["pageInfo"]["hasNextPage"], true);
    Ok(())
}

#[tokio::test]
async fn bad_paging_arguments_are_bad_user_input() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    app.create_post(&ada, "only", "public").await?;
    let data = app.query(None, POSTS_PAGE, json!({ "first": 1 })).await?;
    let cursor = data["posts"]["edges"][0]["cursor"].clone();

    for variables in [
        json!({ "first": 1, "last": 1 }),
        json!({ "first": -1 }),
        json!({ "first": 1, "after": "garbage" }),
        json!({ "first": 1, "after": cursor, "order": { "field": "LIKES_COUNT" } }),
    ] {
        let code = app.error_code(None, POSTS_PAGE, variables.clone()).await?;
        assert_eq!(code, "BAD_USER_INPUT", "{variables}");
    }
    Ok(())
}

#[tokio::test]
async fn filters_combine_and_order_by_any_declared_field() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let cat = app.create_user("cat").await?;
    let popular = app
        .create_post(&ada, "Rust and PostgreSQL", "public")
        .await?;
    app.create_post(&ada, "Gardening 100%", "public").await?;
    app.create_post(&bob, "rust belt travel", "public").await?;
    for liker in [&bob, &cat] {
        app.exec(
            "INSERT INTO likes (user_id, post_id) VALUES ($1, $2)",
            [liker.id.into(), popular.into()],
        )
        .await?;
    }
    let query = "query($filter: PostFilter, $order: PostOrder) {
        posts(filter: $filter, orderBy: $order) { edges { node { body likesCount } } } }";

    let data = app
        .query(
            None,
            query,
            json!({ "filter": { "body": { "contains": "RUST" } } }),
        )
        .await?;
    let mut bodies = node_strings(&data["posts"], "body");
    bodies.sort();
    assert_eq!(bodies, ["Rust and PostgreSQL", "rust belt travel"]);

    let data = app
        .query(
            None,
            query,
            json!({ "filter": { "body": { "contains": "100%" } } }),
        )
        .await?;
    assert_eq!(
        node_strings(&data["posts"], "body"),
        ["Gardening 100%"],
        "% is matched literally"
    );

    let data = app
        .query(
            None,
            query,
            json!({ "filter": {
        "authorId": { "in": [ada.id] }, "likesCount": { "gte": 1 } } }),
        )
        .await?;
    assert_eq!(
        node_strings(&data["posts"], "body"),
        ["Rust and PostgreSQL"]
    );

    let data = app
        .query(
            None,
            query,
            json!({ "filter": {
        "or": [ { "authorId": { "eq": bob.id } }, { "likesCount": { "gt": 1 } } ],
        "not": { "body": { "startsWith": "rust" } } } }),
        )
        .await?;
    assert_eq!(
        node_strings(&data["posts"], "body"),
        ["Rust and PostgreSQL"]
    );

    let data = app
        .query(
            None,
            query,
            json!({ "order": { "field": "LIKES_COUNT", "direction": "DESC" } }),
        )
        .await?;
    let first = &nodes(&data["posts"])[0];
    assert_eq!(first["body"], "Rust and PostgreSQL");
    assert_eq!(first["likesCount"], 2, "the counter trigger kept count");

    let data = app.query(None, "{ profiles(filter: { username: { in: [\"bob\", \"cat\"] } }, orderBy: { field: USERNAME, direction: ASC }) { edges { node { username } } } }", json!({})).await?;
    assert_eq!(node_strings(&data["profiles"], "username"), ["bob", "cat"]);
    Ok(())
}

#[tokio::test]
async fn relations_resolve_in_both_directions() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let post = app.create_post(&ada, "hello", "public").await?;
    let comment = app.insert_returning_id(
        "INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, 'first!') RETURNING id",
        [bob.id.into(), post.into()],
    ).await?;
    app.exec(
        "INSERT INTO comments (user_id, post_id, parent_comment_id, content) VALUES ($1, $2, $3, 'thanks')",
        [ada.id.into(), post.into(), comment.into()],
    ).await?;
    app.exec(
        "INSERT INTO follows (follower_id, following_id) VALUES ($1, $2)",
        [bob.id.into(), ada.id.into()],
    )
    .await?;

    let data = app
        .query(
            None,
            "query($id: UUID!) { post(id: $id) {
        author { username followersCount followers { edges { node { follower { username } } } } }
        comments(filter: { parentCommentId: { isNull: true } }) { edges { node {
            content author { username }
            replies { edges { node { content parentComment { content } post { body } } } }
        } } }
    } }",
            json!({ "id": post }),
        )
        .await?;
    let post = &data["post"];
    assert_eq!(post["author"]["username"], "ada");
    assert_eq!(post["author"]["followersCount"], 1);
    assert_eq!(
        post["author"]["followers"]["edges"][0]["node"]["follower"]["username"],
        "bob"
    );
    let top = nodes(&post["comments"]);
    assert_eq!(top.len(), 1);
    assert_eq!(top[0]["author"]["username"], "bob");
    let reply = &nodes(&top[0]["replies"])[0];
    assert_eq!(reply["content"], "thanks");
    assert_eq!(reply["parentComment"]["content"], "first!");
    assert_eq!(reply["post"]["body"], "hello");

    let data = app.query(None, "query($id: UUID!) { profile(id: $id) { posts { edges { node { body } } } following { edges { node { followed { username } } } } } }", json!({ "id": bob.id })).await?;
    assert!(nodes(&data["profile"]["posts"]).is_empty());
    assert_eq!(
        data["profile"]["following"]["edges"][0]["node"]["followed"]["username"],
        "ada"
    );
    Ok(())
}

#[tokio::test]
async fn the_feed_shows_published_creations_of_followed_people_and_search_finds_them() -> Result<()>
{
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let cat = app.create_user("cat").await?;
    app.exec(
        "INSERT INTO follows (follower_id, following_id) VALUES ($1, $2)",
        [ada.id.into(), bob.id.into()],
    )
    .await?;
    for (owner, title, status, public, tags) in [
        (&bob, "Aurora", "published", true, vec!["ambient"]),
        (&bob, "Draft song", "draft", true, vec![]),
        (&bob, "Hidden", "published", false, vec![]),
        (&cat, "Neon garden", "published", true, vec!["ambient"]),
    ] {
        app.exec(
            "INSERT INTO creations (user_id, title, type, status, is_public, tags) VALUES ($1, $2, 'music', $3, $4, $5)",
            [owner.id.into(), title.into(), status.into(), public.into(), tags.into_iter().map(String::from).collect::<Vec<_>>().into()],
        ).await?;
    }
    let data = app
        .query(
            Some(&ada.token),
            "{ feed { edges { node { title creator { username } } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(node_strings(&data["feed"], "title"), ["Aurora"]);
    assert_eq!(
        app.error_code(None, "{ feed { edges { cursor } } }", json!({}))
            .await?,
        "UNAUTHENTICATED"
    );

    let search = "query($q: String!) { searchCreations(query: $q) { edges { node { title } } } }";
    let data = app.query(None, search, json!({ "q": "ambient" })).await?;
    let mut titles = node_strings(&data["searchCreations"], "title");
    titles.sort();
    assert_eq!(
        titles,
        ["Aurora", "Neon garden"],
        "tag match, published and public only"
    );
    let data = app.query(None, search, json!({ "q": "GARD" })).await?;
    assert_eq!(
        node_strings(&data["searchCreations"], "title"),
        ["Neon garden"]
    );
    assert_eq!(
        app.error_code(None, search, json!({ "q": "  " })).await?,
        "BAD_USER_INPUT"
    );
    Ok(())
}
