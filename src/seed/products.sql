-- Demo data for every product, centred on the demo user (`demo`, whom `serve --demo` signs
-- GraphiQL in as) with a dozen of the base seed's users around them as sellers, buyers and
-- authors. Loaded once, after the base seed, in the same transaction as its caller.
--
-- Rows go in through the same triggers and SQL functions the API uses (credit reservations,
-- step accounting, bond levels, research progress, revisions, tag rows, rating averages), so
-- every counter and ledger is what the product would have produced. The credit functions
-- want a caller acting for the account: the script runs with service-role claims, local to
-- the transaction. Sizes are small (a few hundred rows): `serve --demo` stays quick.

SELECT set_config('request.jwt.claims', '{"role": "service_role"}', true);

CREATE TEMP TABLE seed_demo ON COMMIT DROP AS
    SELECT id FROM public.profiles WHERE username = 'demo';
CREATE TEMP TABLE seed_others ON COMMIT DROP AS
    SELECT id, row_number() OVER (ORDER BY created_at, id)::integer AS n
    FROM public.profiles WHERE username <> 'demo'
    ORDER BY created_at, id LIMIT 12;

-- Words → a 384-number embedding: each word of four letters or more adds 1 to the dimension
-- its hash picks. Texts sharing words point the same way, so cosine search finds them as
-- neighbours, deterministically and without a model.
CREATE OR REPLACE FUNCTION pg_temp.seed_embedding(body text) RETURNS public.vector
LANGUAGE sql IMMUTABLE
AS $$
    SELECT array_agg(coalesce(h.weight, 0) ORDER BY d.dim)::real[]::public.vector
    FROM generate_series(0, 383) AS d (dim)
    LEFT JOIN (
        SELECT (hashtext(word)::bigint % 384 + 384) % 384 AS dim, count(*)::real AS weight
        FROM regexp_split_to_table(lower(body), '[^a-z0-9]+') AS word
        WHERE char_length(word) >= 4
        GROUP BY 1
    ) AS h USING (dim)
$$;

-- ---------------------------------------------------------------------------------------
-- Billing: the demo user on Team (ten runs at once, 5,000 credits a month), four others on
-- Pro; everybody gets this month's grant, and the demo user paid for the plan.
-- ---------------------------------------------------------------------------------------
INSERT INTO public.subscriptions (user_id, tier_id, provider)
SELECT d.id, t.id, 'demo' FROM seed_demo d, public.subscription_tiers t WHERE t.slug = 'team'
UNION ALL
SELECT o.id, t.id, 'demo' FROM seed_others o, public.subscription_tiers t WHERE t.slug = 'pro' AND o.n <= 4
ON CONFLICT (user_id) DO NOTHING;

SELECT count(*) FROM public.profiles p, LATERAL public.grant_monthly_credits(p.id) AS granted;

INSERT INTO public.payments (user_id, order_id, amount_cents, status, description, completed_at)
SELECT d.id, 'demo-' || gen_random_uuid(), 4900, 'completed', 'Team plan, first month', now() - interval '3 days'
FROM seed_demo d;

-- ---------------------------------------------------------------------------------------
-- Social: a few posts by the demo user about Rust, with comments and replies, so the
-- README's first query has rows at every level.
-- ---------------------------------------------------------------------------------------
INSERT INTO public.posts (author_id, body, created_at)
SELECT d.id, p.body, now() - make_interval(hours => p.n)
FROM seed_demo d, (VALUES
    (1, 'Why we wrote our GraphQL gateway in rust: row-level security does the authorization'),
    (2, 'Dataloaders in rust keep every query to one statement per level'),
    (3, 'Benchmarking the rust gateway against PostgREST this week')
) AS p (n, body);

INSERT INTO public.comments (user_id, post_id, content)
SELECT o.id, p.id, 'Great write-up! Reader ' || o.n || ' has questions.'
FROM public.posts p JOIN seed_demo d ON p.author_id = d.id, seed_others o
WHERE p.body LIKE '%rust%' AND o.n <= 3;

INSERT INTO public.comments (user_id, post_id, parent_comment_id, content)
SELECT d.id, c.post_id, c.id, 'Thanks! The answers are in the next post.'
FROM public.comments c JOIN public.posts p ON p.id = c.post_id JOIN seed_demo d ON p.author_id = d.id;

-- ---------------------------------------------------------------------------------------
-- Agents: four runs in four states. Each run's budget is reserved under its id, as
-- create_agent_run does; steps go in pending, then record their credits and outcome, so the
-- triggers consume out of the reservation, count the steps and complete run 1 by themselves.
-- ---------------------------------------------------------------------------------------
CREATE TEMP TABLE seed_runs ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, r.*
    FROM (VALUES
        (1, 'Compare GraphQL gateways', 'research', 'completed', 200),
        (2, 'Draft the launch blog post', 'writing', 'running', 150),
        (3, 'Refactor the billing module', 'code', 'failed', 120),
        (4, 'Plan the Q3 roadmap', 'planning', 'waiting_for_user', 80)
    ) AS r (n, title, mode, final_status, budget);

INSERT INTO public.agent_runs (id, user_id, title, prompt, mode, status, credit_budget, config, created_at)
SELECT r.id, d.id, r.title, r.title || ', for the demo.', r.mode, 'running', r.budget,
       '{"model": "demo-model"}', now() - make_interval(hours => 5 - r.n)
FROM seed_runs r, seed_demo d;

SELECT count(*)
FROM seed_runs r, seed_demo d,
     LATERAL public.reserve_credits(d.id, r.budget, r.id, format('agent run budget: %s', r.title)) AS reserved;

CREATE TEMP TABLE seed_steps ON COMMIT DROP AS
    SELECT r.id AS run_id, s.*
    FROM seed_runs r JOIN (VALUES
        (1, 1, 'Search for gateway benchmarks', 'search', 'completed', 20),
        (1, 2, 'Read the PostgREST and Hasura docs', 'browser', 'completed', 35),
        (1, 3, 'Tabulate features and latency', 'code', 'completed', 25),
        (1, 4, 'Write the comparison', 'llm', 'completed', 40),
        (2, 1, 'Outline the post', 'llm', 'completed', 15),
        (2, 2, 'Collect benchmark figures', 'file', 'completed', 10),
        (2, 3, 'Write the first draft', 'llm', 'running', 30),
        (2, 4, 'Proofread', 'llm', 'pending', 0),
        (3, 1, 'Read the billing module', 'file', 'completed', 10),
        (3, 2, 'Split the ledger functions', 'code', 'completed', 30),
        (3, 3, 'Run the test suite', 'shell', 'failed', 5),
        (4, 1, 'Gather last quarter''s issues', 'connector', 'completed', 12),
        (4, 2, 'Draft the roadmap', 'llm', 'pending', 0)
    ) AS s (run_n, step_number, name, tool_type, final_status, credits) ON s.run_n = r.n;

INSERT INTO public.agent_steps (run_id, user_id, step_number, name, tool_type, input)
SELECT s.run_id, d.id, s.step_number, s.name, s.tool_type, jsonb_build_object('task', s.name)
FROM seed_steps s, seed_demo d
ORDER BY s.run_n, s.step_number;

UPDATE public.agent_steps st
SET status = s.final_status,
    credits_used = s.credits,
    output = CASE WHEN s.final_status = 'completed' THEN jsonb_build_object('summary', 'Done: ' || s.name) END,
    error = CASE WHEN s.final_status = 'failed' THEN '3 tests failed in credits::reserve' END
FROM seed_steps s
WHERE st.run_id = s.run_id AND st.step_number = s.step_number AND s.final_status <> 'pending';

UPDATE public.agent_runs a
SET status = r.final_status,
    error = CASE WHEN r.final_status = 'failed' THEN 'the test suite failed after the refactor' END,
    progress_message = CASE r.final_status
        WHEN 'running' THEN 'Writing the first draft'
        WHEN 'waiting_for_user' THEN 'Which quarter should the roadmap start from?' END
FROM seed_runs r
WHERE a.id = r.id AND r.final_status <> 'completed';

INSERT INTO public.agent_artifacts (run_id, user_id, step_id, name, storage_path, content_hash, size_bytes, mime_type)
SELECT st.run_id, st.user_id, st.id, a.name, 'agent-runs/' || st.run_id || '/' || a.name,
       encode(sha256(convert_to(st.run_id || a.name, 'UTF8')), 'hex'), a.size, a.mime
FROM seed_runs r
JOIN (VALUES
    (1, 4, 'gateway-comparison.md', 18432, 'text/markdown'),
    (1, 3, 'latency.csv', 2210, 'text/csv'),
    (2, 2, 'benchmark-figures.json', 5120, 'application/json'),
    (3, 2, 'ledger.patch', 7311, 'text/x-diff')
) AS a (run_n, step_number, name, size, mime) ON a.run_n = r.n
JOIN public.agent_steps st ON st.run_id = r.id AND st.step_number = a.step_number;

INSERT INTO public.agent_messages (run_id, user_id, role, content, created_at)
SELECT r.id, d.id, m.role, m.content, now() - make_interval(mins => 60 - m.k)
FROM seed_runs r, seed_demo d, (VALUES
    (1, 'user', 'Please get started.'),
    (2, 'assistant', 'On it: I will report each step here.'),
    (3, 'assistant', 'Halfway there.')
) AS m (k, role, content);

INSERT INTO public.agent_memory (user_id, run_id, key, content, importance, embedding)
SELECT d.id, r.id, m.key, m.content, m.importance, pg_temp.seed_embedding(m.content)
FROM seed_demo d
JOIN (VALUES
    (1, 'gateway-latency', 'Gateway latency matters most: keep query latency under ten milliseconds', 9),
    (1, 'gateway-features', 'Gateway features compared: subscriptions, batching, row level security', 7),
    (2, 'blog-tone', 'Blog posts should sound friendly and technical, short paragraphs', 6),
    (3, 'billing-tests', 'Billing ledger tests must pass before merging any billing refactor', 8)
) AS m (run_n, key, content, importance) ON true
JOIN seed_runs r ON r.n = m.run_n;

-- ---------------------------------------------------------------------------------------
-- Wide research: one job in progress (its 60 subtasks part done, part failed, part
-- running) and one finished; the statement-level trigger keeps their counts and status.
-- ---------------------------------------------------------------------------------------
INSERT INTO public.wide_research_templates (user_id, name, description, prompt_template)
SELECT d.id, 'Company profile', 'One profile per company', 'Summarise {item}: product, pricing, customers'
FROM seed_demo d;

CREATE TEMP TABLE seed_jobs ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, j.* FROM (VALUES
        (1, 'Profiles of 60 developer-tool companies', 60),
        (2, 'Pricing pages of 50 databases', 50)
    ) AS j (n, title, subtasks);

INSERT INTO public.wide_research_jobs (id, user_id, template_id, title)
SELECT j.id, d.id, t.id, j.title
FROM seed_jobs j, seed_demo d, public.wide_research_templates t
WHERE t.user_id = d.id;

INSERT INTO public.wide_research_subtasks (job_id, position, query)
SELECT j.id, i, 'Summarise company ' || (i + 1) || ': product, pricing, customers'
FROM seed_jobs j, generate_series(0, j.subtasks - 1) AS i;

UPDATE public.wide_research_subtasks s
SET status = CASE
        WHEN j.n = 2 OR s.position < 25 THEN 'completed'
        WHEN s.position < 28 THEN 'failed'
        ELSE 'running' END,
    attempts = CASE WHEN j.n = 1 AND s.position BETWEEN 25 AND 27 THEN 3 ELSE 1 END,
    result = CASE WHEN j.n = 2 OR s.position < 25
        THEN jsonb_build_object('summary', 'Company ' || (s.position + 1) || ' sells developer tools') END,
    error = CASE WHEN j.n = 1 AND s.position BETWEEN 25 AND 27 THEN 'the site did not answer' END,
    started_at = now() - interval '20 minutes',
    finished_at = CASE WHEN j.n = 2 OR s.position < 28 THEN now() - interval '5 minutes' END
FROM seed_jobs j
WHERE s.job_id = j.id AND (j.n = 2 OR s.position < 30);

-- ---------------------------------------------------------------------------------------
-- Automations (trigger first, then conditions and actions) with their runs, and scheduled
-- tasks: a weekly cron, an hourly interval, and one paused by three failures in a row.
-- ---------------------------------------------------------------------------------------
CREATE TEMP TABLE seed_automations ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, a.* FROM (VALUES
        (1, 'Welcome new followers', 'Send a thank-you message to each new follower'),
        (2, 'Cross-post videos', 'Share each new YouTube video on Instagram')
    ) AS a (n, name, description);

INSERT INTO public.automations (id, user_id, name, description)
SELECT a.id, d.id, a.name, a.description FROM seed_automations a, seed_demo d;

INSERT INTO public.automation_steps (automation_id, position, kind, operation, config)
SELECT a.id, s.position, s.kind, s.operation, s.config::jsonb
FROM seed_automations a JOIN (VALUES
    (1, 0, 'trigger', 'social.new_follower', '{}'),
    (1, 1, 'condition', 'follower.is_verified', '{"equals": true}'),
    (1, 2, 'action', 'messaging.send_direct', '{"body": "Thanks for the follow!"}'),
    (2, 0, 'trigger', 'content.published', '{"platform": "youtube"}'),
    (2, 1, 'action', 'content.cross_post', '{"platform": "instagram"}')
) AS s (n, position, kind, operation, config) ON s.n = a.n;

INSERT INTO public.automation_runs (automation_id, status, steps_completed, started_at, finished_at, error)
SELECT a.id, r.status, r.steps, now() - make_interval(hours => r.hours_ago),
       CASE WHEN r.status <> 'running' THEN now() - make_interval(hours => r.hours_ago) + interval '2 seconds' END,
       CASE WHEN r.status = 'failed' THEN 'Instagram refused the upload' END
FROM seed_automations a JOIN (VALUES
    (1, 'succeeded', 3, 30), (1, 'succeeded', 3, 20), (1, 'succeeded', 2, 10),
    (2, 'succeeded', 2, 26), (2, 'failed', 1, 2)
) AS r (n, status, steps, hours_ago) ON r.n = a.n
ORDER BY r.hours_ago DESC;

INSERT INTO public.scheduled_tasks (user_id, name, description, cron_expression, interval_seconds, action, payload, next_run_at)
SELECT d.id, t.name, t.description, t.cron, t.seconds, t.action, t.payload::jsonb,
       CASE WHEN t.cron IS NOT NULL
            -- Mondays 09:00 UTC, the cron expression's next time.
            THEN (SELECT min(monday) FROM (VALUES
                     (date_trunc('week', now() AT TIME ZONE 'UTC') + interval '9 hours'),
                     (date_trunc('week', now() AT TIME ZONE 'UTC') + interval '1 week 9 hours')) AS m (monday)
                  WHERE monday AT TIME ZONE 'UTC' > now()) AT TIME ZONE 'UTC'
            ELSE now() + make_interval(secs => t.seconds) END
FROM seed_demo d, (VALUES
    ('Weekly analytics digest', 'E-mail last week''s figures', '0 9 * * 1', NULL::integer, 'email.digest', '{"period": "week"}'),
    ('Refresh trending content', 'Recompute the trending list', NULL, 3600, 'content.refresh_trending', '{}'),
    ('Sync Instagram followers', 'Pull follower counts', NULL, 900, 'content.sync', '{"platform": "instagram"}')
) AS t (name, description, cron, seconds, action, payload);

INSERT INTO public.scheduled_task_runs (task_id, status, error, started_at, finished_at)
SELECT t.id, r.status, r.error, now() - make_interval(hours => r.hours_ago),
       now() - make_interval(hours => r.hours_ago) + interval '3 seconds'
FROM public.scheduled_tasks t JOIN seed_demo d ON t.user_id = d.id
JOIN (VALUES
    ('Weekly analytics digest', 'succeeded', NULL, 168),
    ('Refresh trending content', 'succeeded', NULL, 2),
    ('Refresh trending content', 'succeeded', NULL, 1),
    ('Sync Instagram followers', 'failed', 'Instagram token expired', 3),
    ('Sync Instagram followers', 'failed', 'Instagram token expired', 2),
    ('Sync Instagram followers', 'failed', 'Instagram token expired', 1)
) AS r (name, status, error, hours_ago) ON r.name = t.name
ORDER BY r.hours_ago DESC;

-- ---------------------------------------------------------------------------------------
-- Content (StreamVibe): the demo user's YouTube and Instagram accounts with a dozen items,
-- some edited since (revisions), all tagged (tag rows and the search vector follow), some
-- clicked; then the trending list, a featured creator and a few trending keywords.
-- ---------------------------------------------------------------------------------------
INSERT INTO public.platform_connections (user_id, platform_id, platform_user_id, vault_secret_name, scopes)
SELECT d.id, p.id, 'demo-' || p.slug, 'vault:demo/' || p.slug, ARRAY['read', 'publish']
FROM seed_demo d, public.platforms p WHERE p.slug IN ('youtube', 'instagram');

INSERT INTO public.social_accounts (user_id, platform_id, connection_id, status_id, handle, display_name, profile_url, followers_count, last_synced_at)
SELECT d.id, p.id, c.id, s.id, a.handle, 'Demo Builds', a.url, a.followers, now() - interval '1 hour'
FROM seed_demo d
JOIN (VALUES
    ('youtube', 'demobuilds', 'https://youtube.com/@demobuilds', 12400),
    ('instagram', 'demo.builds', 'https://instagram.com/demo.builds', 3100)
) AS a (platform, handle, url, followers) ON true
JOIN public.platforms p ON p.slug = a.platform
JOIN public.platform_connections c ON c.user_id = d.id AND c.platform_id = p.id
JOIN public.account_statuses s ON s.slug = 'active';

INSERT INTO public.content_items (user_id, social_account_id, content_type_id, category_id, platform_content_id,
                                  title, description, url, tags, views_count, likes_count, published_at)
SELECT d.id, sa.id, ct.id, cc.id, 'demo-' || i.n, i.title, i.description,
       'https://example.com/watch/demo-' || i.n, i.tags, i.views, i.views / 20, now() - make_interval(days => i.n)
FROM seed_demo d
JOIN (VALUES
    (1, 'youtube', 'video', 'technology', 'Building a GraphQL gateway in Rust', 'From zero to row-level security in one hour', ARRAY['rust', 'graphql', 'postgres'], 48000),
    (2, 'youtube', 'video', 'technology', 'PostgreSQL row-level security explained', 'Policies, roles and auth.uid()', ARRAY['postgres', 'security'], 31000),
    (3, 'youtube', 'livestream', 'technology', 'Live: benchmarking subscriptions', 'Ten thousand WebSocket subscribers', ARRAY['rust', 'websocket', 'benchmark'], 9000),
    (4, 'youtube', 'video', 'education', 'Cursor pagination done right', 'Why offsets break and cursors do not', ARRAY['graphql', 'pagination'], 22000),
    (5, 'youtube', 'short', 'technology', 'Dataloaders in 60 seconds', 'Batching relations without N+1', ARRAY['graphql', 'dataloader'], 65000),
    (6, 'youtube', 'video', 'science', 'Vector search with pgvector', 'Embeddings, cosine distance and HNSW', ARRAY['postgres', 'pgvector', 'ai'], 27000),
    (7, 'instagram', 'image', 'art', 'Neon garden at night', 'Generated with a diffusion model', ARRAY['art', 'ai', 'neon'], 5400),
    (8, 'instagram', 'post', 'lifestyle', 'Desk setup for remote work', 'Two screens, one keyboard, no cables', ARRAY['setup', 'remote'], 7800),
    (9, 'instagram', 'short', 'travel', 'Lisbon in 30 seconds', 'Trams, tiles and custard tarts', ARRAY['travel', 'lisbon'], 12000),
    (10, 'instagram', 'image', 'food', 'Sourdough, day three', 'The starter finally rose', ARRAY['food', 'baking'], 3300),
    (11, 'youtube', 'video', 'gaming', 'Speedrunning a puzzle game', 'Routing, tricks and one lucky skip', ARRAY['gaming', 'speedrun'], 15000),
    (12, 'youtube', 'video', 'music', 'Synthwave from scratch', 'Arpeggios, pads and a drum machine', ARRAY['music', 'synthwave'], 8800)
) AS i (n, platform, content_type, category, title, description, tags, views) ON true
JOIN public.platforms p ON p.slug = i.platform
JOIN public.social_accounts sa ON sa.user_id = d.id AND sa.platform_id = p.id
JOIN public.content_types ct ON ct.slug = i.content_type
JOIN public.content_categories cc ON cc.slug = i.category;

-- Edits: the old text is kept as a revision by trigger.
UPDATE public.content_items c
SET title = c.title || ' (updated)', tags = c.tags || ARRAY['tutorial']
FROM seed_demo d
WHERE c.user_id = d.id AND c.platform_content_id IN ('demo-1', 'demo-2', 'demo-4');
UPDATE public.content_items c
SET description = c.description || ', with code on GitHub'
FROM seed_demo d
WHERE c.user_id = d.id AND c.platform_content_id = 'demo-1';

INSERT INTO public.content_clicks (content_item_id, user_id, client_key, referrer)
SELECT c.id, o.id, encode(sha256(convert_to('user:' || o.id, 'UTF8')), 'hex'), 'https://news.example.com/'
FROM public.content_items c JOIN seed_demo d ON c.user_id = d.id, seed_others o
WHERE o.n <= 12 - (substring(c.platform_content_id FROM 6)::integer);

SELECT public.refresh_trending_content();

INSERT INTO public.featured_creators (user_id, headline, sort_order)
SELECT d.id, 'Rust and PostgreSQL, explained', 1 FROM seed_demo d;

SELECT public.count_search_keyword(k) FROM unnest(ARRAY['rust', 'rust', 'rust', 'graphql', 'graphql', 'pgvector']) AS k;

-- ---------------------------------------------------------------------------------------
-- Marketplace: items by four sellers and by the demo user; purchases paid in credits the
-- way purchase_marketplace_item pays (a reservation named by the purchase, consumed); a
-- review from each buyer (the rating average follows by trigger). Themes and widgets.
-- ---------------------------------------------------------------------------------------
INSERT INTO public.marketplace_items (seller_id, kind, title, description, price, tags, is_published)
SELECT coalesce(o.id, d.id), i.kind, i.title, i.description, i.price, i.tags, true
FROM seed_demo d
JOIN (VALUES
    (1, 'bot', 'Support Bot Pro', 'Answers customer questions from your docs', 12.50, ARRAY['support', 'bot']),
    (1, 'theme', 'Midnight Neon', 'A dark theme with neon accents', 4.00, ARRAY['dark', 'neon']),
    (2, 'widget', 'Follower Counter', 'Live follower count for every platform', 2.00, ARRAY['analytics']),
    (3, 'automation', 'Auto Cross-Poster', 'Publish once, post everywhere', 8.00, ARRAY['automation', 'social']),
    (4, 'theme', 'Paper Light', 'A calm light theme for long reading', 0.00, ARRAY['light', 'reading']),
    (NULL, 'bot', 'Rust Code Reviewer', 'Reviews pull requests for idiomatic Rust', 15.00, ARRAY['rust', 'code', 'bot']),
    (NULL, 'widget', 'Latency Sparkline', 'p50 and p99 of your API at a glance', 3.00, ARRAY['analytics', 'latency'])
) AS i (seller_n, kind, title, description, price, tags) ON true
LEFT JOIN seed_others o ON o.n = i.seller_n;

CREATE TEMP TABLE seed_purchases ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, b.buyer_id, i.id AS item_id, i.price, i.currency, i.title
    FROM public.marketplace_items i
    JOIN (
        -- The demo user buys from others; others buy the demo user's items.
        SELECT d.id AS buyer_id, 'others' AS from_whom FROM seed_demo d
        UNION ALL
        SELECT o.id, 'demo' FROM seed_others o WHERE o.n BETWEEN 5 AND 9
    ) AS b ON (b.from_whom = 'demo') = (i.seller_id IN (SELECT id FROM seed_demo))
    WHERE i.title IN ('Support Bot Pro', 'Midnight Neon', 'Follower Counter', 'Paper Light', 'Rust Code Reviewer');

INSERT INTO public.marketplace_purchases (id, buyer_id, item_id, price_paid, currency)
SELECT id, buyer_id, item_id, price, currency FROM seed_purchases;

SELECT count(*) FROM seed_purchases p,
    LATERAL public.reserve_credits(p.buyer_id, ceil(p.price)::bigint, p.id, 'marketplace: ' || p.title) AS reserved
WHERE p.price > 0;
SELECT count(*) FROM seed_purchases p,
    LATERAL public.consume_credits(p.buyer_id, ceil(p.price)::bigint, p.id, 'marketplace: ' || p.title) AS consumed
WHERE p.price > 0;

INSERT INTO public.marketplace_reviews (item_id, reviewer_id, rating, comment)
SELECT p.item_id, p.buyer_id, 3 + (abs(hashtext(p.buyer_id::text || p.item_id)) % 3),
       (ARRAY['Works as described.', 'Saved me hours.', 'Solid, a few rough edges.'])[1 + abs(hashtext(p.item_id::text)) % 3]
FROM seed_purchases p;

INSERT INTO public.themes (user_id, name, colors, is_public)
SELECT coalesce(o.id, d.id), t.name, t.colors::jsonb, t.is_public
FROM seed_demo d
JOIN (VALUES
    (NULL, 'Demo Dark', '{"background": "#101418", "accent": "#ff44aa"}', true),
    (NULL, 'Demo Draft', '{"background": "#ffffff", "accent": "#4444ff"}', false),
    (1, 'Ocean', '{"background": "#0b3d5c", "accent": "#38bdf8"}', true),
    (2, 'Forest', '{"background": "#13281c", "accent": "#84cc16"}', true)
) AS t (owner_n, name, colors, is_public) ON true
LEFT JOIN seed_others o ON o.n = t.owner_n;

INSERT INTO public.user_widgets (user_id, widget_type, layout, config, sort_order)
SELECT d.id, w.widget_type, w.layout::jsonb, w.config::jsonb, w.sort_order
FROM seed_demo d, (VALUES
    ('credits', '{"x": 0, "y": 0, "w": 4, "h": 2}', '{"show": "available"}', 0),
    ('agent_runs', '{"x": 4, "y": 0, "w": 8, "h": 4}', '{"status": "active"}', 1),
    ('follower_counter', '{"x": 0, "y": 2, "w": 4, "h": 2}', '{"platforms": ["youtube", "instagram"]}', 2)
) AS w (widget_type, layout, config, sort_order);

-- ---------------------------------------------------------------------------------------
-- Crypto: an Ethereum and a Solana wallet with confirmed, pending and failed transactions.
-- ---------------------------------------------------------------------------------------
INSERT INTO public.wallets (user_id, chain, address, label)
SELECT d.id, w.chain, w.address, w.label
FROM seed_demo d, (VALUES
    ('ethereum', '0x52908400098527886E0F7030069857D2E4169EE7', 'Main'),
    ('solana', '7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU', 'Phantom')
) AS w (chain, address, label);

INSERT INTO public.crypto_transactions (user_id, wallet_id, kind, amount, asset, tx_hash, status, created_at)
SELECT w.user_id, w.id, t.kind, t.amount, CASE w.chain WHEN 'solana' THEN 'SOL' ELSE 'ETH' END,
       '0x' || encode(sha256(convert_to(w.id::text || t.n, 'UTF8')), 'hex'), t.status,
       now() - make_interval(days => 10 - t.n)
FROM public.wallets w JOIN seed_demo d ON w.user_id = d.id, (VALUES
    (1, 'deposit', 1.5, 'confirmed'),
    (2, 'purchase', 0.042, 'confirmed'),
    (3, 'withdrawal', 0.25, 'confirmed'),
    (4, 'deposit', 0.000000000000000001, 'failed'),
    (5, 'purchase', 0.1, 'pending')
) AS t (n, kind, amount, status);

-- ---------------------------------------------------------------------------------------
-- AI companions: a conversation with each Luminor. Messages go through
-- add_message_to_conversation (10 bond XP each), so the bonds reach levels 3, 2 and 1,
-- with the level-up notifications.
-- ---------------------------------------------------------------------------------------
INSERT INTO public.luminor_conversations (user_id, luminor_id, title, session_id)
SELECT d.id, l.id, 'Working with ' || l.name, 'demo-session'
FROM seed_demo d, public.luminors l WHERE l.slug IN ('lumina', 'harmonix', 'kinetix');

SELECT count(*)
FROM public.luminor_conversations c
JOIN seed_demo d ON c.user_id = d.id
JOIN public.luminors l ON l.id = c.luminor_id,
LATERAL generate_series(1, CASE l.slug WHEN 'lumina' THEN 40 WHEN 'harmonix' THEN 12 ELSE 4 END) AS i,
LATERAL public.add_message_to_conversation(
    c.id, d.id, CASE WHEN i % 2 = 1 THEN 'user' ELSE 'assistant' END,
    CASE WHEN i % 2 = 1 THEN 'Idea ' || (i + 1) / 2 || ' for ' || l.name || ': what do you think?'
         ELSE l.name || ' likes idea ' || i / 2 || ' and suggests a variation.' END,
    CASE WHEN i % 2 = 0 THEN 'demo-model' END, 40 + i) AS added;

-- ---------------------------------------------------------------------------------------
-- AI clones with tasks in every state, and AI memories with word embeddings in three
-- topics (editor, travel, music), so a memory's nearest neighbours share its topic.
-- ---------------------------------------------------------------------------------------
CREATE TEMP TABLE seed_clones ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, c.* FROM (VALUES
        (1, 'Writing twin', 'Drafts posts in my voice', 'gpt-4o', 'active'),
        (2, 'Research twin', 'Reads papers and summarises them', 'claude-sonnet', 'training')
    ) AS c (n, name, description, model_type, status);

INSERT INTO public.ai_clones (id, user_id, name, description, model_type, status)
SELECT c.id, d.id, c.name, c.description, c.model_type, c.status FROM seed_clones c, seed_demo d;

INSERT INTO public.ai_tasks (clone_id, task_name, task_input, task_output, status, priority, error_message)
SELECT c.id, t.name, jsonb_build_object('brief', t.name), t.output::jsonb, t.status, t.priority, t.error
FROM seed_clones c JOIN (VALUES
    (1, 'Draft Monday''s newsletter', '{"words": 640}', 'completed', 'high', NULL),
    (1, 'Reply to comments on the Rust video', '{}', 'in_progress', 'medium', NULL),
    (1, 'Plan next month''s posts', '{}', 'pending', 'low', NULL),
    (2, 'Summarise the HNSW paper', '{}', 'failed', 'medium', 'the PDF could not be read'),
    (2, 'Summarise the pgvector changelog', '{}', 'cancelled', 'low', NULL)
) AS t (n, name, output, status, priority, error) ON t.n = c.n;

INSERT INTO public.ai_memories (user_id, content, kind, importance, embedding)
SELECT d.id, m.content, m.kind, m.importance, pg_temp.seed_embedding(m.content)
FROM seed_demo d, (VALUES
    ('Prefers a dark editor theme with large fonts', 'preference', 7),
    ('Editor shortcuts: uses vim keybindings in every editor', 'preference', 6),
    ('Editor plugins: rust analyzer and a dark theme', 'fact', 5),
    ('Travel plans: Lisbon in spring, then Porto by train', 'event', 8),
    ('Travel preference: window seats on trains, never night buses', 'preference', 4),
    ('Visited Lisbon last spring and loved the trams', 'event', 5),
    ('Music taste: synthwave and ambient while coding', 'preference', 6),
    ('Music project: a synthwave track with analog pads', 'skill', 7),
    ('Plays ambient music playlists during long focus sessions', 'fact', 3)
) AS m (content, kind, importance);

-- ---------------------------------------------------------------------------------------
-- Notifications: a few more for the demo user, read and unread.
-- ---------------------------------------------------------------------------------------
INSERT INTO public.notifications (user_id, type, title, message, action_url, is_read, read_at)
SELECT d.id, n.type, n.title, n.message, n.url, n.is_read, CASE WHEN n.is_read THEN now() END
FROM seed_demo d, (VALUES
    ('success', 'Agent run completed', 'Compare GraphQL gateways finished with 4 steps.', '/agent-runs', false),
    ('warning', 'Scheduled task paused', 'Sync Instagram followers failed 3 times in a row.', '/scheduled-tasks', false),
    ('info', 'New purchase', 'Someone bought Rust Code Reviewer.', '/marketplace', true)
) AS n (type, title, message, url, is_read);

DROP FUNCTION pg_temp.seed_embedding(text);
