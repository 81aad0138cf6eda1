//! Planned reads: root fields read their selection ahead, one statement per relation level
//! whatever the load, and answer what field-by-field resolution answers.

use crate::common;

use anyhow::Result;
use common::{TestApp, TestUser, nodes};
use sea_orm::{ConnectionTrait as _, DbBackend, Statement, TransactionTrait as _};
use serde_json::{Value, json};
use switchyard_core::config::Limits;

const FEED: &str = "query($n: Int) { posts(first: $n) { edges { node {
    body author { username }
    comments(first: 5) { edges { node { content author { username } } } }
} } } }";

/// Ten people, `posts` public posts with three comments each, a private post, a
/// conversation between two of them with messages.
async fn seed(app: &TestApp, posts: usize) -> Result<Vec<TestUser>> {
    let mut people = Vec::new();
    for i in 0..10 {
        people.push(app.create_user(&format!("person{i}")).await?);
    }
    for i in 0..posts {
        let post = app
            .create_post(&people[i % 10], &format!("post {i}"), "public")
            .await?;
        for c in 1..=3 {
            let comment = app
                .insert_returning_id(
                    "INSERT INTO comments (user_id, post_id, content) VALUES ($1, $2, $3) RETURNING id",
                    [people[(i + c) % 10].id.into(), post.into(), format!("comment {c}").into()],
                )
                .await?;
            if c == 1 {
                app.exec(
                    "INSERT INTO comments (user_id, post_id, parent_comment_id, content) VALUES ($1, $2, $3, 'a reply')",
                    [people[(i + 5) % 10].id.into(), post.into(), comment.into()],
                )
                .await?;
            }
        }
    }
    app.create_post(&people[0], "only me", "private").await?;
    let conversation = app
        .insert_returning_id(
            "INSERT INTO conversations (kind, title, created_by) VALUES ('group', 'pair', $1) RETURNING id",
            [people[0].id.into()],
        )
        .await?;
    for person in &people[..2] {
        app.exec(
            "INSERT INTO conversation_members (conversation_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            [conversation.into(), person.id.into()],
        )
        .await?;
        app.exec(
            "INSERT INTO messages (conversation_id, sender_id, body) VALUES ($1, $2, 'hello')",
            [conversation.into(), person.id.into()],
        )
        .await?;
    }
    Ok(people)
}

#[tokio::test]
async fn nested_reads_issue_one_statement_per_level_at_any_size_and_concurrency() -> Result<()> {
    let mut counts = Vec::new();
    for posts in [5, 50] {
        let app = TestApp::spawn().await?;
        seed(&app, posts).await?;
        let before = app.statements();
        let data = app.query(None, FEED, json!({ "n": posts })).await?;
        counts.push(app.statements() - before);
        assert_eq!(
            root_fields(&app).await?,
            (1, 0),
            "read ahead, not field by field"
        );
        let fetched = nodes(&data["posts"]);
        assert_eq!(fetched.len(), posts);
        assert!(
            fetched
                .iter()
                .all(|post| nodes(&post["comments"]).len() == 4
                    && post["author"]["username"].is_string())
        );

        let clients = 32;
        let before = app.statements();
        let requests = (0..clients).map(|_| app.query(None, FEED, json!({ "n": posts })));
        for answer in futures_util::future::join_all(requests).await {
            assert_eq!(nodes(&answer?["posts"]).len(), posts);
        }
        let per_request = (app.statements() - before) / clients;
        counts.push(per_request);
    }
    // Two levels (the posts with their authors joined in, the comments with theirs), plus
    // the transaction's start with the role and claims, and COMMIT: depth + 2, whatever the
    // page size and the load.
    let levels = 2;
    assert!(
        counts.iter().all(|count| *count == levels + 2),
        "statements per request: {counts:?}"
    );
    assert_eq!(counts[0], counts[1], "5 posts: alone and under 32 clients");
    assert_eq!(counts[2], counts[3], "50 posts: alone and under 32 clients");
    Ok(())
}

#[tokio::test]
async fn a_joined_row_the_viewer_may_not_see_is_null_and_the_rest_is_read_in_one_statement()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let people = seed(&app, 2).await?;
    // Profiles are public, accounts are their owner's: each profile's account is joined
    // into the profiles' statement, and row-level security hides all but the viewer's.
    let before = app.statements();
    let data = app
        .query(
            Some(&people[0].token),
            "{ profiles(first: 20) { edges { node { username user { email } } } } }",
            json!({}),
        )
        .await?;
    // The start with role and claims, the profiles with their accounts, COMMIT.
    assert_eq!(app.statements() - before, 3);
    let profiles = nodes(&data["profiles"]);
    assert_eq!(profiles.len(), people.len(), "{data}");
    for profile in profiles {
        let own = profile["username"] == people[0].username.as_str();
        assert_eq!(profile["user"].is_object(), own, "{profile}");
    }
    Ok(())
}

/// Root fields read ahead and rendered, and fields inside them left to the executor, as
/// `/metrics` counts them.
async fn root_fields(app: &TestApp) -> Result<(u64, u64)> {
    Ok((
        app.metric("switchyard_planned_root_fields_total").await?,
        app.metric("switchyard_planned_executor_fields_total")
            .await?,
    ))
}

#[tokio::test]
async fn a_field_that_cannot_be_read_ahead_is_left_to_the_executor_and_counted() -> Result<()> {
    let app = TestApp::spawn().await?;
    let people = seed(&app, 2).await?;
    // A second conversation, so that `unreadCount` is asked of two rows.
    let second = app
        .insert_returning_id(
            "INSERT INTO conversations (kind, title, created_by) VALUES ('group', 'second', $1) RETURNING id",
            [people[0].id.into()],
        )
        .await?;
    for person in &people[..2] {
        app.exec(
            "INSERT INTO conversation_members (conversation_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            [second.into(), person.id.into()],
        )
        .await?;
    }
    // `unreadCount` is computed by the conversation type itself: the executor resolves it,
    // for both rows in one batch, and the rest of the answer is read ahead.
    let before = app.statements();
    let data = app
        .query(
            Some(&people[0].token),
            "{ conversations(first: 2) { edges { node { title unreadCount creator { username } } } } }",
            json!({}),
        )
        .await?;
    let conversations = nodes(&data["conversations"]);
    assert_eq!(conversations.len(), 2, "{data}");
    let unread: Vec<&Value> = conversations.iter().map(|c| &c["unreadCount"]).collect();
    assert!(
        unread.contains(&&json!(1)) && unread.contains(&&json!(0)),
        "{data}"
    );
    assert!(
        conversations
            .iter()
            .all(|c| c["creator"]["username"] == "person0"),
        "{data}"
    );
    // The start with role and claims, the conversations with their creators joined in, the
    // unread counts, COMMIT.
    assert_eq!(app.statements() - before, 4);
    assert_eq!(root_fields(&app).await?, (1, 1));
    // So is a nested connection whose arguments its resolver refuses, which says why, at
    // the field's path.
    let (_, body) = app
        .post_graphql(
            None,
            "{ posts(first: 1) { edges { node { body comments(first: 1000) { edges { cursor } } } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["path"],
        json!(["posts", "edges", 0, "node", "comments"]),
        "{body}"
    );
    assert_eq!(root_fields(&app).await?, (2, 2));
    // A row by id is read ahead too.
    let post = nodes(
        &app.query(
            None,
            "{ posts(first: 1) { edges { node { id } } } }",
            json!({}),
        )
        .await?["posts"],
    )[0]["id"]
        .clone();
    let data = app
        .query(
            None,
            "query($id: UUID!) { post(id: $id) { body author { username } } }",
            json!({ "id": post }),
        )
        .await?;
    assert!(data["post"]["author"]["username"].is_string(), "{data}");
    assert_eq!(root_fields(&app).await?, (4, 2));
    Ok(())
}

/// The selections the differential test draws from, per root: each a fragment of a node's
/// selection, combined, aliased and nested at random.
const POST_PARTS: &[&str] = &[
    "id body visibility likesCount",
    "author { username displayName }",
    "a1: author { id } a2: author { username }",
    "comments(first: 2) { pageInfo { hasNextPage endCursor } edges { cursor node { content } } }",
    "comments(first: 3, orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { content author { username } replies(first: 2) { edges { node { content parentComment { content } } } } } } }",
    "top: comments(first: 1, filter: { parentCommentId: { isNull: true } }) { edges { node { id post { body } } } }",
    "comments(first: 0) { edges { cursor } }",
    "likes(first: 2) { edges { node { user { username } } } }",
    "...PostBits",
    "__typename",
];
const PROFILE_PARTS: &[&str] = &[
    "username",
    "posts(first: 2) { edges { node { body comments(first: 1) { edges { node { author { username } } } } } } }",
    "memberships(first: 3) { edges { node { conversation { title messages(first: 3) { edges { node { body sender { username } } } } } } } }",
    "sentMessages(first: 2) { edges { node { body conversation { title } } } }",
    "followers(first: 2) { edges { node { follower { username } } } }",
    "user { id email }",
];

const FRAGMENTS: &str = "fragment PostBits on Post { body author { ...ProfileBits } } fragment ProfileBits on Profile { username }";

/// A query with a few parts of each root, aliased, from a fixed seed.
fn random_query(rng: &mut fastrand::Rng) -> String {
    let mut pick = |parts: &[&str]| {
        (0..rng.usize(1..=3))
            .map(|_| parts[rng.usize(..parts.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let post_selection = pick(POST_PARTS);
    let profile_selection = pick(PROFILE_PARTS);
    let page = rng.usize(1..=6);
    // Only when spread: an unused fragment is refused, in no fixed order of errors.
    let fragments = if post_selection.contains("...PostBits") {
        FRAGMENTS
    } else {
        ""
    };
    format!(
        "{{ posts(first: {page}) {{ edges {{ node {{ {post_selection} }} }} nodes {{ id }} }} \
           people: profiles(first: 4, orderBy: {{ field: USERNAME, direction: ASC }}) {{ edges {{ node {{ {profile_selection} }} }} }} \
           conversations(first: 2) {{ edges {{ node {{ title members(first: 5) {{ edges {{ node {{ user {{ username }} }} }} }} }} }} }} }} {fragments}"
    )
}

/// The raw response body of `query` as `token` on `app`.
async fn raw(app: &TestApp, token: Option<&str>, query: &str) -> Result<String> {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": query }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    Ok(request.send().await?.text().await?)
}

#[tokio::test]
async fn planned_and_field_by_field_reads_answer_the_same() -> Result<()> {
    let planned = TestApp::spawn().await?;
    let people = seed(&planned, 6).await?;
    let unplanned = planned
        .spawn_beside_with(Limits {
            planned_reads: false,
            ..Limits::default()
        })
        .await?;
    let stranger = planned.create_user("stranger").await?;
    let viewers = [
        None,
        Some(people[0].token.as_str()),
        Some(stranger.token.as_str()),
    ];

    let mut queries: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/operations"))? {
        queries.push(std::fs::read_to_string(entry?.path())?);
    }
    let mut rng = fastrand::Rng::with_seed(11);
    queries.extend((0..40).map(|_| random_query(&mut rng)));
    // What rendering answers itself: type names at every level, page info, `nodes`,
    // fields merged under one response key, fragments on the connection and inline, a
    // backward page, a row by id that does not exist.
    queries.push("{ posts(first: 3) { __typename pageInfo { __typename hasPreviousPage hasNextPage startCursor endCursor } edges { __typename cursor node { __typename ... on Post { id } } } nodes { id author { __typename } } } }".into());
    queries.push("{ posts(first: 2) { edges { node { author { username } author { displayName id } c: comments(first: 1) { edges { node { id } } } c: comments(first: 1) { edges { node { content } } } } } } }".into());
    queries.push("query { posts(first: 2) { ...Page } } fragment Page on PostConnection { edges { node { body } } pageInfo { endCursor } }".into());
    queries.push("{ profiles(last: 2) { pageInfo { hasPreviousPage hasNextPage startCursor } edges { cursor node { username } } } }".into());
    // A backward page's relations, read for the rows it shows, not the one read past it.
    queries.push("{ posts(last: 2) { pageInfo { hasPreviousPage } edges { node { body author { username } comments(first: 1) { edges { node { content } } } } } } }".into());
    queries.push(
        "{ post(id: \"00000000-0000-0000-0000-000000000000\") { id author { username } } }".into(),
    );
    // Counts and aggregates, at the root and nested, merged under one key, in fragments.
    queries.push("{ posts(first: 2, filter: { visibility: { ne: PRIVATE } }) { totalCount aggregate { __typename count sum { likesCount } avg { commentsCount } min { createdAt } max { likesCount } } groupedAggregates(groupBy: [VISIBILITY]) { keys count max { createdAt } } edges { node { comments(first: 1) { totalCount aggregate { count } } } } } }".into());
    queries.push("{ profiles(first: 4) { nodes { username posts(first: 1) { totalCount a: aggregate { count } a: aggregate { sum { likesCount } } ...Groups } } } } fragment Groups on PostConnection { groupedAggregates(groupBy: [VISIBILITY]) { keys } }".into());
    // Errors and hidden rows too: a bad cursor deep inside, a page too large, a private
    // post by id.
    queries.push("{ posts(first: 2) { edges { node { comments(first: 2, after: \"nope\") { edges { cursor } } } } } }".into());
    queries.push(
        "{ posts(first: 2) { edges { node { comments(first: 1000) { edges { cursor } } } } } }"
            .into(),
    );
    queries.push("{ posts(first: 1) { groupedAggregates(groupBy: []) { count } } }".into());

    let mut compared = 0;
    for query in &queries {
        for viewer in viewers {
            // Compared as JSON values: field-by-field resolution orders an object's keys
            // by which field finished first (async-graphql collects them unordered), so
            // its bytes differ from run to run.
            let expected: Value = serde_json::from_str(&raw(&unplanned, viewer, query).await?)?;
            let got: Value = serde_json::from_str(&raw(&planned, viewer, query).await?)?;
            assert_eq!(got, expected, "query: {query}");
            assert!(got.get("data").is_some(), "{got}");
            compared += 1;
        }
    }
    assert_eq!(compared, queries.len() * viewers.len());
    // Every root field was read ahead; the refused nested arguments were left to the
    // executor.
    let (planned_roots, executor_fields) = root_fields(&planned).await?;
    assert!(
        planned_roots > 0 && executor_fields > 0,
        "{planned_roots} {executor_fields}"
    );
    Ok(())
}

#[tokio::test]
async fn a_query_that_only_reads_is_ended_by_the_next_request_and_one_that_writes_commits_first()
-> Result<()> {
    let app = TestApp::spawn().await?;
    let people = seed(&app, 3).await?;
    let alice = &people[0];
    let read = "{ posts(first: 3) { edges { node { body author { username } } } } }";

    // A read answers without waiting for its COMMIT, which goes with the next request's
    // start; it still counts: the start, the posts with their authors, COMMIT.
    let (statements, deferred) = (app.statements(), app.metrics.deferred_ends());
    let data = app.query(Some(&alice.token), read, json!({})).await?;
    assert_eq!(nodes(&data["posts"]).len(), 3, "{data}");
    assert_eq!(app.statements() - statements, 3);
    assert_eq!(app.metrics.deferred_ends() - deferred, 1);

    // A search counts itself towards the trending keywords: it commits before it answers,
    // so another client of the database sees the count at once.
    let deferred = app.metrics.deferred_ends();
    app.query(
        Some(&alice.token),
        r#"{ searchContent(query: "lingering") { score } }"#,
        json!({}),
    )
    .await?;
    assert_eq!(app.metrics.deferred_ends(), deferred);
    let counted = "SELECT count(*) FROM trending_keywords WHERE keyword = 'lingering'";
    assert_eq!(app.count(counted, []).await?, 1);

    // So does a mutation: the post is there for everyone as soon as it is answered.
    let created = app
        .query(
            Some(&alice.token),
            r#"mutation { createPost(input: { body: "committed first" }) { id } }"#,
            json!({}),
        )
        .await?;
    assert!(created["createPost"]["id"].is_string(), "{created}");
    assert_eq!(app.metrics.deferred_ends(), deferred);
    let posted = "SELECT count(*) FROM posts WHERE body = 'committed first'";
    assert_eq!(app.count(posted, []).await?, 1);

    // Reads that no request follows are ended on their own: the lock a schema change takes,
    // which waits for every reader of `posts`, is granted, and no transaction is left open.
    for _ in 0..4 {
        app.query(None, read, json!({})).await?;
    }
    app.db
        .execute_unprepared(
            "BEGIN; SET LOCAL lock_timeout = '5s';
             LOCK TABLE posts IN ACCESS EXCLUSIVE MODE; COMMIT",
        )
        .await?;
    let open = "SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%'";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while app.count(open, []).await? > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "a transaction stayed open"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Ok(())
}

/// The indexes that read a table in `created_at` order after equality on their leading
/// columns (a relation's key, or none for a root list): the table, each leading column with
/// its type.
const CREATED_AT_INDEXES: &str = "
    SELECT t.relname::text,
           coalesce(array_agg(a.attname::text ORDER BY k.n) FILTER (WHERE k.n < at.n), '{}'),
           coalesce(array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.n)
                    FILTER (WHERE k.n < at.n), '{}')
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace ns ON ns.oid = t.relnamespace
    JOIN pg_class ix ON ix.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ix.relam
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    JOIN LATERAL (SELECT k2.n FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k2(attnum, n)
                  JOIN pg_attribute c ON c.attrelid = t.oid AND c.attnum = k2.attnum
                  WHERE c.attname = 'created_at' AND k2.n <= i.indnkeyatts) AS at ON TRUE
    WHERE ns.nspname = 'public' AND am.amname = 'btree' AND i.indpred IS NULL
      AND EXISTS (SELECT 1 FROM pg_attribute id WHERE id.attrelid = t.oid AND id.attname = 'id')
    GROUP BY i.indexrelid, t.relname
    ORDER BY 1, 2";

/// A page of rows in connection order (newest first, the id breaking ties) is read straight
/// off an index wherever an index reads the table in `created_at` order: PostgreSQL neither
/// sorts nor incrementally sorts each parent's rows, and stops at the page's limit.
#[tokio::test]
async fn a_page_in_connection_order_is_read_off_an_index_without_sorting() -> Result<()> {
    let app = TestApp::spawn().await?;
    let indexes = app
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            CREATED_AT_INDEXES,
        ))
        .await?;
    assert!(indexes.len() > 80, "{} indexes", indexes.len());
    for index in indexes {
        let table: String = index.try_get_by_index(0)?;
        let keys: Vec<String> = index.try_get_by_index(1)?;
        let types: Vec<String> = index.try_get_by_index(2)?;
        let equal = keys
            .iter()
            .enumerate()
            .map(|(place, key)| format!(" AND \"{key}\" = ${}", place + 1))
            .collect::<String>();
        let page = format!(
            "PREPARE page{} AS SELECT id FROM public.\"{table}\" WHERE TRUE{equal}
             ORDER BY created_at DESC, id DESC LIMIT 6",
            if types.is_empty() {
                String::new()
            } else {
                format!("({})", types.join(", "))
            },
        );
        let arguments = if keys.is_empty() {
            String::new()
        } else {
            format!("({})", vec!["NULL"; keys.len()].join(", "))
        };
        // A sort is the only way left to order the rows when no index serves the order.
        let tx = app.db.begin().await?;
        tx.execute_unprepared(
            "SET LOCAL enable_sort = off; SET LOCAL enable_incremental_sort = off;
             SET LOCAL plan_cache_mode = force_generic_plan",
        )
        .await?;
        tx.execute_unprepared(&page).await?;
        let plan = tx
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("EXPLAIN EXECUTE page{arguments}"),
            ))
            .await?
            .iter()
            .map(|line| line.try_get_by_index::<String>(0))
            .collect::<Result<Vec<_>, _>>()?
            .join("\n");
        // Prepared statements outlive the transaction, on a connection of the pool.
        tx.execute_unprepared("DEALLOCATE page").await?;
        tx.rollback().await?;
        assert!(
            !plan.contains("Sort"),
            "{table} by ({}) sorts a page:\n{plan}",
            keys.join(", ")
        );
    }
    Ok(())
}
