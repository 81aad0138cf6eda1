//! Social writes: posts, comments, likes, follows and creations, with RLS deciding who may
//! change what, and the notifications the triggers raise.

use crate::common;

use anyhow::Result;
use common::{TestApp, node_strings, nodes};
use serde_json::{Value, json};

const CREATE_POST: &str = "mutation($input: CreatePostInput!) { createPost(input: $input) { id body visibility author { username } } }";

#[tokio::test]
async fn authors_write_edit_and_delete_their_posts_and_nobody_else_can() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let data = app
        .query(
            Some(&ada.token),
            CREATE_POST,
            json!({ "input": { "body": "hello", "visibility": "FOLLOWERS" } }),
        )
        .await?;
    assert_eq!(data["createPost"]["author"]["username"], "ada");
    let id = data["createPost"]["id"].clone();

    let update = "mutation($id: UUID!, $body: String!) { updatePost(id: $id, input: { body: $body }) { body } }";
    let delete = "mutation($id: UUID!) { deletePost(id: $id) }";
    // Bob cannot see the followers-only post: both writes say it does not exist.
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            update,
            json!({ "id": id, "body": "pwned" })
        )
        .await?,
        "NOT_FOUND"
    );
    assert_eq!(
        app.error_code(Some(&bob.token), delete, json!({ "id": id }))
            .await?,
        "NOT_FOUND"
    );
    // Even when he can see it (public), he may not change it.
    app.query(
        Some(&ada.token),
        "mutation($id: UUID!) { updatePost(id: $id, input: { visibility: PUBLIC }) { id } }",
        json!({ "id": id }),
    )
    .await?;
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            update,
            json!({ "id": id, "body": "pwned" })
        )
        .await?,
        "NOT_FOUND"
    );
    assert_eq!(
        app.error_code(None, CREATE_POST, json!({ "input": { "body": "anon" } }))
            .await?,
        "UNAUTHENTICATED"
    );

    let data = app
        .query(
            Some(&ada.token),
            update,
            json!({ "id": id, "body": "hello, world" }),
        )
        .await?;
    assert_eq!(data["updatePost"]["body"], "hello, world");
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            CREATE_POST,
            json!({ "input": { "body": "x".repeat(10_001) } }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "body");
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            CREATE_POST,
            json!({ "input": { "body": "  " } }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");

    let data = app
        .query(Some(&ada.token), delete, json!({ "id": id }))
        .await?;
    assert_eq!(data["deletePost"], id);
    let data = app
        .query(
            Some(&ada.token),
            "{ posts { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(nodes(&data["posts"]).is_empty());
    Ok(())
}

#[tokio::test]
async fn a_failed_mutation_leaves_nothing_behind() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            "mutation {
        first: createPost(input: { body: \"kept?\" }) { id }
        second: follow(userId: \"00000000-0000-0000-0000-000000000000\") { id } }",
            json!({}),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
    let data = app
        .query(
            Some(&ada.token),
            "{ posts { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(
        nodes(&data["posts"]).is_empty(),
        "the request is one transaction: the first post was rolled back"
    );
    Ok(())
}

#[tokio::test]
async fn a_field_after_a_failed_one_is_not_run_and_says_why() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let nobody = "00000000-0000-0000-0000-000000000000";
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            &format!(
                "mutation {{
                    first: completeJob(jobId: \"{nobody}\") {{ result }}
                    second: incrementCreationViews(id: \"{nobody}\") }}"
            ),
            json!({}),
        )
        .await?;
    let errors = body["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 2, "{body}");
    assert_ne!(errors[0]["extensions"]["code"], "INTERNAL", "{body}");
    assert_eq!(errors[1]["path"], json!(["second"]), "{body}");
    assert_eq!(errors[1]["extensions"]["code"], "ABORTED", "{body}");
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("an earlier field of this request failed"),
        "{body}"
    );
    Ok(())
}

#[tokio::test]
async fn threads_likes_and_follows_keep_counts_and_notify() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let creation = app.query(Some(&ada.token), "mutation { createCreation(input: { title: \"Aurora\", type: MUSIC, tags: [\"ambient\"] }) { id status } }", json!({})).await?;
    let creation_id = creation["createCreation"]["id"].clone();
    assert_eq!(creation["createCreation"]["status"], "DRAFT");
    // A draft is invisible to Bob.
    let comment = "mutation($input: AddCommentInput!) { addComment(input: $input) { id content creation { title } parentComment { id } } }";
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            comment,
            json!({ "input": { "creationId": creation_id, "content": "nice" } })
        )
        .await?,
        "NOT_FOUND"
    );
    let published = app
        .query(
            Some(&ada.token),
            "mutation($id: UUID!) { publishCreation(id: $id) { status publishedAt } }",
            json!({ "id": creation_id }),
        )
        .await?;
    assert_eq!(published["publishCreation"]["status"], "PUBLISHED");
    assert!(published["publishCreation"]["publishedAt"].is_string());

    let first = app
        .query(
            Some(&bob.token),
            comment,
            json!({ "input": { "creationId": creation_id, "content": "nice" } }),
        )
        .await?;
    let first_id = first["addComment"]["id"].clone();
    let reply = app
        .query(
            Some(&ada.token),
            comment,
            json!({ "input": { "parentCommentId": first_id, "content": "thanks!" } }),
        )
        .await?;
    assert_eq!(
        reply["addComment"]["creation"]["title"], "Aurora",
        "a reply takes its parent's target"
    );
    assert_eq!(reply["addComment"]["parentComment"]["id"], first_id);
    let (_, body) = app
        .post_graphql(
            Some(&bob.token),
            comment,
            json!({ "input": { "content": "nowhere" } }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "postId");

    let toggle =
        "mutation($id: UUID!) { toggleLike(target: { creationId: $id }) { liked likesCount } }";
    let data = app
        .query(Some(&bob.token), toggle, json!({ "id": creation_id }))
        .await?;
    assert_eq!(
        data["toggleLike"],
        json!({ "liked": true, "likesCount": 1 })
    );
    let data = app
        .query(Some(&bob.token), toggle, json!({ "id": creation_id }))
        .await?;
    assert_eq!(
        data["toggleLike"],
        json!({ "liked": false, "likesCount": 0 })
    );
    app.query(Some(&bob.token), toggle, json!({ "id": creation_id }))
        .await?;
    let (_, body) = app.post_graphql(Some(&bob.token), "mutation($id: UUID!) { toggleLike(target: { creationId: $id, postId: $id }) { liked } }", json!({ "id": creation_id })).await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "target");

    let follow = "mutation($id: UUID!) { follow(userId: $id) { username followersCount } }";
    let data = app
        .query(Some(&bob.token), follow, json!({ "id": ada.id }))
        .await?;
    assert_eq!(
        data["follow"],
        json!({ "username": "ada", "followersCount": 1 })
    );
    let data = app
        .query(Some(&bob.token), follow, json!({ "id": ada.id }))
        .await?;
    assert_eq!(
        data["follow"]["followersCount"], 1,
        "following twice is harmless"
    );
    let (_, body) = app
        .post_graphql(Some(&bob.token), follow, json!({ "id": bob.id }))
        .await?;
    assert_eq!(body["errors"][0]["message"], "you cannot follow yourself");

    let views = app
        .query(
            None,
            "mutation($id: UUID!) { incrementCreationViews(id: $id) }",
            json!({ "id": creation_id }),
        )
        .await?;
    assert_eq!(views["incrementCreationViews"], 1);

    // Ada hears about the comment, the like and the follower; Bob about the reply.
    let feed = "{ notifications(orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { type } } } }";
    let data = app.query(Some(&ada.token), feed, json!({})).await?;
    let types: Vec<Value> = nodes(&data["notifications"])
        .iter()
        .map(|n| n["type"].clone())
        .collect();
    assert_eq!(
        types,
        [
            json!("CREATION_COMMENTED"),
            json!("CREATION_LIKED"),
            json!("CREATION_LIKED"),
            json!("NEW_FOLLOWER")
        ]
    );
    let data = app.query(Some(&bob.token), feed, json!({})).await?;
    assert_eq!(
        node_strings(&data["notifications"], "type"),
        ["COMMENT_REPLY"]
    );

    let data = app.query(Some(&ada.token), "mutation($id: UUID!) { archiveCreation(id: $id) { status } unfollow(userId: $id) { id } }", json!({ "id": creation_id })).await;
    assert!(
        data.is_err(),
        "unfollowing a creation id is NOT_FOUND, and the archive is rolled back with it"
    );
    let data = app
        .query(
            Some(&ada.token),
            "mutation($id: UUID!) { archiveCreation(id: $id) { status likesCount commentsCount } }",
            json!({ "id": creation_id }),
        )
        .await?;
    assert_eq!(
        data["archiveCreation"],
        json!({ "status": "ARCHIVED", "likesCount": 1, "commentsCount": 2 })
    );
    Ok(())
}
