//! Authentication: turns a Bearer JWT into a [`Viewer`], the one value the rest of the
//! server knows about who is asking.
//!
//! Tokens carry Supabase-compatible claims (`sub`, `role`, `exp`) and are signed either with
//! the gateway's HS256 secret or, when a key set is configured ([`jwks`]), with an
//! identity provider's asymmetric key named by the token's `kid`; both kinds become the same
//! [`Viewer`]. A configured issuer and audience are required of every token. No token means
//! the anonymous viewer; a token that is malformed, badly signed, expired, from another
//! issuer or audience, or names a role the gateway does not hand out is refused with an
//! [`AuthError`] saying which.

pub mod credentials;
pub mod jwks;
pub mod secrets;

use std::fmt;
use std::sync::Arc;

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use self::jwks::{ASYMMETRIC_ALGORITHMS, Jwks};
use crate::config::{AuthConfig, TokenPolicy};
pub use crate::role::Role;

/// The claims Switchyard reads and writes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user id (`users.id`); absent for anonymous and some service tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<Uuid>,
    /// The database role the request runs as.
    pub role: Role,
    /// Expiry, seconds since the epoch.
    pub exp: u64,
    /// Issue time, seconds since the epoch.
    #[serde(default)]
    pub iat: u64,
    /// The issuer, when the gateway is configured to require one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// The audience, when the gateway is configured to require one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
}

/// Who is asking: the anonymous visitor, a user, or a service.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The signed-in user, if any.
    pub user_id: Option<Uuid>,
    /// The role statements run as.
    pub role: Role,
    /// When the token expires (seconds since the epoch); `None` for the anonymous viewer.
    /// An open WebSocket ends its subscriptions at this moment.
    pub exp: Option<u64>,
}

impl Viewer {
    /// The visitor without a token.
    pub fn anonymous() -> Self {
        Self {
            user_id: None,
            role: Role::Anon,
            exp: None,
        }
    }

    /// How long until the token expires (zero once it has); `None` for the anonymous
    /// viewer. A stream that outlives its token ends then.
    pub fn expires_in(&self) -> Option<std::time::Duration> {
        self.exp
            .map(|exp| std::time::Duration::from_secs(exp.saturating_sub(now_seconds())))
    }

    /// The claims as JSON, handed to PostgreSQL so `auth.uid()` and `auth.role()` work.
    pub fn claims_json(&self) -> String {
        serde_json::json!({ "sub": self.user_id, "role": self.role.as_str() }).to_string()
    }
}

/// The address a request came from, when its transport knows it: what rate limits and the
/// security log key on besides the viewer.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    /// The client's address, from the connection (served with connect info); `None` when
    /// the router is served without it. Forwarding headers are not trusted: anyone can send
    /// them.
    pub fn of(extensions: &Extensions) -> Self {
        Self(
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(address)| address.ip()),
        )
    }
}

/// Who a request counts as for what one client may hold at once (its share of the pool,
/// its password checks): a signed-in user wherever its requests come from, an anonymous
/// client by its network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    /// A signed-in user, wherever their requests come from.
    User(Uuid),
    /// An anonymous client's address (its network, for IPv6).
    Address(ClientNetwork),
}

impl Client {
    /// The client `viewer` counts as when its requests come from `address`; `None` when
    /// it is not held to a share (the operator's own services with a `service_role` token,
    /// an exempt loopback client, or nothing to tell it by).
    pub fn of(viewer: &Viewer, address: Option<IpAddr>, limit_loopback: bool) -> Option<Self> {
        let network = address.map(ClientNetwork::of);
        let exempt_loopback = network.is_some_and(ClientNetwork::is_loopback) && !limit_loopback;
        if exempt_loopback || viewer.role == Role::ServiceRole {
            return None;
        }
        viewer
            .user_id
            .map(Self::User)
            .or(network.map(Self::Address))
    }
}

/// A client address as the per-address rules count it (connection cap, rate limits, pool
/// shares, the sign-in lockout, the security log's tallies): an IPv4 address is itself; an
/// IPv6 address counts as its /64, the block one host or one subscriber's network is given
/// and may pick any address of, so that a client cannot escape a rule by changing address
/// within it. An IPv4 address written as IPv6 (`::ffff:a.b.c.d`) is that IPv4 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientNetwork(IpAddr);

impl ClientNetwork {
    /// The network `address` counts under.
    pub fn of(address: IpAddr) -> Self {
        match address {
            IpAddr::V6(v6) if v6.is_loopback() => Self(address),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(IpAddr::V4(v4)),
                None => Self(IpAddr::V6(Ipv6Addr::from(
                    u128::from(v6) & !u128::from(u64::MAX),
                ))),
            },
            IpAddr::V4(_) => Self(address),
        }
    }

    /// Whether this is the machine itself (127.0.0.0/8, ::1).
    pub fn is_loopback(self) -> bool {
        self.0.is_loopback()
    }
}

/// As the security log stores it: `192.0.2.7`, `2001:db8:1:2::/64`.
impl fmt::Display for ClientNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V6(v6) if !v6.is_loopback() => write!(f, "{v6}/64"),
            address => write!(f, "{address}"),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self::of(&parts.extensions))
    }
}

/// Why a token was refused. Each variant's message is what the client reads.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// The header is not `Bearer <jwt>` or the token is not a decodable JWT.
    #[error("malformed token: {0}")]
    Malformed(String),
    /// The token was not signed with this gateway's key.
    #[error("bad token signature")]
    BadSignature,
    /// The token's `exp` is in the past.
    #[error("token expired")]
    Expired,
    /// The `role` claim is not one the gateway hands out.
    #[error("token role is not allowed here")]
    DisallowedRole,
    /// The token's `kid` names no key of the identity provider's key set, even after a
    /// refresh.
    #[error("token signed with an unknown key: no `kid` of the configured key set matches")]
    UnknownKey,
    /// The token's `iss` is not the configured issuer.
    #[error("token issuer (`iss`) is not accepted here")]
    WrongIssuer,
    /// The token's `aud` does not include the configured audience.
    #[error("token audience (`aud`) is not accepted here")]
    WrongAudience,
    /// An `authenticated` token without a `sub` claim.
    #[error("malformed token: an authenticated token needs a `sub` claim")]
    MissingSubject,
    /// An `X-Api-Key` that is unknown, revoked or expired.
    #[error("invalid API key: unknown, revoked or expired")]
    InvalidApiKey,
}

/// Signing and verification keys, built once from configuration.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// The checks every token gets (expiry, issuer, audience), for HS256; an asymmetric
    /// token gets them with its own algorithm.
    validation: Validation,
    /// The identity provider's keys, when configured.
    jwks: Option<Arc<Jwks>>,
    issuer: Option<String>,
    audience: Option<String>,
    session_ttl: u64,
}

impl fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

impl JwtKeys {
    /// Keys from the configured HS256 secret, accepting tokens of any issuer and audience.
    pub fn new(config: &AuthConfig) -> Self {
        Self::with_policy(config, &TokenPolicy::default())
    }

    /// Keys from the HS256 secret and `policy`: its key set (empty until
    /// [`JwtKeys::keep_fresh`] or the first token that needs it loads it), and the issuer
    /// and audience every token must carry, which the tokens minted here carry too.
    pub fn with_policy(config: &AuthConfig, policy: &TokenPolicy) -> Self {
        let secret = config.jwt_secret.as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        let mut required = vec!["exp"];
        if let Some(issuer) = &policy.issuer {
            validation.set_issuer(&[issuer]);
            required.push("iss");
        }
        match &policy.audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                required.push("aud");
            }
            // Supabase tokens carry `aud: authenticated`; without a configured audience the
            // role claim is what is checked.
            None => validation.validate_aud = false,
        }
        validation.set_required_spec_claims(&required);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            jwks: policy.jwks.clone().map(|jwks| Arc::new(Jwks::new(jwks))),
            issuer: policy.issuer.clone(),
            audience: policy.audience.clone(),
            session_ttl: config.token_ttl,
        }
    }

    /// Starts refreshing the key set on its schedule, when one is configured.
    pub fn keep_fresh(&self) {
        if let Some(jwks) = &self.jwks {
            jwks.keep_fresh();
        }
    }

    /// A session token for a user who just signed up or in, and its lifetime in seconds.
    pub fn session(&self, user: Uuid) -> Result<(String, u64), jsonwebtoken::errors::Error> {
        Ok((
            self.mint(Some(user), Role::Authenticated, self.session_ttl)?,
            self.session_ttl,
        ))
    }

    /// Mints a token for `user` with `role`, valid for `ttl_seconds`.
    pub fn mint(
        &self,
        user: Option<Uuid>,
        role: Role,
        ttl_seconds: u64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let now = now_seconds();
        let claims = Claims {
            sub: user,
            role,
            exp: now + ttl_seconds,
            iat: now,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// Verifies a raw token and returns the viewer it speaks for.
    pub async fn verify(&self, token: &str) -> Result<Viewer, AuthError> {
        #[derive(Deserialize)]
        struct RawClaims {
            sub: Option<String>,
            role: Option<String>,
            exp: u64,
        }
        let data = match header_algorithm(token).as_deref() {
            None => return Err(not_a_jwt()),
            Some("HS256") => {
                jsonwebtoken::decode::<RawClaims>(token, &self.decoding, &self.validation)
            }
            Some(algorithm)
                if self.jwks.is_some() && ASYMMETRIC_ALGORITHMS.contains(&algorithm) =>
            {
                let (key, validation) = self.asymmetric(token).await?;
                jsonwebtoken::decode::<RawClaims>(token, &key.key, &validation)
            }
            Some(_) => return Err(AuthError::Malformed(self.accepted_algorithms())),
        }
        .map_err(|error| refusal(error.kind()))?;
        let claims = data.claims;
        let role = match claims.role.as_deref() {
            None | Some("authenticated") => Role::Authenticated,
            Some("anon") => Role::Anon,
            Some("service_role") => Role::ServiceRole,
            Some(_) => return Err(AuthError::DisallowedRole),
        };
        let user_id = match claims.sub.as_deref() {
            None | Some("") => None,
            Some(sub) => Some(
                Uuid::parse_str(sub)
                    .map_err(|_| AuthError::Malformed("the `sub` claim is not a UUID".into()))?,
            ),
        };
        if role == Role::Authenticated && user_id.is_none() {
            return Err(AuthError::MissingSubject);
        }
        Ok(Viewer {
            user_id,
            role,
            exp: Some(claims.exp),
        })
    }

    /// The key set's key for `token` (by its `kid`) and the checks for its algorithm.
    async fn asymmetric(
        &self,
        token: &str,
    ) -> Result<(Arc<jwks::VerifyingKey>, Validation), AuthError> {
        let header = jsonwebtoken::decode_header(token).map_err(|error| refusal(error.kind()))?;
        let kid = header.kid.ok_or_else(|| {
            AuthError::Malformed("the header names no key (`kid`) of the key set".into())
        })?;
        let jwks = self.jwks.as_ref().ok_or(AuthError::UnknownKey)?;
        let key = jwks.key(&kid).await.ok_or(AuthError::UnknownKey)?;
        if !key.algorithms.contains(&header.alg) {
            return Err(AuthError::Malformed(format!(
                "the key `{kid}` does not sign {:?} tokens",
                header.alg
            )));
        }
        let mut validation = self.validation.clone();
        validation.algorithms = vec![header.alg];
        Ok((key, validation))
    }

    /// What a token signed otherwise is told.
    fn accepted_algorithms(&self) -> String {
        if self.jwks.is_some() {
            format!(
                "only HS256 tokens and {} tokens from the configured key set are accepted",
                ASYMMETRIC_ALGORITHMS.join(", ")
            )
        } else {
            "only HS256 tokens are accepted".into()
        }
    }

    /// The viewer behind an HTTP request's `Authorization` header.
    pub async fn viewer_from_headers(&self, headers: &HeaderMap) -> Result<Viewer, AuthError> {
        let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
            return Ok(Viewer::anonymous());
        };
        let value = value
            .to_str()
            .map_err(|_| AuthError::Malformed("the Authorization header is not text".into()))?;
        self.viewer_from_authorization(value).await
    }

    /// The viewer behind an `Authorization` value (`Bearer <jwt>`), as sent over HTTP or in a
    /// WebSocket `connection_init` payload.
    pub async fn viewer_from_authorization(&self, value: &str) -> Result<Viewer, AuthError> {
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or_else(|| {
                AuthError::Malformed("expected `Authorization: Bearer <token>`".into())
            })?;
        self.verify(token.trim()).await
    }
}

/// Why a token failed verification, in words that say what the client must change: never
/// the library's own text (its variant names or the list of algorithms it knows).
fn refusal(kind: &ErrorKind) -> AuthError {
    let malformed = |message: &str| AuthError::Malformed(message.to_owned());
    match kind {
        ErrorKind::ExpiredSignature => AuthError::Expired,
        ErrorKind::InvalidSignature => AuthError::BadSignature,
        ErrorKind::InvalidIssuer => AuthError::WrongIssuer,
        ErrorKind::InvalidAudience => AuthError::WrongAudience,
        ErrorKind::MissingRequiredClaim(claim) => {
            AuthError::Malformed(format!("the `{claim}` claim is required"))
        }
        ErrorKind::ImmatureSignature => malformed("the token is not valid yet (`nbf`)"),
        ErrorKind::InvalidToken | ErrorKind::Base64(_) => not_a_jwt(),
        ErrorKind::Json(_) | ErrorKind::Utf8(_) => malformed(
            "the claims are not valid: `exp` must be a number, `sub` a UUID and `role` a string",
        ),
        _ => malformed("the token could not be verified"),
    }
}

fn not_a_jwt() -> AuthError {
    AuthError::Malformed("expected a JWT: three base64url parts separated by dots".into())
}

/// The `alg` a token's header names, if the header is readable JSON. Read before the
/// library parses the header, which fails on an algorithm it does not know (`none`).
fn header_algorithm(token: &str) -> Option<String> {
    use base64::Engine as _;
    let header = token.split('.').next()?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header.trim_end_matches('='))
        .ok()?;
    let header: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    Some(header.get("alg")?.as_str()?.to_owned())
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network(address: &str) -> Result<ClientNetwork, std::net::AddrParseError> {
        Ok(ClientNetwork::of(address.parse()?))
    }

    #[test]
    fn an_ipv6_client_counts_as_its_64_and_an_ipv4_one_as_itself()
    -> Result<(), std::net::AddrParseError> {
        assert_eq!(
            network("2001:db8:1:2::7")?,
            network("2001:db8:1:2:ffff:1:2:3")?
        );
        assert_ne!(network("2001:db8:1:2::7")?, network("2001:db8:1:3::7")?);
        assert_eq!(network("2001:db8:1:2::7")?.to_string(), "2001:db8:1:2::/64");
        assert_ne!(network("192.0.2.7")?, network("192.0.2.8")?);
        assert_eq!(network("192.0.2.7")?.to_string(), "192.0.2.7");
        // A dual-stack socket sees IPv4 clients as mapped addresses.
        assert_eq!(network("::ffff:192.0.2.7")?, network("192.0.2.7")?);
        assert!(network("::ffff:127.0.0.1")?.is_loopback());
        assert!(network("::1")?.is_loopback());
        assert_eq!(network("::1")?.to_string(), "::1");
        assert!(!network("::2")?.is_loopback());
        Ok(())
    }

    #[test]
    fn loopback_and_services_are_exempt_and_a_signed_in_viewer_counts_as_its_user() {
        let loopback = Some(IpAddr::from([127, 0, 0, 1]));
        let remote = Some(IpAddr::from([192, 0, 2, 7]));
        let anonymous = Viewer::anonymous();
        assert_eq!(Client::of(&anonymous, loopback, false), None);
        let address = |ip: Option<IpAddr>| ip.map(|ip| Client::Address(ClientNetwork::of(ip)));
        assert_eq!(Client::of(&anonymous, loopback, true), address(loopback));
        assert_eq!(Client::of(&anonymous, remote, false), address(remote));
        // Two addresses of one IPv6 /64 are one client, with one share.
        let host: Option<IpAddr> = "2001:db8:1:2::7".parse().ok();
        let same_network: Option<IpAddr> = "2001:db8:1:2:ffff::9".parse().ok();
        assert!(host.is_some());
        assert_eq!(
            Client::of(&anonymous, host, false),
            Client::of(&anonymous, same_network, false)
        );
        let id = Uuid::new_v4();
        let signed_in = Viewer {
            user_id: Some(id),
            role: Role::Authenticated,
            exp: None,
        };
        assert_eq!(
            Client::of(&signed_in, remote, false),
            Some(Client::User(id))
        );
        assert_eq!(Client::of(&anonymous, None, true), None);
        let service = Viewer {
            role: Role::ServiceRole,
            ..signed_in
        };
        assert_eq!(Client::of(&service, remote, true), None);
    }
}
