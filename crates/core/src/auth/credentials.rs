//! Secrets users hold: passwords (argon2id hashes) and API keys (random, stored as SHA-256
//! hashes; the plaintext is shown once). Neither a hash nor a key has a GraphQL field.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{AuthError, Role, Viewer};

/// A hash verified when the e-mail is unknown, so both failures take the same time.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c3dpdGNoeWFyZGRlY295$1d5Tn2mM2p0m6C3w3Pj2y2rXy0p4c2Ue7j0d9QF8a3E";

/// Hashes a password with argon2id (on a blocking thread: it is deliberately slow).
pub async fn hash_password(password: String) -> Result<String, AuthError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|_| AuthError::Malformed("password hashing was interrupted".into()))?
    .map_err(|_| AuthError::Malformed("the password could not be hashed".into()))
}

/// Checks a password against a stored hash, or against a decoy when there is none.
pub async fn verify_password(hash: Option<String>, password: String) -> bool {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DECOY_HASH.to_owned());
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false);
    known && matches
}

/// A freshly generated API key: the plaintext (shown once), its display prefix and hash.
#[derive(Debug)]
pub struct NewApiKey {
    /// The key the client keeps, e.g. `sy_8f3a…`.
    pub plaintext: String,
    /// The first characters, safe to display.
    pub prefix: String,
    /// The SHA-256 hex digest stored in the database.
    pub hash: String,
}

/// Generates a random key (244 bits from the OS generator).
pub fn new_api_key() -> NewApiKey {
    let plaintext = format!("sy_{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    NewApiKey {
        prefix: plaintext.chars().take(11).collect(),
        hash: hash_api_key(&plaintext),
        plaintext,
    }
}

/// The stored form of a key. Keys are long random strings, so a fast hash is enough.
pub fn hash_api_key(key: &str) -> String {
    format!("{:x}", Sha256::digest(key.as_bytes()))
}

/// The viewer an `X-Api-Key` speaks for: its owner, as an authenticated user.
pub async fn api_key_viewer(pool: &DatabaseConnection, key: &str) -> Result<Viewer, AuthError> {
    let row = pool
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT auth.api_key_owner($1) AS owner",
            [hash_api_key(key.trim()).into()],
        ))
        .await
        .map_err(|error| {
            tracing::error!(error = %error, "API key lookup failed");
            AuthError::InvalidApiKey
        })?;
    let owner = row.and_then(|row| row.try_get::<Option<Uuid>>("", "owner").ok().flatten());
    match owner {
        // A key does not expire mid-connection; revocation applies to the next request.
        Some(user_id) => Ok(Viewer {
            user_id: Some(user_id),
            role: Role::Authenticated,
            exp: None,
        }),
        None => Err(AuthError::InvalidApiKey),
    }
}
