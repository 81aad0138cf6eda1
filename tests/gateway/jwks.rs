//! Tokens from an identity provider that signs with asymmetric keys published as a JWKS
//! (Supabase's ES256 / RS256 keys, Auth0, Clerk, Keycloak): the key set is served on a real
//! loopback HTTP server, keys are generated for each test, and the gateway is asked over
//! HTTP and WebSocket who the token's user is and what row-level security lets them see.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Result, bail};
use axum::http::StatusCode;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::EncodePrivateKey as _;
use rsa::pkcs1::EncodeRsaPrivateKey as _;
use rsa::rand_core::OsRng;
use serde_json::{Value, json};
use switchyard_core::config::TokenPolicy;
use switchyard_core::config::{JwksConfig, JwksSource};

use crate::common::socket::{Socket, TRANSPORT_WS};
use crate::common::{TestApp, WAIT};

const ISSUER: &str = "https://project-ref.supabase.co/auth/v1";
const AUDIENCE: &str = "authenticated";

/// A signing key of the identity provider and its public half as a JWK.
struct SigningKey {
    algorithm: Algorithm,
    kid: String,
    key: EncodingKey,
    jwk: Jwk,
}

impl SigningKey {
    /// A fresh P-256 key (ES256, what Supabase signs with by default).
    fn es256(kid: &str) -> Result<Self> {
        let secret = p256::SecretKey::random(&mut OsRng);
        let key = EncodingKey::from_ec_der(secret.to_pkcs8_der()?.as_bytes());
        Self::new(Algorithm::ES256, kid, key)
    }

    /// A fresh 2048-bit RSA key (RS256).
    fn rs256(kid: &str) -> Result<Self> {
        let secret = rsa::RsaPrivateKey::new(&mut OsRng, 2048)?;
        let key = EncodingKey::from_rsa_der(secret.to_pkcs1_der()?.as_bytes());
        Self::new(Algorithm::RS256, kid, key)
    }

    /// A fresh Ed25519 key (EdDSA). jsonwebtoken writes no JWK for it, so the public half is
    /// spelled out as RFC 8037 defines it.
    fn ed25519(kid: &str) -> Result<Self> {
        use base64::Engine as _;
        use ed25519_dalek::pkcs8::EncodePrivateKey as _;
        let secret = ed25519_dalek::SigningKey::generate(&mut OsRng);
        let x = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(secret.verifying_key().as_bytes());
        Ok(Self {
            algorithm: Algorithm::EdDSA,
            kid: kid.into(),
            key: EncodingKey::from_ed_der(secret.to_pkcs8_der()?.as_bytes()),
            jwk: serde_json::from_value(json!({
                "kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA",
            }))?,
        })
    }

    fn new(algorithm: Algorithm, kid: &str, key: EncodingKey) -> Result<Self> {
        let mut jwk = Jwk::from_encoding_key(&key, algorithm)?;
        jwk.common.key_id = Some(kid.into());
        Ok(Self {
            algorithm,
            kid: kid.into(),
            key,
            jwk,
        })
    }

    /// A token with `claims`, naming this key.
    fn sign(&self, claims: &Value) -> Result<String> {
        self.sign_as(&self.kid, claims)
    }

    /// A token with `claims` signed by this key but naming key `kid`.
    fn sign_as(&self, kid: &str, claims: &Value) -> Result<String> {
        let mut header = Header::new(self.algorithm);
        header.kid = Some(kid.into());
        Ok(jsonwebtoken::encode(&header, claims, &self.key)?)
    }
}

/// The claims the provider issues for `user`, valid for ten minutes.
fn user_claims(user: uuid::Uuid) -> Value {
    json!({
        "sub": user,
        "role": "authenticated",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "exp": now() + 600,
    })
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// What the provider's JWKS endpoint answers now.
enum Published {
    Keys(Value),
    Failing,
}

/// The identity provider's JWKS endpoint on a loopback port, counting its fetches.
struct IdentityProvider {
    url: reqwest::Url,
    published: Arc<Mutex<Published>>,
    fetches: Arc<AtomicUsize>,
}

impl IdentityProvider {
    /// Serves `keys` at `/.well-known/jwks.json`.
    async fn start(keys: &[&SigningKey]) -> Result<Self> {
        let published = Arc::new(Mutex::new(Published::Keys(key_set(keys))));
        let fetches = Arc::new(AtomicUsize::new(0));
        let router = axum::Router::new().route(
            "/.well-known/jwks.json",
            axum::routing::get({
                let published = Arc::clone(&published);
                let fetches = Arc::clone(&fetches);
                move || async move {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    match &*lock(&published) {
                        Published::Keys(set) => (StatusCode::OK, set.to_string()),
                        Published::Failing => (StatusCode::SERVICE_UNAVAILABLE, "down".to_owned()),
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/.well-known/jwks.json", listener.local_addr()?).parse()?;
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(Self {
            url,
            published,
            fetches,
        })
    }

    /// Rotates: from now on the set holds `keys` only.
    fn publish(&self, keys: &[&SigningKey]) {
        *lock(&self.published) = Published::Keys(key_set(keys));
    }

    /// The endpoint starts answering 503.
    fn fail(&self) {
        *lock(&self.published) = Published::Failing;
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }

    /// Waits until the gateway has fetched the set `count` times.
    async fn wait_for_fetches(&self, count: usize) -> Result<()> {
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.fetches() < count {
            if tokio::time::Instant::now() > deadline {
                bail!("the gateway fetched the key set {} times", self.fetches());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(())
    }

    /// A gateway trusting this provider (issuer and audience enforced). Scheduled refreshes
    /// and the unknown-`kid` cooldown are an hour apart, so every fetch after the first is
    /// one a token caused.
    async fn gateway(&self) -> Result<TestApp> {
        let app = TestApp::spawn_with_policy(policy(JwksSource::Url(self.url.clone()))).await?;
        self.wait_for_fetches(1).await?;
        Ok(app)
    }
}

fn policy(source: JwksSource) -> TokenPolicy {
    TokenPolicy {
        jwks: Some(JwksConfig {
            source,
            refresh: Duration::from_secs(3600),
            cooldown: Duration::from_secs(3600),
        }),
        issuer: Some(ISSUER.into()),
        audience: Some(AUDIENCE.into()),
    }
}

fn key_set(keys: &[&SigningKey]) -> Value {
    json!({ "keys": keys.iter().map(|key| &key.jwk).collect::<Vec<_>>() })
}

fn lock<T>(shared: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Who the gateway says `token`'s viewer is, or the refusal (status and message).
async fn viewer(app: &TestApp, token: &str) -> Result<std::result::Result<Value, (u16, String)>> {
    let (status, body) = app
        .post_graphql(Some(token), "{ viewer { id role } }", json!({}))
        .await?;
    if status == 200 && body.get("errors").is_none() {
        return Ok(Ok(body["data"]["viewer"].clone()));
    }
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{body}"
    );
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    Ok(Err((status, message.to_owned())))
}

/// The message of a refusal that must be a 401.
async fn refusal(app: &TestApp, token: &str) -> Result<String> {
    match viewer(app, token).await? {
        Ok(viewer) => bail!("the token was accepted as {viewer}"),
        Err((401, message)) => Ok(message),
        Err((status, message)) => bail!("expected 401, got {status}: {message}"),
    }
}

#[tokio::test]
async fn tokens_signed_with_es256_rs256_and_eddsa_keys_of_the_jwks_read_as_their_user() -> Result<()>
{
    let es256 = SigningKey::es256("es-1")?;
    let rs256 = SigningKey::rs256("rs-1")?;
    let eddsa = SigningKey::ed25519("ed-1")?;
    let provider = IdentityProvider::start(&[&es256, &rs256, &eddsa]).await?;
    let app = provider.gateway().await?;
    let ada = app.create_user("ada").await?;
    let private_post = app.create_post(&ada, "only for ada", "private").await?;
    let posts = "{ posts(first: 10) { edges { node { id body } } } }";

    for key in [&es256, &rs256, &eddsa] {
        let token = key.sign(&user_claims(ada.id))?;
        let who = viewer(&app, &token).await?;
        assert_eq!(
            who,
            Ok(json!({ "id": ada.id.to_string(), "role": "authenticated" })),
            "{:?}",
            key.algorithm
        );
        // Row-level security sees the same `auth.uid()` as for the gateway's own tokens.
        let data = app.query(Some(&token), posts, json!({})).await?;
        assert_eq!(
            data["posts"]["edges"][0]["node"]["id"],
            private_post.to_string()
        );
    }
    let data = app.query(None, posts, json!({})).await?;
    assert_eq!(
        data["posts"]["edges"],
        json!([]),
        "anonymous sees no private post"
    );
    // The gateway's own HS256 tokens keep working beside the key set.
    assert_eq!(
        viewer(&app, &ada.token).await?,
        Ok(json!({ "id": ada.id.to_string(), "role": "authenticated" }))
    );
    Ok(())
}

#[tokio::test]
async fn a_websocket_signs_in_with_a_jwks_token_read_from_a_file() -> Result<()> {
    let key = SigningKey::es256("file-key")?;
    let folder = std::env::temp_dir().join(format!("switchyard-jwks-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&folder)?;
    let file = folder.join("jwks.json");
    std::fs::write(&file, key_set(&[&key]).to_string())?;
    let app = TestApp::spawn_with_policy(policy(JwksSource::File(file))).await?;
    let grace = app.create_user("grace").await?;

    let token = key.sign(&user_claims(grace.id))?;
    let mut socket = Socket::connect(app.address, TRANSPORT_WS, Some(&token)).await?;
    socket
        .start("1", "{ viewer { id role } }", json!({}))
        .await?;
    let data = socket.next_data("viewer").await?;
    assert_eq!(
        data,
        json!({ "id": grace.id.to_string(), "role": "authenticated" })
    );
    socket.close().await?;

    // A token the file's key did not sign closes the socket with the reason.
    let forged = SigningKey::es256("file-key")?.sign(&user_claims(grace.id))?;
    let mut socket = Socket::open(app.address, TRANSPORT_WS).await?;
    socket.init(Some(&forged)).await?;
    let (code, reason) = socket.expect_close().await?;
    assert_eq!(code, 4403);
    assert!(reason.contains("bad token signature"), "{reason}");
    std::fs::remove_dir_all(folder)?;
    Ok(())
}

#[tokio::test]
async fn a_rotated_key_is_picked_up_through_its_unknown_kid() -> Result<()> {
    let old = SigningKey::es256("2025-key")?;
    let provider = IdentityProvider::start(&[&old]).await?;
    let app = provider.gateway().await?;
    let ada = app.create_user("ada").await?;
    assert!(
        viewer(&app, &old.sign(&user_claims(ada.id))?)
            .await?
            .is_ok()
    );

    let new = SigningKey::rs256("2026-key")?;
    provider.publish(&[&new]);
    let who = viewer(&app, &new.sign(&user_claims(ada.id))?).await?;
    assert_eq!(
        who,
        Ok(json!({ "id": ada.id.to_string(), "role": "authenticated" }))
    );
    assert_eq!(provider.fetches(), 2, "one fetch for the new kid");
    // The retired key left the set with the refresh.
    let message = refusal(&app, &old.sign(&user_claims(ada.id))?).await?;
    assert!(message.contains("unknown key"), "{message}");
    Ok(())
}

#[tokio::test]
async fn made_up_key_ids_cost_one_fetch_per_cooldown() -> Result<()> {
    let key = SigningKey::es256("real")?;
    let provider = IdentityProvider::start(&[&key]).await?;
    let app = provider.gateway().await?;
    let ada = app.create_user("ada").await?;
    for attempt in 0..5 {
        let token = key.sign_as(&format!("made-up-{attempt}"), &user_claims(ada.id))?;
        let message = refusal(&app, &token).await?;
        assert!(message.contains("unknown key"), "{message}");
    }
    assert_eq!(
        provider.fetches(),
        2,
        "the start-up fetch and one for the first unknown kid"
    );
    assert!(
        viewer(&app, &key.sign(&user_claims(ada.id))?)
            .await?
            .is_ok()
    );
    Ok(())
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_last_good_key_set() -> Result<()> {
    let key = SigningKey::es256("kept")?;
    let provider = IdentityProvider::start(&[&key]).await?;
    let app = provider.gateway().await?;
    let ada = app.create_user("ada").await?;

    provider.fail();
    let unknown = SigningKey::es256("not-yet-published")?.sign(&user_claims(ada.id))?;
    let message = refusal(&app, &unknown).await?;
    assert!(message.contains("unknown key"), "{message}");
    assert_eq!(provider.fetches(), 2, "the refresh was tried and failed");

    let who = viewer(&app, &key.sign(&user_claims(ada.id))?).await?;
    assert_eq!(
        who,
        Ok(json!({ "id": ada.id.to_string(), "role": "authenticated" }))
    );
    Ok(())
}

#[tokio::test]
async fn a_token_of_another_issuer_or_audience_is_refused_with_401() -> Result<()> {
    let key = SigningKey::es256("es-1")?;
    let provider = IdentityProvider::start(&[&key]).await?;
    let app = provider.gateway().await?;
    let ada = app.create_user("ada").await?;
    // The provider's claims with `field` set to `value`, or left out.
    let with = |field: &str, value: Option<Value>| {
        let mut claims = user_claims(ada.id);
        if let Some(fields) = claims.as_object_mut() {
            match value {
                Some(value) => fields.insert(field.into(), value),
                None => fields.remove(field),
            };
        }
        claims
    };

    for (claims, expected) in [
        (
            with("iss", Some(json!("https://elsewhere.example/auth"))),
            "token issuer (`iss`) is not accepted here",
        ),
        (
            with("aud", Some(json!("another-app"))),
            "token audience (`aud`) is not accepted here",
        ),
        (
            with("iss", None),
            "malformed token: the `iss` claim is required",
        ),
        (
            with("aud", None),
            "malformed token: the `aud` claim is required",
        ),
    ] {
        assert_eq!(
            refusal(&app, &key.sign(&claims)?).await?,
            expected,
            "{claims}"
        );
        // The HS256 secret's tokens are held to the same issuer and audience.
        assert_eq!(
            refusal(&app, &app.sign_claims(&claims)?).await?,
            expected,
            "{claims}"
        );
    }
    // A token carrying both, from either source, is accepted; the gateway's own tokens
    // (`signIn`, `switchyard token`) carry them.
    let claims = user_claims(ada.id);
    assert!(viewer(&app, &key.sign(&claims)?).await?.is_ok());
    assert!(viewer(&app, &app.sign_claims(&claims)?).await?.is_ok());
    assert!(viewer(&app, &ada.token).await?.is_ok());
    Ok(())
}

#[tokio::test]
async fn a_symmetric_key_in_the_jwks_is_never_trusted() -> Result<()> {
    // A key set is public: an `oct` key published in it would let anybody sign tokens.
    let secret = b"published-for-everyone-to-read-0123456789";
    let symmetric = SigningKey::new(Algorithm::HS384, "oct-1", EncodingKey::from_secret(secret))?;
    let provider = IdentityProvider::start(&[&symmetric]).await?;
    let app = provider.gateway().await?;
    let ada = app.create_user("ada").await?;
    let message = refusal(&app, &symmetric.sign(&user_claims(ada.id))?).await?;
    assert!(message.contains("only HS256 tokens and ES256"), "{message}");
    // HS256 is verified with the gateway's own secret only.
    let token = SigningKey::new(Algorithm::HS256, "oct-1", EncodingKey::from_secret(secret))?
        .sign(&user_claims(ada.id))?;
    assert_eq!(refusal(&app, &token).await?, "bad token signature");
    Ok(())
}
