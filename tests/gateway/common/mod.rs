//! The test harness: a real PostgreSQL, a fresh database per test, the real router on a real
//! socket.
//!
//! The cluster is `SWITCHYARD_TEST_DATABASE_URL` (a superuser URL of its maintenance
//! database) when set, otherwise an embedded cluster under `target/test-cluster` that this
//! harness starts itself. A template database is migrated once per cluster; each test clones
//! it (`CREATE DATABASE … TEMPLATE`), which takes milliseconds, and drops the clone when the
//! test ends, passed or failed.

pub mod nats;
pub mod process;
pub mod socket;
pub mod streamed;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value as SqlValue};
use serde_json::{Value, json};
use switchyard::http::listener::CappedListener;
use switchyard::http::state::AppState;
use switchyard::http::trusted::TrustedDocuments;
use switchyard_core::auth::{JwtKeys, Role};
use switchyard_core::config::{AuthConfig, Limits, TokenPolicy};
use switchyard_core::db::PoolSize;
use switchyard_core::db::embedded::EmbeddedCluster;
use switchyard_core::metrics::Metrics;
use tokio::sync::OnceCell;
use uuid::Uuid;

const TEMPLATE: &str = "switchyard_test_template";
/// The secret test servers sign and check tokens with.
pub const SECRET: &str = "test-secret-that-is-long-enough-for-hs256";
/// The key test servers encrypt connector tokens with.
pub const CONNECTOR_KEY: &str = "test-connector-key";
/// Generous bound for anything a test waits on, on a loaded machine.
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(30);

static CLUSTER: OnceCell<String> = OnceCell::const_new();

/// The superuser URL of the test cluster's maintenance database, with the template ready.
async fn cluster_admin_url() -> Result<&'static String> {
    CLUSTER
        .get_or_try_init(|| async {
            let url = match std::env::var("SWITCHYARD_TEST_DATABASE_URL") {
                Ok(url) => url,
                Err(_) => {
                    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("target")
                        .join("test-cluster");
                    EmbeddedCluster::start(&folder, checkout_port())
                        .await?
                        .url("postgres")
                }
            };
            prepare_template(&url).await?;
            Ok(url)
        })
        .await
}

/// A port in 25000..26000 derived from this checkout's path (FNV-1a), so several checkouts
/// on one machine each get their own test cluster. Below Linux's ephemeral range
/// (32768..61000): there, one of the tests' own outgoing connections can hold the port at
/// the moment PostgreSQL binds it (the restart test's cluster once found its port taken).
pub fn checkout_port() -> u16 {
    let hash = env!("CARGO_MANIFEST_DIR")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    25_000 + (hash % 1_000) as u16
}

/// A test database, usually cloned from the template; it is dropped when the last server
/// over it goes away, so a run leaves none of its few hundred databases behind.
pub struct DatabaseLease {
    admin_url: String,
    name: String,
    /// The database's superuser URL.
    pub url: String,
}

impl DatabaseLease {
    /// Clones the template into a new database.
    async fn clone_template(admin_url: &str) -> Result<Self> {
        Self::create(admin_url, &format!("TEMPLATE {TEMPLATE}")).await
    }

    /// A migrated database of the test cluster, for a test that runs the binary on it.
    pub async fn migrated() -> Result<Self> {
        Self::clone_template(cluster_admin_url().await?).await
    }

    /// A database of the test cluster that was never migrated.
    pub async fn empty() -> Result<Self> {
        Self::create(cluster_admin_url().await?, "").await
    }

    /// `CREATE DATABASE <new name> <options>`.
    async fn create(admin_url: &str, options: &str) -> Result<Self> {
        let name = format!("test_{}", Uuid::new_v4().simple());
        let admin = sea_orm::Database::connect(admin_url).await?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name} {options}"))
            .await?;
        admin.close().await?;
        Ok(Self {
            url: with_database(admin_url, &name)?,
            admin_url: admin_url.into(),
            name,
        })
    }
}

impl Drop for DatabaseLease {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let drop_database = move || {
            if let Err(error) = drop_database(&admin_url, &name) {
                eprintln!("could not drop test database {name}: {error:#}");
            }
        };
        // Not by blocking the test's runtime: its server tasks would stop mid-way, and a
        // connection of theirs left mid-authentication holds DROP DATABASE (its
        // ProcSignalBarrier) until PostgreSQL's one-minute authentication timeout. A
        // blocking task runs beside them, and the runtime's shutdown waits for it.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(drop_database)),
            Err(_) => drop_database(),
        }
    }
}

/// Drops database `name`, closing its connections.
fn drop_database(admin_url: &str, name: &str) -> Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let admin = sea_orm::Database::connect(admin_url).await?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
            Ok(admin.close().await?)
        })
}

/// `admin_url` naming database `name` instead, its parameters (a socket's `host`) kept.
fn with_database(admin_url: &str, name: &str) -> Result<String> {
    let (address, parameters) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(address, parameters)| {
            (address, Some(parameters))
        });
    let (base, _) = address
        .rsplit_once('/')
        .context("the admin URL has no database name")?;
    Ok(match parameters {
        Some(parameters) => format!("{base}/{name}?{parameters}"),
        None => format!("{base}/{name}"),
    })
}

/// Migrates the template once per cluster; an advisory lock keeps concurrent test binaries
/// from racing, and a template with the wrong number of migrations is rebuilt.
async fn prepare_template(admin_url: &str) -> Result<()> {
    use migration::MigratorTrait as _;
    let admin = sea_orm::Database::connect(admin_url).await?;
    admin
        .execute_unprepared("SELECT pg_advisory_lock(727274)")
        .await?;
    let expected = migration::Migrator::migrations().len() as i64;
    let exists = admin
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            [TEMPLATE.into()],
        ))
        .await?
        .is_some();
    let mut fresh = exists;
    if exists {
        let template = sea_orm::Database::connect(with_database(admin_url, TEMPLATE)?).await?;
        let applied = template
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT count(*) AS n FROM seaql_migrations",
            ))
            .await
            .ok()
            .flatten()
            .and_then(|row| row.try_get::<i64>("", "n").ok());
        template.close().await?;
        fresh = applied == Some(expected);
    }
    if !fresh {
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
            .await?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {TEMPLATE}"))
            .await?;
        let template = sea_orm::Database::connect(with_database(admin_url, TEMPLATE)?).await?;
        migration::Migrator::up(&template, None).await?;
        template.close().await?;
    }
    admin
        .execute_unprepared("SELECT pg_advisory_unlock(727274)")
        .await?;
    admin.close().await?;
    Ok(())
}

/// A running gateway over its own fresh database.
pub struct TestApp {
    /// Where the server listens.
    pub address: SocketAddr,
    /// An HTTP client.
    pub client: reqwest::Client,
    /// The test database as its owner (bypasses RLS): for setting up rows and peeking.
    pub db: DatabaseConnection,
    /// The server's series (what `/metrics` shows).
    pub metrics: Arc<Metrics>,
    keys: JwtKeys,
    lease: Arc<DatabaseLease>,
}

/// A user created for a test, with a token.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// `users.id` = `profiles.id`.
    pub id: Uuid,
    /// Profile username.
    pub username: String,
    /// A valid JWT for this user.
    pub token: String,
}

/// How a test server is set up: by default, the server's default limits and token policy,
/// every document allowed, and a request pool of 8 that waits up to 10 s.
struct Options {
    limits: Limits,
    policy: TokenPolicy,
    trusted: Option<TrustedDocuments>,
    pool: PoolSize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            policy: TokenPolicy::default(),
            trusted: None,
            pool: PoolSize {
                connections: 8,
                wait: Duration::from_secs(10),
            },
        }
    }
}

impl TestApp {
    /// Starts a server with default limits.
    pub async fn spawn() -> Result<Self> {
        Self::spawn_with(Limits::default()).await
    }

    /// Starts a server with the given limits over a fresh clone of the template.
    pub async fn spawn_with(limits: Limits) -> Result<Self> {
        switchyard_core::telemetry::init_for_tests();
        let admin_url = cluster_admin_url().await?;
        let lease = Arc::new(DatabaseLease::clone_template(admin_url).await?);
        Self::serve(
            lease,
            Options {
                limits,
                ..Options::default()
            },
        )
        .await
    }

    /// Starts a server that runs only the operations of the manifest at `manifest`
    /// (`SWITCHYARD_TRUSTED_DOCUMENTS`).
    pub async fn spawn_trusting(manifest: &std::path::Path) -> Result<Self> {
        switchyard_core::telemetry::init_for_tests();
        let admin_url = cluster_admin_url().await?;
        let lease = Arc::new(DatabaseLease::clone_template(admin_url).await?);
        let trusted = Some(TrustedDocuments::load(manifest)?);
        Self::serve(
            lease,
            Options {
                trusted,
                ..Options::default()
            },
        )
        .await
    }

    /// Starts a server with default limits that accepts the tokens `policy` says (a key set,
    /// an issuer, an audience); the tokens [`TestApp::token`] mints carry its issuer and
    /// audience.
    pub async fn spawn_with_policy(policy: TokenPolicy) -> Result<Self> {
        switchyard_core::telemetry::init_for_tests();
        let admin_url = cluster_admin_url().await?;
        let lease = Arc::new(DatabaseLease::clone_template(admin_url).await?);
        Self::serve(
            lease,
            Options {
                policy,
                ..Options::default()
            },
        )
        .await
    }

    /// Starts a server over a fresh database of another cluster (given by its superuser
    /// URL), for tests that must stop or restart PostgreSQL without disturbing the others.
    pub async fn spawn_on_cluster(admin_url: &str) -> Result<Self> {
        switchyard_core::telemetry::init_for_tests();
        prepare_template(admin_url).await?;
        let lease = Arc::new(DatabaseLease::clone_template(admin_url).await?);
        Self::serve(lease, Options::default()).await
    }

    /// Starts a server with default limits whose request pool is `pool`.
    pub async fn spawn_with_pool(pool: PoolSize) -> Result<Self> {
        Self::spawn_with_pool_and_limits(pool, Limits::default()).await
    }

    /// Starts a server with `limits` whose request pool is `pool`.
    pub async fn spawn_with_pool_and_limits(pool: PoolSize, limits: Limits) -> Result<Self> {
        switchyard_core::telemetry::init_for_tests();
        let admin_url = cluster_admin_url().await?;
        let lease = Arc::new(DatabaseLease::clone_template(admin_url).await?);
        Self::serve(
            lease,
            Options {
                pool,
                limits,
                ..Options::default()
            },
        )
        .await
    }

    /// A second server process over this one's database (its own pool, listener and hub),
    /// as when several gateways run behind a load balancer.
    pub async fn spawn_beside(&self) -> Result<Self> {
        self.spawn_beside_with(Limits::default()).await
    }

    /// A second server process over this one's database, with other limits.
    pub async fn spawn_beside_with(&self, limits: Limits) -> Result<Self> {
        let options = Options {
            limits,
            ..Options::default()
        };
        Self::serve(Arc::clone(&self.lease), options).await
    }

    /// Starts the real router on a free port over the leased database.
    async fn serve(lease: Arc<DatabaseLease>, options: Options) -> Result<Self> {
        let Options {
            limits,
            policy,
            trusted,
            pool,
        } = options;
        let database_url = lease.url.clone();
        let metrics = Arc::new(Metrics::default());
        let pool =
            switchyard_core::db::connect(&database_url, "requests", pool, Arc::clone(&metrics))
                .await?;
        let auth = AuthConfig {
            jwt_secret: SECRET.into(),
            token_ttl: 3600,
            connector_key: CONNECTOR_KEY.into(),
        };
        let state = AppState::new(
            pool,
            &database_url,
            None,
            &auth,
            &policy,
            limits,
            Arc::clone(&metrics),
        )
        .await?;
        let state = match trusted {
            Some(documents) => state.trusting(documents),
            None => state,
        };
        // The embedded playground, as `serve` builds the router.
        let router = switchyard::http::build_router(state, None);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        // The listener `serve` uses, with its per-address caps.
        let listener = CappedListener::new(listener, &limits);
        tokio::spawn(switchyard::http::server::serve(
            listener,
            router,
            limits.read_timeout(),
            std::future::pending(),
        ));
        Ok(Self {
            address,
            client: reqwest::Client::new(),
            db: sea_orm::Database::connect(database_url.as_str()).await?,
            metrics,
            keys: JwtKeys::with_policy(&auth, &policy),
            lease,
        })
    }

    /// The database this server runs on.
    pub fn lease(&self) -> &DatabaseLease {
        &self.lease
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// A token for `user` with `role`, valid for an hour.
    pub fn token(&self, user: Option<Uuid>, role: Role) -> Result<String> {
        Ok(self.keys.mint(user, role, 3600)?)
    }

    /// A user token that expires `seconds` from now.
    pub fn token_expiring_in(&self, user: Uuid, seconds: u64) -> Result<String> {
        Ok(self.keys.mint(Some(user), Role::Authenticated, seconds)?)
    }

    /// A token signed with the server's key for arbitrary claims (for refusal tests).
    pub fn sign_claims(&self, claims: &Value) -> Result<String> {
        let key = jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes());
        Ok(jsonwebtoken::encode(
            &jsonwebtoken::Header::default(),
            claims,
            &key,
        )?)
    }

    /// Creates a user with a profile (as the owner) and returns it with a token.
    pub async fn create_user(&self, username: &str) -> Result<TestUser> {
        let id = Uuid::new_v4();
        self.exec(
            "INSERT INTO users (id, email) VALUES ($1, $2)",
            [id.into(), format!("{username}@example.com").into()],
        )
        .await?;
        self.exec(
            "INSERT INTO profiles (id, username, display_name) VALUES ($1, $2, $3)",
            [id.into(), username.into(), username.to_uppercase().into()],
        )
        .await?;
        Ok(TestUser {
            id,
            username: username.into(),
            token: self.token(Some(id), Role::Authenticated)?,
        })
    }

    /// Runs a statement as the owner.
    pub async fn exec<const N: usize>(&self, sql: &str, values: [SqlValue; N]) -> Result<()> {
        self.db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
            .await?;
        Ok(())
    }

    /// Runs a query as the owner and returns the first column of the first row as a bigint
    /// (a `count(*)`).
    pub async fn count<const N: usize>(&self, sql: &str, values: [SqlValue; N]) -> Result<i64> {
        self.first_value(sql, values).await
    }

    /// A transaction on the test database as `role` with `user`'s claims, as a client of
    /// the database (Supabase-style) or a policy bug would run: row-level security and
    /// grants apply to everything it runs.
    pub async fn begin_as(
        &self,
        role: &str,
        user: Option<Uuid>,
    ) -> Result<sea_orm::DatabaseTransaction> {
        use sea_orm::TransactionTrait as _;
        let tx = self.db.begin().await?;
        let claims = serde_json::json!({ "sub": user, "role": role }).to_string();
        tx.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true)",
            [role.into(), claims.into()],
        ))
        .await?;
        Ok(tx)
    }

    /// Runs a query as the owner and returns the first column of the first row as a uuid.
    pub async fn insert_returning_id<const N: usize>(
        &self,
        sql: &str,
        values: [SqlValue; N],
    ) -> Result<Uuid> {
        self.first_value(sql, values).await
    }

    /// Runs a query as the owner and returns the first column of the first row.
    pub async fn value<T: sea_orm::TryGetable, const N: usize>(
        &self,
        sql: &str,
        values: [SqlValue; N],
    ) -> Result<T> {
        self.first_value(sql, values).await
    }

    async fn first_value<T: sea_orm::TryGetable, const N: usize>(
        &self,
        sql: &str,
        values: [SqlValue; N],
    ) -> Result<T> {
        let row = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
            .await?
            .context("the statement returned no row")?;
        Ok(row.try_get_by_index::<T>(0)?)
    }

    /// Creates a post as the owner.
    pub async fn create_post(
        &self,
        author: &TestUser,
        body: &str,
        visibility: &str,
    ) -> Result<Uuid> {
        self.insert_returning_id(
            "INSERT INTO posts (author_id, body, visibility) VALUES ($1, $2, $3) RETURNING id",
            [author.id.into(), body.into(), visibility.into()],
        )
        .await
    }

    /// POSTs a GraphQL request and returns the HTTP status and JSON body.
    pub async fn post_graphql(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Result<(u16, Value)> {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await?))
    }

    /// A GraphQL query that must succeed without errors; returns `data`.
    pub async fn query(&self, token: Option<&str>, query: &str, variables: Value) -> Result<Value> {
        let (status, body) = self.post_graphql(token, query, variables).await?;
        if status != 200 || body.get("errors").is_some() {
            bail!("query failed with HTTP {status}: {body}");
        }
        Ok(body["data"].clone())
    }

    /// A GraphQL query expected to fail; returns the first error's `extensions.code`.
    pub async fn error_code(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Result<String> {
        let (_, body) = self.post_graphql(token, query, variables).await?;
        body["errors"][0]["extensions"]["code"]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("expected an error, got {body}"))
    }

    /// Subscriptions open on this server, as its `/metrics` reports them (per feed, the
    /// series of a feed appearing with its first subscription).
    pub async fn open_subscriptions(&self) -> Result<u64> {
        Ok(sum(
            &self.scrape().await?,
            "switchyard_realtime_subscriptions",
        ))
    }

    /// This server's `/metrics`, parsed by a Prometheus text parser.
    pub async fn scrape(&self) -> Result<prometheus_parse::Scrape> {
        scrape(&self.client, &self.url("")).await
    }

    /// The value of counter or gauge `name` in `/metrics`, summed over its label sets.
    /// Fails when `/metrics` does not describe the series (a labelled series appears with
    /// its first sample).
    pub async fn metric(&self, name: &str) -> Result<u64> {
        let scrape = self.scrape().await?;
        // `# HELP` names a counter without `_total`, a histogram without `_count` / `_sum`.
        let described = ["", "_total", "_count", "_sum"]
            .iter()
            .filter_map(|suffix| name.strip_suffix(suffix))
            .any(|base| scrape.docs.contains_key(base));
        if !described {
            bail!("/metrics has no {name}");
        }
        Ok(sum(&scrape, name))
    }

    /// Polls `/metrics` until `wanted` subscriptions are open (generous bound for a loaded
    /// machine); fails with the last count otherwise.
    pub async fn wait_for_subscriptions(&self, wanted: u64) -> Result<()> {
        self.wait_for_metric("switchyard_realtime_subscriptions", wanted)
            .await
    }

    /// Waits until `wanted` subscriptions are served by shared executions.
    pub async fn wait_for_shared_subscriptions(&self, wanted: u64) -> Result<()> {
        self.wait_for_metric("switchyard_realtime_shared_subscriptions", wanted)
            .await
    }

    /// Waits until series `name` (summed over its labels) is `wanted`.
    pub async fn wait_for_metric(&self, name: &str, wanted: u64) -> Result<()> {
        wait_for_metric(&self.client, &self.url(""), name, wanted).await
    }

    /// SQL statements the server has issued so far.
    pub fn statements(&self) -> u64 {
        self.metrics.statements()
    }
}

/// The samples of counter or gauge `name` in `scrape`, summed over their label sets.
/// `/metrics` of the server at `base` (`http://host:port`), parsed by a Prometheus text
/// parser.
pub async fn scrape(client: &reqwest::Client, base: &str) -> Result<prometheus_parse::Scrape> {
    let text = client
        .get(format!("{base}/metrics"))
        .send()
        .await?
        .text()
        .await?;
    Ok(prometheus_parse::Scrape::parse(
        text.lines().map(|line| Ok(line.to_owned())),
    )?)
}

/// Polls the `/metrics` of the server at `base` until series `name` (summed over its
/// labels) is `wanted` (generous bound for a loaded machine); fails with the last value
/// otherwise.
pub async fn wait_for_metric(
    client: &reqwest::Client,
    base: &str,
    name: &str,
    wanted: u64,
) -> Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let open = sum(&scrape(client, base).await?, name);
        if open == wanted {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            bail!("expected {name} at {wanted}, still {open}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The value of series `name` in `scrape`, summed over its label sets.
pub fn sum(scrape: &prometheus_parse::Scrape, name: &str) -> u64 {
    let total: f64 = scrape
        .samples
        .iter()
        .filter(|sample| sample.metric == name)
        .map(|sample| match sample.value {
            prometheus_parse::Value::Counter(value)
            | prometheus_parse::Value::Gauge(value)
            | prometheus_parse::Value::Untyped(value) => value,
            prometheus_parse::Value::Histogram(_) | prometheus_parse::Value::Summary(_) => 0.0,
        })
        .sum();
    total as u64
}

/// The value of the sample of `metric` in `scrape` whose labels include every pair of
/// `labels`.
pub fn sample(
    scrape: &prometheus_parse::Scrape,
    metric: &str,
    labels: &[(&str, &str)],
) -> Option<f64> {
    scrape
        .samples
        .iter()
        .filter(|sample| sample.metric == metric)
        .filter(|sample| {
            labels
                .iter()
                .all(|(key, value)| sample.labels.get(key) == Some(value))
        })
        .find_map(|sample| match sample.value {
            prometheus_parse::Value::Counter(value)
            | prometheus_parse::Value::Gauge(value)
            | prometheus_parse::Value::Untyped(value) => Some(value),
            prometheus_parse::Value::Histogram(_) | prometheus_parse::Value::Summary(_) => None,
        })
}

/// The connections pool `pool` holds in `scrape`, in use or idle.
pub fn pool_connections(scrape: &prometheus_parse::Scrape, pool: &str) -> f64 {
    ["in_use", "idle"]
        .iter()
        .filter_map(|state| {
            sample(
                scrape,
                "switchyard_db_pool_connections",
                &[("pool", pool), ("state", state)],
            )
        })
        .sum()
}

/// The `node` objects of a connection in `data`.
pub fn nodes(connection: &Value) -> Vec<Value> {
    connection["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|edge| edge["node"].clone()).collect())
        .unwrap_or_default()
}

/// One field of every node of a connection, as strings.
pub fn node_strings(connection: &Value, field: &str) -> Vec<String> {
    nodes(connection)
        .iter()
        .map(|node| node[field].as_str().unwrap_or_default().to_owned())
        .collect()
}
