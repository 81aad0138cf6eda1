//! Demo data. The base seed (users with profiles, posts, comments, likes, follows, published
//! creations, conversations and notifications) is generated in PostgreSQL with
//! `generate_series`, so the benchmark sizes (thousands of users, a hundred thousand
//! comments) load in seconds; `seed` adds such batches. `serve --demo` loads it once, then
//! the data of every other product around the demo user (`seed/products.sql`).
//!
//! Runs as the table owner, each part in one transaction: a failed seed leaves nothing
//! of that part behind.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value};
use uuid::Uuid;

use switchyard_core::config::SeedConfig;
use switchyard_core::db::DbError;

/// The e-mail of the demo user `serve --demo` prints a token for.
pub const DEMO_EMAIL: &str = "demo@switchyard.dev";

/// Agent runs, research, automations, content, marketplace, wallets, companions, AI
/// memories, credits and notifications for the demo user and a few others: one script
/// through the products' own triggers and SQL functions.
const PRODUCTS: &str = include_str!("seed/products.sql");

/// Seeds the default demo data unless the demo user exists, then the products' demo data
/// unless the demo user has agent runs; returns the demo user's id.
pub async fn seed_once(pool: &DatabaseConnection) -> Result<Uuid, DbError> {
    let demo = match demo_user(pool).await? {
        Some(id) => id,
        None => {
            seed(
                pool,
                SeedConfig {
                    users: 50,
                    posts: 500,
                    comments: 2_000,
                },
            )
            .await?;
            demo_user(pool)
                .await?
                .ok_or_else(|| DbError::Query(sea_orm::DbErr::RecordNotFound(DEMO_EMAIL.into())))?
        }
    };
    // The script always gives the demo user agent runs; a database seeded before it existed
    // gets the products' data on its next `serve --demo`.
    if !has_agent_runs(pool, demo).await? {
        let tx = pool.begin().await?;
        tx.execute_unprepared(PRODUCTS).await?;
        tx.commit().await?;
        tracing::info!(user.id = %demo, "seeded the demo data of every product");
    }
    Ok(demo)
}

async fn has_agent_runs(pool: &DatabaseConnection, user: Uuid) -> Result<bool, DbError> {
    let row = pool
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT EXISTS (SELECT 1 FROM agent_runs WHERE user_id = $1) AS found",
            [user.into()],
        ))
        .await?;
    Ok(row
        .map(|row| row.try_get::<bool>("", "found"))
        .transpose()?
        .unwrap_or(false))
}

async fn demo_user(pool: &DatabaseConnection) -> Result<Option<Uuid>, DbError> {
    let row = pool
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT id FROM users WHERE email = $1",
            [DEMO_EMAIL.into()],
        ))
        .await?;
    Ok(row.map(|row| row.try_get::<Uuid>("", "id")).transpose()?)
}

/// Each step: SQL with `$1` = a batch tag (keeps e-mails and usernames unique across runs)
/// and `$2` = the step's size.
const STEPS: &[(&str, &str)] = &[
    (
        "users",
        "INSERT INTO users (email, created_at)
         SELECT CASE WHEN i = 1 AND NOT EXISTS (SELECT 1 FROM users WHERE email = 'demo@switchyard.dev')
                     THEN 'demo@switchyard.dev'
                     ELSE 'user' || i || '.' || $1 || '@example.com' END,
                now() - make_interval(days => i)
         FROM generate_series(1, $2) AS i",
    ),
    (
        "profiles",
        "INSERT INTO profiles (id, username, display_name, bio, is_verified)
         SELECT u.id,
                CASE WHEN u.email = 'demo@switchyard.dev' THEN 'demo'
                     ELSE 'u' || substr(replace(u.id::text, '-', ''), 1, 16) END,
                CASE WHEN u.email = 'demo@switchyard.dev' THEN 'Demo User'
                     ELSE initcap(split_part(u.email, '.', 1)) END,
                'Writes about ' || (ARRAY['rust', 'postgres', 'music', 'art', 'travel'])[1 + (row_number() OVER () % 5)::int],
                row_number() OVER () % 7 = 0
         FROM users u
         WHERE NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id = u.id)
           AND $1::text IS NOT NULL AND $2::int >= 0",
    ),
    (
        "follows",
        "WITH people AS (SELECT array_agg(id ORDER BY created_at, id) AS ids, count(*)::int AS n FROM profiles)
         INSERT INTO follows (follower_id, following_id)
         SELECT people.ids[1 + i % people.n], people.ids[1 + (i + step) % people.n]
         FROM people, generate_series(0, people.n - 1) AS i, generate_series(1, LEAST(10, people.n - 1)) AS step
         WHERE $1::text IS NOT NULL AND $2::int >= 0
         ON CONFLICT DO NOTHING",
    ),
    (
        "posts",
        "WITH people AS (SELECT array_agg(id ORDER BY created_at, id) AS ids, count(*)::int AS n FROM profiles)
         INSERT INTO posts (author_id, body, visibility, created_at)
         SELECT people.ids[1 + i % people.n],
                'Post ' || i || ' of batch ' || $1 || ': ' ||
                (ARRAY['shipping a GraphQL gateway', 'row-level security is neat', 'dataloaders batch everything', 'cursor pagination done right', 'hello world'])[1 + i % 5],
                CASE WHEN i % 10 = 3 THEN 'followers' WHEN i % 10 = 7 THEN 'private' ELSE 'public' END,
                now() - make_interval(mins => i)
         FROM people, generate_series(1, $2) AS i",
    ),
    (
        "comments",
        "WITH people AS (SELECT array_agg(id ORDER BY created_at, id) AS ids, count(*)::int AS n FROM profiles),
              recent AS (SELECT array_agg(id ORDER BY created_at DESC, id) AS ids, count(*)::int AS n FROM posts)
         INSERT INTO comments (user_id, post_id, content, created_at)
         SELECT people.ids[1 + (i * 7) % people.n], recent.ids[1 + i % recent.n],
                'Comment ' || i || ' (' || $1 || ')', now() - make_interval(secs => i)
         FROM people, recent, generate_series(1, $2) AS i
         WHERE recent.n > 0",
    ),
    (
        "likes",
        "WITH people AS (SELECT array_agg(id ORDER BY created_at, id) AS ids, count(*)::int AS n FROM profiles),
              recent AS (SELECT array_agg(id ORDER BY created_at DESC, id) AS ids, count(*)::int AS n FROM posts)
         INSERT INTO likes (user_id, post_id)
         SELECT people.ids[1 + (i * 13) % people.n], recent.ids[1 + i % recent.n]
         FROM people, recent, generate_series(1, $2) AS i
         WHERE recent.n > 0 AND $1::text IS NOT NULL
         ON CONFLICT DO NOTHING",
    ),
    (
        "creations",
        "WITH people AS (SELECT array_agg(id ORDER BY created_at, id) AS ids, count(*)::int AS n FROM profiles)
         INSERT INTO creations (user_id, title, description, type, status, is_public, tags, published_at, created_at)
         SELECT people.ids[1 + i % people.n],
                (ARRAY['Aurora', 'Tidal Echo', 'Neon Garden', 'Quiet Machines', 'Ember'])[1 + i % 5] || ' #' || i,
                'A demo creation from batch ' || $1,
                (ARRAY['image', 'music', 'video', 'text', 'multimodal'])[1 + i % 5],
                CASE WHEN i % 6 = 0 THEN 'draft' ELSE 'published' END,
                i % 9 <> 0,
                ARRAY[(ARRAY['ambient', 'portrait', 'synthwave', 'poetry', 'landscape'])[1 + i % 5]],
                CASE WHEN i % 6 = 0 THEN NULL ELSE now() - make_interval(hours => i) END,
                now() - make_interval(hours => i)
         FROM people, generate_series(1, $2) AS i",
    ),
    (
        "conversations",
        "WITH demo AS (SELECT id FROM profiles WHERE username = 'demo'),
              others AS (SELECT id FROM profiles WHERE username <> 'demo' ORDER BY created_at, id LIMIT 3),
              group_chat AS (
                  INSERT INTO conversations (kind, title, created_by)
                  SELECT 'group', 'Batch ' || $1 || ' launch crew', demo.id FROM demo
                  WHERE $2::int > 0
                  RETURNING id, created_by),
              members AS (
                  INSERT INTO conversation_members (conversation_id, user_id, role)
                  SELECT g.id, g.created_by, 'owner' FROM group_chat g
                  UNION ALL
                  SELECT g.id, o.id, 'member' FROM group_chat g, others o
                  RETURNING conversation_id, user_id)
         INSERT INTO messages (conversation_id, sender_id, body, created_at)
         SELECT m.conversation_id, m.user_id, 'Message ' || i || ' from a member',
                now() - make_interval(mins => 100 - i)
         FROM members m, generate_series(1, 5) AS i",
    ),
    (
        "notifications",
        "INSERT INTO notifications (user_id, type, title, message)
         SELECT p.id, 'system_announcement', 'Welcome to Switchyard',
                'Batch ' || $1 || ': explore the API in GraphiQL.'
         FROM profiles p
         WHERE $2::int >= 0 AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = p.id)",
    ),
];

/// Inserts a batch of demo data of the given sizes, logging each step.
pub async fn seed(pool: &DatabaseConnection, sizes: SeedConfig) -> Result<(), DbError> {
    let tag = Uuid::new_v4().simple().to_string()[..8].to_owned();
    let tx = pool.begin().await?;
    for (step, sql) in STEPS {
        let size = match *step {
            "users" => sizes.users,
            "posts" => sizes.posts,
            "comments" => sizes.comments,
            "likes" => sizes.comments / 2,
            "creations" => sizes.posts / 5,
            _ => 1,
        };
        let size = i32::try_from(size).unwrap_or(i32::MAX);
        let result = tx
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                *sql,
                [Value::from(tag.clone()), Value::from(size)],
            ))
            .await?;
        tracing::info!(step, rows = result.rows_affected(), "seeded");
    }
    tx.commit().await?;
    Ok(())
}
