//! The subcommands: each resolves the database, then does one job.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::http::listener::CappedListener;
use crate::http::state::AppState;
use crate::http::trusted::TrustedDocuments;
use switchyard_core::auth::{JwtKeys, Role};
use switchyard_core::config::{self, Cli, ClusterAction, Command, DatabaseConfig, ServeConfig};
use switchyard_core::db::embedded::EmbeddedCluster;
use switchyard_core::db::{self, DbError, PoolSize};
use switchyard_core::metrics::Metrics;
use switchyard_core::realtime::Backplane;

/// Name of the application database inside the embedded cluster.
const DATABASE_NAME: &str = "switchyard";

/// Why a subcommand failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The database could not be reached, migrated or seeded.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The embedded cluster could not be started or stopped.
    #[error(transparent)]
    Cluster(#[from] switchyard_core::db::embedded::EmbeddedError),
    /// The listener could not be bound or the server failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
    /// The JWT secret or connector key could not be settled.
    #[error(transparent)]
    Secret(#[from] switchyard_core::auth::secrets::SecretError),
    /// The trusted documents manifest could not be loaded.
    #[error(transparent)]
    TrustedDocuments(#[from] crate::http::trusted::TrustedDocumentsError),
    /// The NATS backplane could not be set up.
    #[error(transparent)]
    Backplane(#[from] switchyard_core::realtime::BackplaneError),
    /// A token could not be signed.
    #[error("token: {0}")]
    Token(#[from] jsonwebtoken::errors::Error),
    /// `serve` found migrations the database lacks: serving would fail on every missing
    /// table at run time instead of once, here.
    #[error(
        "the database has {} pending migration(s): {}. Apply them with `switchyard migrate`, \
         or start with `switchyard serve --migrate`",
        .0.len(),
        .0.join(", ")
    )]
    PendingMigrations(Vec<String>),
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    let listen = match &cli.command {
        Command::Serve(serve) => Some(serve.listen),
        _ => None,
    };
    let auth = || {
        switchyard_core::auth::secrets::resolve(cli.auth.clone(), &cli.database.data_dir, listen)
    };
    let policy = cli.token_policy.policy();
    match cli.command {
        Command::Schema => {
            println!(
                "{}",
                crate::graphql::build_schema(config::Limits::default()).sdl()
            );
            Ok(())
        }
        Command::Token(token) => {
            let keys = JwtKeys::with_policy(&auth()?, &policy);
            println!("{}", keys.mint(Some(token.user), token.role, token.ttl)?);
            Ok(())
        }
        Command::Cluster { action } => {
            let cluster =
                EmbeddedCluster::start(&cli.database.data_dir, cli.database.pg_port).await?;
            match action {
                ClusterAction::Start => println!("{}", cluster.url("postgres")),
                ClusterAction::Stop => cluster.stop().await?,
            }
            Ok(())
        }
        Command::Migrate => {
            let (pool, _, _) = open(&cli.database, Arc::default()).await?;
            db::migrate(&pool).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed(sizes) => {
            let (pool, _, _) = open(&cli.database, Arc::default()).await?;
            db::migrate(&pool).await?;
            crate::seed::seed(&pool, sizes).await?;
            Ok(())
        }
        Command::Serve(serve_config) => serve(&cli.database, &auth()?, &policy, serve_config).await,
    }
}

/// Connects to `DATABASE_URL`, or starts the embedded cluster and connects to its database.
/// Returns the pool, the database URL and the cluster when one was started.
async fn open(
    config: &DatabaseConfig,
    metrics: Arc<Metrics>,
) -> Result<(DatabaseConnection, String, Option<EmbeddedCluster>), DbError> {
    if let Some(url) = &config.database_url {
        let pool = db::connect(url, "requests", request_pool(config), metrics).await?;
        return Ok((pool, url.clone(), None));
    }
    let cluster = EmbeddedCluster::start(&config.data_dir, config.pg_port).await?;
    create_database_if_missing(&cluster.url("postgres"), DATABASE_NAME).await?;
    let url = cluster.url(DATABASE_NAME);
    let pool = db::connect(&url, "requests", request_pool(config), metrics).await?;
    Ok((pool, url, Some(cluster)))
}

/// The request pool's size and wait, as configured.
fn request_pool(config: &DatabaseConfig) -> PoolSize {
    PoolSize {
        connections: config.pool_size,
        wait: Duration::from_millis(config.pool_wait_ms),
    }
}

/// Creates database `name` through the cluster's maintenance database.
pub async fn create_database_if_missing(admin_url: &str, name: &str) -> Result<(), DbError> {
    let admin = sea_orm::Database::connect(admin_url).await?;
    let exists = admin
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            [name.into()],
        ))
        .await?
        .is_some();
    if !exists {
        let quoted = name.replace('"', "\"\"");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{quoted}\""))
            .await?;
    }
    admin.close().await?;
    Ok(())
}

/// Fails with the names of the migrations `pool`'s database lacks, if any. Reads only: a
/// database nobody migrated gets no migrations table from a mere check.
async fn refuse_pending_migrations(pool: &DatabaseConnection) -> Result<(), CliError> {
    use migration::MigratorTrait as _;
    let pending = migration::Migrator::get_pending_migrations_read_only(pool)
        .await
        .map_err(DbError::from)?;
    if pending.is_empty() {
        return Ok(());
    }
    Err(CliError::PendingMigrations(
        pending
            .iter()
            .map(|migration| migration.name().to_owned())
            .collect(),
    ))
}

async fn serve(
    database: &DatabaseConfig,
    auth: &config::AuthConfig,
    policy: &config::TokenPolicy,
    serve: ServeConfig,
) -> Result<(), CliError> {
    // Read first: a broken manifest stops the server before it touches the database.
    let trusted = serve
        .trusted_documents
        .as_deref()
        .map(TrustedDocuments::load)
        .transpose()?;
    let metrics = Arc::new(Metrics::default());
    let (pool, url, cluster) = open(database, Arc::clone(&metrics)).await?;
    if serve.migrate || serve.demo {
        db::migrate(&pool).await?;
    } else {
        refuse_pending_migrations(&pool).await?;
    }
    let demo_user = if serve.demo {
        Some(crate::seed::seed_once(&pool).await?)
    } else {
        None
    };
    let backplane = match &serve.nats_url {
        Some(nats) => Some(Backplane::connect(nats, &pool).await?),
        None => None,
    };
    let mut state =
        AppState::new(pool, &url, backplane, auth, policy, serve.limits, metrics).await?;
    if let Some(trusted) = trusted {
        state = state.trusting(trusted);
    }
    let router = crate::http::build_router(state.clone(), serve.playground_dir.as_deref());
    match crate::http::listener::raise_descriptor_limit() {
        Ok(limit) => tracing::info!(limit, "open file descriptor limit"),
        Err(error) => tracing::warn!(%error, "could not raise the open file descriptor limit"),
    }
    let listener = tokio::net::TcpListener::bind(serve.listen).await?;
    let address = listener.local_addr()?;
    println!("Switchyard is serving GraphQL at http://{address}/graphql");
    match demo_user {
        Some(user) => {
            let token = state
                .keys
                .mint(Some(user), Role::Authenticated, 24 * 3600)?;
            println!("GraphiQL, signed in as the demo user: http://{address}/?token={token}");
            println!("Demo JWT (Authorization: Bearer ...): {token}");
        }
        None => println!("GraphiQL: http://{address}/"),
    }
    crate::http::server::serve(
        CappedListener::new(listener, &serve.limits),
        router,
        serve.limits.read_timeout(),
        {
            let stopping = state.stopping.clone();
            async move {
                stop_requested().await;
                stopping.begin();
            }
        },
    )
    .await;
    if tokio::time::timeout(SOCKETS_GOODBYE, state.stopping.sockets_closed())
        .await
        .is_err()
    {
        tracing::warn!("some WebSockets did not close in time; they are dropped");
    }
    if let Some(cluster) = cluster {
        tracing::info!("stopping the embedded PostgreSQL cluster");
        cluster.stop().await?;
    }
    Ok(())
}

/// How long a stopping server waits for its WebSockets to send their close frames.
const SOCKETS_GOODBYE: std::time::Duration = std::time::Duration::from_secs(5);

/// Resolves when the process is asked to stop: Ctrl-C (SIGINT) or SIGTERM, which `kill`,
/// systemd and container runtimes send. Either way requests in flight finish and the
/// embedded cluster is stopped, not left running.
async fn stop_requested() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot watch for SIGTERM; only Ctrl-C stops the server gracefully");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
    tracing::info!("stopping: requests in flight finish first, subscriptions end");
}
