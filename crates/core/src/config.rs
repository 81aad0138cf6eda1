//! Command line and environment configuration, read once at start-up into [`Cli`].
//!
//! Every setting is a flag with an environment variable behind it (clap `env`), so the same
//! binary runs from a shell, the Makefile, CI and tests. Nothing else reads the environment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use uuid::Uuid;

use crate::role::Role;

/// `switchyard`: a GraphQL gateway over one PostgreSQL database.
#[derive(Debug, Parser)]
#[command(name = "switchyard", version, about)]
pub struct Cli {
    /// Where the data lives.
    #[command(flatten)]
    pub database: DatabaseConfig,
    /// How tokens are signed and checked.
    #[command(flatten)]
    pub auth: AuthArgs,
    /// Which other tokens are accepted and what every token must carry.
    #[command(flatten)]
    pub token_policy: TokenPolicyArgs,
    /// Where traces go.
    #[command(flatten)]
    pub telemetry: TelemetryConfig,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// OpenTelemetry traces (see [`crate::telemetry`]): off unless an endpoint is given. The
/// exporter also honours the standard `OTEL_EXPORTER_OTLP_HEADERS` and
/// `OTEL_EXPORTER_OTLP_TIMEOUT`, which it reads itself.
#[derive(Debug, Clone, Args)]
pub struct TelemetryConfig {
    /// Base URL of an OTLP/HTTP collector (e.g. `http://localhost:4318`); traces are posted
    /// to `<url>/v1/traces`. Unset: no traces.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_ENDPOINT", global = true)]
    pub otlp_endpoint: Option<String>,
    /// The `service.name` the traces carry.
    #[arg(
        long,
        env = "OTEL_SERVICE_NAME",
        default_value = "switchyard",
        global = true
    )]
    pub service_name: String,
}

/// The subcommands of the server binary.
#[derive(Debug, Subcommand)]
#[expect(
    clippy::large_enum_variant,
    reason = "parsed once at start; boxing would only add indirection"
)]
pub enum Command {
    /// Serve GraphQL over HTTP (and GraphiQL at `/`).
    Serve(ServeConfig),
    /// Apply pending migrations and exit.
    Migrate,
    /// Load demo data (profiles, posts, comments, likes, follows, conversations).
    Seed(SeedConfig),
    /// Print the GraphQL schema (SDL) to standard output.
    Schema,
    /// Mint a signed JWT for local use.
    Token(TokenConfig),
    /// Start or stop the embedded PostgreSQL cluster (used by the test runner).
    Cluster {
        /// What to do with it.
        #[command(subcommand)]
        action: ClusterAction,
    },
}

/// Actions on the embedded cluster.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum ClusterAction {
    /// Start it (creating it on first use) and print the superuser URL of its `postgres`
    /// database.
    Start,
    /// Stop it.
    Stop,
}

/// Which database to use. Without `DATABASE_URL` an embedded cluster is started.
#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// PostgreSQL URL of an existing database; when absent, a private cluster is started
    /// from the machine's PostgreSQL binaries under `--data-dir`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Folder of the embedded cluster (created on first use, reused afterwards).
    #[arg(
        long,
        env = "SWITCHYARD_DATA_DIR",
        default_value = ".switchyard",
        global = true
    )]
    pub data_dir: PathBuf,
    /// TCP port of the embedded cluster on 127.0.0.1.
    #[arg(
        long,
        env = "SWITCHYARD_PG_PORT",
        default_value_t = 54329,
        global = true
    )]
    pub pg_port: u16,
    /// Maximum connections in the request pool; by default twice the CPU cores.
    #[arg(
        long,
        env = "SWITCHYARD_POOL_SIZE",
        default_value_t = default_pool_size(),
        global = true
    )]
    pub pool_size: u32,
    /// Longest a request waits for a free pool connection, in milliseconds, before it is
    /// answered `SERVER_BUSY` with nothing run.
    #[arg(
        long,
        env = "SWITCHYARD_POOL_WAIT_MS",
        default_value_t = 10_000,
        value_parser = clap::value_parser!(u64).range(1..),
        global = true
    )]
    pub pool_wait_ms: u64,
}

/// Twice the CPU cores: as many statements as PostgreSQL on this machine (the embedded
/// cluster shares it) runs at once with some in flight on the wire. A larger pool only
/// queues inside the database instead: on 2 cores, 16 connections against 4 cost the
/// nested read of `make bench-peer` 8% of its rate and nearly doubled its p99.
fn default_pool_size() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    u32::try_from(cores * 2).unwrap_or(u32::MAX)
}

/// Token and key settings shared by the server and the `token` command. A secret left
/// unset is generated on first start and kept in the data folder (`auth::secrets`).
#[derive(Debug, Clone, Args)]
pub struct AuthArgs {
    /// HS256 secret used to sign and verify JWTs (Supabase-compatible claims).
    #[arg(
        long,
        env = "SWITCHYARD_JWT_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub jwt_secret: Option<String>,
    /// Lifetime in seconds of the tokens `signUp` and `signIn` return.
    #[arg(
        long,
        env = "SWITCHYARD_TOKEN_TTL",
        default_value_t = 86_400,
        global = true
    )]
    pub token_ttl: u64,
    /// Symmetric key connector tokens are encrypted with at rest (pgcrypto
    /// `pgp_sym_encrypt`). It is handed to PostgreSQL as a bound argument of each call, never
    /// stored or logged; changing it makes stored tokens unreadable.
    #[arg(
        long,
        env = "SWITCHYARD_CONNECTOR_KEY",
        global = true,
        hide_env_values = true
    )]
    pub connector_key: Option<String>,
}

/// Which tokens besides the HS256 secret's are accepted, and what every token must carry.
#[derive(Debug, Clone, Args)]
pub struct TokenPolicyArgs {
    /// URL (http or https) of an identity provider's JSON Web Key Set, e.g. Supabase's
    /// `https://<ref>.supabase.co/auth/v1/.well-known/jwks.json`: tokens signed with its
    /// ES256, ES384, RSA (RS/PS 256-512) or EdDSA keys, named by `kid`, are accepted beside
    /// the HS256 ones.
    #[arg(
        long,
        env = "SWITCHYARD_JWKS_URL",
        global = true,
        conflicts_with = "jwks_file"
    )]
    pub jwks_url: Option<reqwest::Url>,
    /// A JSON Web Key Set file, read instead of a URL (offline use, tests) and re-read on
    /// the same schedule.
    #[arg(long, env = "SWITCHYARD_JWKS_FILE", global = true)]
    pub jwks_file: Option<PathBuf>,
    /// Seconds between scheduled refreshes of the key set.
    #[arg(long, env = "SWITCHYARD_JWKS_REFRESH", default_value_t = 300, global = true, value_parser = clap::value_parser!(u64).range(1..))]
    pub jwks_refresh: u64,
    /// Fewest seconds between two refreshes of the key set caused by tokens naming a key
    /// it lacks (a rotation is picked up at once; a flood of made-up key ids costs one
    /// fetch per cooldown).
    #[arg(
        long,
        env = "SWITCHYARD_JWKS_COOLDOWN",
        default_value_t = 30,
        global = true
    )]
    pub jwks_cooldown: u64,
    /// Issuer (`iss`) every token must carry, when set; the gateway's own tokens carry it.
    #[arg(long, env = "SWITCHYARD_JWT_ISSUER", global = true)]
    pub jwt_issuer: Option<String>,
    /// Audience (`aud`) every token must include, when set; the gateway's own tokens
    /// carry it.
    #[arg(long, env = "SWITCHYARD_JWT_AUDIENCE", global = true)]
    pub jwt_audience: Option<String>,
}

impl TokenPolicyArgs {
    /// The identity provider's key set and the claims every token must carry.
    pub fn policy(&self) -> TokenPolicy {
        let source = match (&self.jwks_url, &self.jwks_file) {
            (Some(url), _) => Some(JwksSource::Url(url.clone())),
            (None, Some(path)) => Some(JwksSource::File(path.clone())),
            (None, None) => None,
        };
        TokenPolicy {
            jwks: source.map(|source| JwksConfig {
                source,
                refresh: Duration::from_secs(self.jwks_refresh),
                cooldown: Duration::from_secs(self.jwks_cooldown),
            }),
            issuer: self.jwt_issuer.clone(),
            audience: self.jwt_audience.clone(),
        }
    }
}

/// Which tokens are accepted besides those signed with the HS256 secret, and which claims
/// every token must carry. The default accepts HS256 tokens of any issuer and audience.
#[derive(Debug, Clone, Default)]
pub struct TokenPolicy {
    /// The identity provider's key set, when configured.
    pub jwks: Option<JwksConfig>,
    /// Issuer every token must carry, when set.
    pub issuer: Option<String>,
    /// Audience every token must include, when set.
    pub audience: Option<String>,
}

/// The settled token and key settings the server runs with.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// HS256 secret used to sign and verify JWTs.
    pub jwt_secret: String,
    /// Lifetime in seconds of the tokens `signUp` and `signIn` return.
    pub token_ttl: u64,
    /// Symmetric key connector tokens are encrypted with at rest.
    pub connector_key: String,
}

/// Settings of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "SWITCHYARD_LISTEN", default_value = "127.0.0.1:4000")]
    pub listen: SocketAddr,
    /// Apply migrations and load demo data (once) before serving.
    #[arg(long)]
    pub demo: bool,
    /// Apply pending migrations before serving (without it, pending migrations stop `serve`).
    #[arg(long)]
    pub migrate: bool,
    /// Folder served at `/` instead of the GraphiQL files embedded in the binary.
    #[arg(long, env = "SWITCHYARD_PLAYGROUND_DIR")]
    pub playground_dir: Option<PathBuf>,
    /// Apollo persisted-query manifest (`{"format": "apollo-persisted-query-manifest",
    /// "version": 1, "operations": [...]}`): when set, only its operations run, named by id
    /// or sent as their exact text; everything else, introspection included, is refused.
    #[arg(long, env = "SWITCHYARD_TRUSTED_DOCUMENTS")]
    pub trusted_documents: Option<PathBuf>,
    /// NATS server (`nats://host:4222`, JetStream enabled) that carries realtime events
    /// between gateways: one gateway per database, elected, publishes the outbox to it and
    /// every gateway follows it. Without it, each gateway LISTENs to PostgreSQL itself.
    #[arg(long, env = "SWITCHYARD_NATS_URL")]
    pub nats_url: Option<String>,
    /// Limits applied to every request.
    #[command(flatten)]
    pub limits: Limits,
}

/// Per-request limits: each refusal is a clear GraphQL error.
#[derive(Debug, Clone, Copy, Args)]
pub struct Limits {
    /// Deepest selection nesting a query may have (introspection has its own bound).
    #[arg(long, env = "SWITCHYARD_MAX_DEPTH", default_value_t = 12)]
    pub max_depth: usize,
    /// Deepest selection nesting under `__schema` / `__type` (the standard introspection
    /// query of GraphQL tools needs about 14).
    #[arg(long, env = "SWITCHYARD_MAX_INTROSPECTION_DEPTH", default_value_t = 32)]
    pub max_introspection_depth: usize,
    /// Most lexical tokens a document may have.
    #[arg(long, env = "SWITCHYARD_MAX_TOKENS", default_value_t = 15_000)]
    pub max_tokens: usize,
    /// Most field selections a query may have once its fragments are expanded.
    #[arg(long, env = "SWITCHYARD_MAX_SELECTIONS", default_value_t = 5_000)]
    pub max_selections: usize,
    /// Most root fields (aliases included) one operation may select.
    #[arg(long, env = "SWITCHYARD_MAX_ROOT_FIELDS", default_value_t = 100)]
    pub max_root_fields: usize,
    /// Most input values (list items and object fields, in arguments and variables) a
    /// request may carry.
    #[arg(long, env = "SWITCHYARD_MAX_INPUT_VALUES", default_value_t = 10_000)]
    pub max_input_values: usize,
    /// Most values all `filter` arguments of a request may hold together: each becomes a
    /// SQL condition evaluated per row.
    #[arg(long, env = "SWITCHYARD_MAX_FILTER_VALUES", default_value_t = 200)]
    pub max_filter_values: usize,
    /// Longest a statement of an `anon` or `authenticated` request may run, in milliseconds;
    /// no statement of the request starts once its transaction has been open that long.
    #[arg(long, env = "SWITCHYARD_STATEMENT_TIMEOUT_MS", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub statement_timeout_ms: u32,
    /// Longest a statement of a `service_role` request (workers) may run, in milliseconds,
    /// and how long its statements may keep starting.
    #[arg(long, env = "SWITCHYARD_SERVICE_STATEMENT_TIMEOUT_MS", default_value_t = 60_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub service_statement_timeout_ms: u32,
    /// Highest complexity score a query may have (connections count `first` times their
    /// node's fields).
    #[arg(long, env = "SWITCHYARD_MAX_COMPLEXITY", default_value_t = 50_000)]
    pub max_complexity: usize,
    /// How long a client may take to send a request's head, and then its body, in
    /// milliseconds each. A connection that starts no request for that long is closed: a
    /// slow or idle client cannot hold sockets open forever.
    #[arg(long, env = "SWITCHYARD_READ_TIMEOUT_MS", default_value_t = 30_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub read_timeout_ms: u32,
    /// Largest request body in bytes.
    #[arg(long, env = "SWITCHYARD_MAX_BODY_BYTES", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,
    /// Bytes of query text kept for automatic persisted queries (least recently used
    /// evicted first); 0 turns persisted queries off.
    #[arg(long, env = "SWITCHYARD_APQ_CACHE_BYTES", default_value_t = 8 * 1024 * 1024)]
    pub apq_cache_bytes: usize,
    /// Whether queries read each root field's selection ahead, one statement per relation
    /// level (planned reads); off resolves field by field through the dataloader alone.
    #[arg(long, env = "SWITCHYARD_PLANNED_READS", default_value_t = true, action = clap::ArgAction::Set)]
    pub planned_reads: bool,
    /// How long a dataloader waits to gather keys into one batch, in microseconds.
    #[arg(long, env = "SWITCHYARD_LOADER_DELAY_US", default_value_t = 1000)]
    pub loader_delay_us: u64,
    /// Events a subscription may have waiting to be sent before it is cut off as too slow
    /// (it then resumes with `after`).
    #[arg(long, env = "SWITCHYARD_SUBSCRIBER_BUFFER", default_value_t = 256)]
    pub subscriber_buffer: usize,
    /// Connections one client address may hold open at once (HTTP and WebSocket); one more
    /// is answered 429 and closed.
    #[arg(
        long,
        env = "SWITCHYARD_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 1_000,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub max_connections_per_address: u32,
    /// Whether the per-address connection cap and the rate limits also hold loopback clients
    /// (127.0.0.1, ::1). Off by default: local clients are the operator's own tools, tests
    /// and benchmarks, which open thousands of sockets and send thousands of requests a
    /// second from one address.
    #[arg(long, env = "SWITCHYARD_LIMIT_LOOPBACK", default_value_t = false, action = clap::ArgAction::Set)]
    pub limit_loopback: bool,
    /// Query cost (complexity points) one client address may spend per second; 0 turns the
    /// limit off.
    #[arg(long, env = "SWITCHYARD_RATE_LIMIT_ADDRESS", default_value_t = 20_000)]
    pub rate_limit_address: u32,
    /// Query cost (complexity points) one signed-in user may spend per second, from any
    /// address; 0 turns the limit off.
    #[arg(long, env = "SWITCHYARD_RATE_LIMIT_USER", default_value_t = 5_000)]
    pub rate_limit_user: u32,
    /// Seconds of allowance a client may spend at once (the size of its bucket).
    #[arg(long, env = "SWITCHYARD_RATE_LIMIT_BURST_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit_burst_seconds: u32,
    /// Subscriptions one WebSocket may hold open at once.
    #[arg(
        long,
        env = "SWITCHYARD_MAX_SUBSCRIPTIONS_PER_SOCKET",
        default_value_t = 100
    )]
    pub max_subscriptions_per_socket: usize,
    /// Subscriptions one client (a signed-in user, else an address) may hold open at once
    /// on all its sockets and streams together: each holds memory until it ends.
    #[arg(
        long,
        env = "SWITCHYARD_MAX_SUBSCRIPTIONS_PER_CLIENT",
        default_value_t = 1_000,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub max_subscriptions_per_client: u32,
    /// Length of every embedding (semantic search queries and stored vectors). Must equal
    /// the `vector(N)` columns of the AI migration (384); anything else is refused.
    #[arg(long, env = "SWITCHYARD_EMBEDDING_DIMENSIONS", default_value_t = 384)]
    pub embedding_dimensions: usize,
    /// Most rows one semantic search may return.
    #[arg(long, env = "SWITCHYARD_MAX_SEARCH_RESULTS", default_value_t = 100)]
    pub max_search_results: u64,
    /// Failed sign-ins from one address for one account, within the window, that lock that
    /// account out for that address.
    #[arg(long, env = "SWITCHYARD_SIGN_IN_MAX_FAILURES", default_value_t = 5, value_parser = clap::value_parser!(i32).range(1..))]
    pub sign_in_max_failures: i32,
    /// The window, in seconds, failed sign-ins are counted over.
    #[arg(long, env = "SWITCHYARD_SIGN_IN_WINDOW", default_value_t = 900, value_parser = clap::value_parser!(i32).range(1..))]
    pub sign_in_window_seconds: i32,
    /// How long, in seconds, a locked-out account refuses sign-ins from that address (even
    /// with the right password).
    #[arg(long, env = "SWITCHYARD_SIGN_IN_LOCKOUT", default_value_t = 900, value_parser = clap::value_parser!(i32).range(1..))]
    pub sign_in_lockout_seconds: i32,
}

impl Limits {
    /// How long one statement of a request running as `role` may take, in milliseconds.
    pub fn statement_timeout_ms(&self, role: Role) -> u32 {
        match role {
            Role::ServiceRole => self.service_statement_timeout_ms,
            Role::Anon | Role::Authenticated => self.statement_timeout_ms,
        }
    }

    /// How long a client may take to send a request's head, and then its body.
    pub fn read_timeout(&self) -> Duration {
        Duration::from_millis(self.read_timeout_ms.into())
    }

    /// The dataloader batching window.
    pub fn loader_delay(&self) -> Duration {
        Duration::from_micros(self.loader_delay_us)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 12,
            max_introspection_depth: 32,
            max_tokens: 15_000,
            max_selections: 5_000,
            max_root_fields: 100,
            max_input_values: 10_000,
            max_filter_values: 200,
            statement_timeout_ms: 10_000,
            service_statement_timeout_ms: 60_000,
            max_complexity: 50_000,
            read_timeout_ms: 30_000,
            max_body_bytes: 256 * 1024,
            apq_cache_bytes: 8 * 1024 * 1024,
            planned_reads: true,
            loader_delay_us: 1000,
            subscriber_buffer: 256,
            max_connections_per_address: 1_000,
            limit_loopback: false,
            rate_limit_address: 20_000,
            rate_limit_user: 5_000,
            rate_limit_burst_seconds: 10,
            max_subscriptions_per_socket: 100,
            max_subscriptions_per_client: 1_000,
            embedding_dimensions: 384,
            max_search_results: 100,
            sign_in_max_failures: 5,
            sign_in_window_seconds: 900,
            sign_in_lockout_seconds: 900,
        }
    }
}

/// Settings of `seed`: how much demo data to create.
#[derive(Debug, Clone, Copy, Args)]
pub struct SeedConfig {
    /// Users (each with a profile).
    #[arg(long, default_value_t = 50)]
    pub users: u32,
    /// Posts in total, spread over the users.
    #[arg(long, default_value_t = 500)]
    pub posts: u32,
    /// Comments in total, spread over the posts.
    #[arg(long, default_value_t = 2_000)]
    pub comments: u32,
}

/// Settings of `token`.
#[derive(Debug, Clone, Args)]
pub struct TokenConfig {
    /// The user the token speaks for (`sub`).
    #[arg(long)]
    pub user: Uuid,
    /// The database role (`authenticated` or `service_role`).
    #[arg(long, default_value = "authenticated")]
    pub role: Role,
    /// Lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    pub ttl: u64,
}

/// Where the key set is read from.
#[derive(Debug, Clone)]
pub enum JwksSource {
    /// An `http` or `https` URL (the provider's `/.well-known/jwks.json`).
    Url(reqwest::Url),
    /// A file holding the set, for offline use and tests.
    File(PathBuf),
}

/// How the key set is found and kept fresh.
#[derive(Debug, Clone)]
pub struct JwksConfig {
    /// Where the set is read from.
    pub source: JwksSource,
    /// Time between scheduled refreshes.
    pub refresh: Duration,
    /// Shortest time between two refreshes caused by tokens naming an unknown key.
    pub cooldown: Duration,
}
