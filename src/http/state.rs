//! The application state handed to the router and, through it, to every request.

use std::ops::Deref;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tokio_util::task::task_tracker::TrackedFuture;

use crate::graphql::{AppSchema, build_schema};
use crate::http::document::DocumentGate;
use crate::http::fanout::Fanout;
use crate::http::persisted::PersistedQueries;
use crate::http::trusted::TrustedDocuments;
use switchyard_core::auth::Client;
use switchyard_core::auth::secrets::ConnectorKey;
use switchyard_core::auth::{JwtKeys, Viewer};
use switchyard_core::caps::Caps;
use switchyard_core::config::{AuthConfig, Limits, TokenPolicy};
use switchyard_core::db::constraints::ConstraintMessages;
use switchyard_core::db::policies::PolicyWatch;
use switchyard_core::db::{DbError, RequestScope, Scopes};
use switchyard_core::graphql::live::Live;
use switchyard_core::metrics::Metrics;
use switchyard_core::rate_limit::RateLimits;
use switchyard_core::realtime::{Backplane, Realtime};
use switchyard_core::security::SecurityLog;

/// Everything a request needs: one shared allocation, so a clone (each request takes one,
/// and an open WebSocket holds three) is a reference count, not the 600 bytes of its parts.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What every request shares, reached through [`AppState`].
#[derive(Clone)]
pub struct Shared {
    /// The request pool (requests run as their viewer's role inside it).
    pub pool: DatabaseConnection,
    /// Request scopes over the pool, with each role's statement timeout.
    pub scopes: Scopes,
    /// Token keys, shared by HTTP and WebSocket authentication.
    pub keys: Arc<JwtKeys>,
    /// The GraphQL schema.
    pub schema: AppSchema,
    /// This server's series, read at `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Per-request limits.
    pub limits: Limits,
    /// The realtime hub subscriptions follow.
    pub realtime: Realtime,
    /// The shared executions of identical subscriptions.
    pub fanout: Arc<Fanout>,
    /// The tables every viewer of a role reads alike (from the policies, kept current),
    /// which decide whether different viewers may share an execution.
    pub policies: PolicyWatch,
    /// What each constraint means to a client, as the database's comments say.
    pub constraints: Arc<ConstraintMessages>,
    /// Where refused tokens and failed sign-ins are recorded (through its own pool).
    pub security: Arc<SecurityLog>,
    /// The key connector tokens are encrypted with.
    pub connector_key: Arc<ConnectorKey>,
    /// The per-address and per-user rate limits.
    pub rate_limits: Arc<RateLimits>,
    /// The subscriptions each client holds open, on all its sockets and streams.
    pub subscribers: Arc<Caps<Client>>,
    /// Documents clients sent with their hash, for requests that send only the hash.
    pub persisted: Arc<PersistedQueries>,
    /// The document gate every transport passes requests through, with the documents it
    /// admitted before kept parsed.
    pub gate: Arc<DocumentGate>,
    /// The only operations the server runs, when it runs trusted documents only.
    pub trusted: Option<Arc<TrustedDocuments>>,
    /// Whether the server is stopping, for the streams that would otherwise keep it up.
    pub stopping: Stopping,
}

/// The server's shutdown as its long-lived streams see it. HTTP requests finish on their
/// own once the listener closes, but an event stream (SSE, multipart) or a WebSocket never
/// does: each ends when [`Stopping::begin`] is called, telling its client to resubscribe
/// elsewhere with `after`, and the server waits for the sockets' goodbyes
/// ([`Stopping::sockets_closed`]) before it exits.
#[derive(Clone, Default)]
pub struct Stopping {
    begun: CancellationToken,
    sockets: TaskTracker,
}

impl Stopping {
    /// Starts the shutdown: every stream ends with its goodbye.
    pub fn begin(&self) {
        self.begun.cancel();
    }

    /// Resolves once the shutdown has begun.
    pub async fn begun(&self) {
        self.begun.cancelled().await;
    }

    /// Runs WebSocket `socket` as one the shutdown waits for.
    pub fn track<F: Future>(&self, socket: F) -> TrackedFuture<F> {
        self.sockets.track_future(socket)
    }

    /// Resolves when every WebSocket has closed (after [`begin`](Self::begin), promptly).
    pub async fn sockets_closed(&self) {
        self.sockets.close();
        self.sockets.wait().await;
    }
}

impl AppState {
    /// This state, running only the operations of `documents`.
    pub fn trusting(self, documents: TrustedDocuments) -> Self {
        Self(Arc::new(Shared {
            trusted: Some(Arc::new(documents)),
            ..Arc::unwrap_or_clone(self.0)
        }))
    }

    /// A request scope for `viewer`, with the statement timeout of the viewer's role.
    pub fn scope(&self, viewer: Viewer) -> RequestScope {
        self.scopes.scope(viewer)
    }

    /// What a subscription's feed runs on, for its request data.
    pub fn live(&self) -> Live {
        Live {
            realtime: self.realtime.clone(),
            scopes: self.scopes.clone(),
        }
    }

    /// State over `pool`, whose statements are counted into `metrics`. Starts the realtime
    /// event source (the listener on its own connection to `database_url`, or the
    /// `backplane`), opens the security log's pool, reads what each constraint means to a
    /// client and starts keeping the identity provider's key set fresh.
    pub async fn new(
        pool: DatabaseConnection,
        database_url: &str,
        backplane: Option<Backplane>,
        auth: &AuthConfig,
        policy: &TokenPolicy,
        limits: Limits,
        metrics: Arc<Metrics>,
    ) -> Result<Self, DbError> {
        let constraints = Arc::new(ConstraintMessages::load(&pool).await?);
        let security = SecurityLog::connect(database_url, &limits, Arc::clone(&metrics)).await?;
        let policies = PolicyWatch::start(&pool, Arc::clone(&metrics)).await?;
        let realtime = Realtime::start(
            pool.clone(),
            database_url.to_owned(),
            backplane,
            limits.subscriber_buffer,
            Arc::clone(&metrics),
        );
        let keys = JwtKeys::with_policy(auth, policy);
        keys.keep_fresh();
        Ok(Self(Arc::new(Shared {
            realtime,
            fanout: Fanout::new(
                limits.subscriber_buffer,
                policies.clone(),
                Arc::clone(&metrics),
            ),
            policies,
            constraints,
            security: Arc::new(security),
            connector_key: Arc::new(ConnectorKey::new(&auth.connector_key)),
            rate_limits: Arc::new(RateLimits::new(&limits)),
            subscribers: Arc::new(Caps::new(
                usize::try_from(limits.max_subscriptions_per_client).unwrap_or(usize::MAX),
            )),
            persisted: Arc::new(PersistedQueries::new(limits.apq_cache_bytes)),
            gate: Arc::new(DocumentGate::new(limits)),
            trusted: None,
            stopping: Stopping::default(),
            scopes: Scopes::new(pool.clone(), limits, Arc::clone(&metrics)),
            pool,
            keys: Arc::new(keys),
            schema: build_schema(limits),
            metrics,
            limits,
        })))
    }
}
