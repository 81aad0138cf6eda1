//! The public keys of an external identity provider (Supabase's asymmetric keys, Auth0,
//! Clerk, Keycloak, Cognito), published as a JSON Web Key Set: fetched from a URL or read
//! from a file, held in memory by `kid`, refreshed on a schedule and when a token names a
//! key the set lacks (a rotation).
//!
//! Only asymmetric keys are taken (EC P-256 / P-384, RSA, Ed25519): a key set is public, so a
//! symmetric (`oct`) key in it would let anyone sign tokens. A refresh that fails keeps the
//! last good set and is logged. Refreshes a client can cause (a token with an unknown `kid`)
//! run at most once per cooldown, so a flood of made-up key ids cannot turn the gateway
//! against its identity provider.

use std::collections::HashMap;
use std::str::FromStr as _;
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use tokio::time::Instant;

use crate::config::{JwksConfig, JwksSource};

/// How long one fetch of the key set may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// The signature algorithms an RSA key verifies.
const RSA_ALGORITHMS: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
];

/// The signature algorithms a key set can verify, as a token's header names them.
pub const ASYMMETRIC_ALGORITHMS: [&str; 9] = [
    "ES256", "ES384", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA",
];

/// Why the key set could not be refreshed; logged, never shown to clients.
#[derive(Debug, thiserror::Error)]
pub enum JwksError {
    /// The URL could not be fetched or answered with an error status.
    #[error("fetching the key set failed: {0}")]
    Fetch(#[from] reqwest::Error),
    /// The file could not be read.
    #[error("reading the key set failed: {0}")]
    Read(#[from] std::io::Error),
    /// The document is not a JSON Web Key Set.
    #[error("the key set is not a JSON Web Key Set (`{{\"keys\": [...]}}`): {0}")]
    Parse(#[from] serde_json::Error),
}

/// A key of the set and the algorithms it may verify.
pub struct VerifyingKey {
    /// The key.
    pub key: DecodingKey,
    /// Its `alg` when the set names one, otherwise every algorithm of its key type.
    pub algorithms: Vec<Algorithm>,
}

/// The identity provider's keys by `kid`, kept fresh.
pub struct Jwks {
    config: JwksConfig,
    keys: RwLock<Arc<HashMap<String, Arc<VerifyingKey>>>>,
    /// Held while fetching, so concurrent misses fetch once; holds the time of the last
    /// refresh a token caused, for the cooldown.
    fetching: tokio::sync::Mutex<Option<Instant>>,
}

impl Jwks {
    /// An empty set for `config`; [`Jwks::keep_fresh`] loads it.
    pub fn new(config: JwksConfig) -> Self {
        Self {
            config,
            keys: RwLock::default(),
            fetching: tokio::sync::Mutex::new(None),
        }
    }

    /// Loads the set now and then every `refresh`, for as long as the set is in use.
    pub fn keep_fresh(self: &Arc<Self>) {
        let set = Arc::downgrade(self);
        let period = self.config.refresh;
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            loop {
                ticks.tick().await;
                let Some(set) = Weak::upgrade(&set) else {
                    return;
                };
                let _fetching = set.fetching.lock().await;
                set.refresh().await;
            }
        });
    }

    /// The key named `kid`. A key the set lacks may have been added since the last refresh
    /// (a rotation): the set is refreshed once, unless a token caused a refresh within the
    /// cooldown.
    pub async fn key(&self, kid: &str) -> Option<Arc<VerifyingKey>> {
        if let Some(key) = self.cached(kid) {
            return Some(key);
        }
        let mut last = self.fetching.lock().await;
        // Another request may have refreshed the set while this one waited.
        if let Some(key) = self.cached(kid) {
            return Some(key);
        }
        if last.is_some_and(|at| at.elapsed() < self.config.cooldown) {
            return None;
        }
        *last = Some(Instant::now());
        self.refresh().await;
        self.cached(kid)
    }

    fn cached(&self, kid: &str) -> Option<Arc<VerifyingKey>> {
        self.keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(kid)
            .cloned()
    }

    /// Replaces the set with a fresh copy; on failure keeps the one it has and logs why.
    async fn refresh(&self) {
        match self.fetch().await {
            Ok(keys) => {
                tracing::debug!(keys = keys.len(), "JWKS refreshed");
                *self
                    .keys
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(keys);
            }
            Err(error) => {
                tracing::error!(error = %error, "JWKS refresh failed; keeping the last good key set");
            }
        }
    }

    async fn fetch(&self) -> Result<HashMap<String, Arc<VerifyingKey>>, JwksError> {
        let document = match &self.config.source {
            // A client per fetch: fetches are minutes apart, and building one can fail
            // (TLS set-up), which is then logged like any other failed refresh.
            JwksSource::Url(url) => {
                reqwest::Client::builder()
                    .timeout(FETCH_TIMEOUT)
                    .build()?
                    .get(url.clone())
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?
            }
            JwksSource::File(path) => tokio::fs::read(path).await?.into(),
        };
        Ok(usable_keys(&document)?)
    }
}

/// The signing keys of a JWKS document by `kid`. A key this gateway cannot use (symmetric,
/// encryption-only, without `kid`, of an unknown type) is skipped, not fatal: providers add
/// key types over time.
fn usable_keys(document: &[u8]) -> Result<HashMap<String, Arc<VerifyingKey>>, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Document {
        keys: Vec<serde_json::Value>,
    }
    let document: Document = serde_json::from_slice(document)?;
    let keys = document
        .keys
        .into_iter()
        .filter_map(|key| match serde_json::from_value::<Jwk>(key) {
            Ok(jwk) => verifying_key(&jwk),
            Err(error) => {
                tracing::warn!(error = %error, "JWKS key skipped: not a key this gateway reads");
                None
            }
        })
        .collect();
    Ok(keys)
}

fn verifying_key(jwk: &Jwk) -> Option<(String, Arc<VerifyingKey>)> {
    let kid = jwk.common.key_id.clone()?;
    if jwk.common.public_key_use == Some(PublicKeyUse::Encryption) {
        return None;
    }
    let family: &[Algorithm] = match &jwk.algorithm {
        AlgorithmParameters::EllipticCurve(params) => match params.curve {
            EllipticCurve::P256 => &[Algorithm::ES256],
            EllipticCurve::P384 => &[Algorithm::ES384],
            EllipticCurve::P521 | EllipticCurve::Ed25519 => &[],
        },
        AlgorithmParameters::RSA(_) => &RSA_ALGORITHMS,
        AlgorithmParameters::OctetKeyPair(params) if params.curve == EllipticCurve::Ed25519 => {
            &[Algorithm::EdDSA]
        }
        AlgorithmParameters::OctetKeyPair(_) | AlgorithmParameters::OctetKey(_) => &[],
    };
    let algorithms: Vec<Algorithm> = match jwk.common.key_algorithm {
        None => family.to_vec(),
        Some(named) => Algorithm::from_str(&named.to_string())
            .ok()
            .filter(|algorithm| family.contains(algorithm))
            .into_iter()
            .collect(),
    };
    if algorithms.is_empty() {
        tracing::warn!(kid, "JWKS key skipped: not an asymmetric signing key");
        return None;
    }
    match DecodingKey::from_jwk(jwk) {
        Ok(key) => Some((kid, Arc::new(VerifyingKey { key, algorithms }))),
        Err(error) => {
            tracing::warn!(kid, error = %error, "JWKS key skipped: unreadable");
            None
        }
    }
}
