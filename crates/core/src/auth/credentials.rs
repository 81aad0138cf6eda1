//! Secrets users hold: passwords (argon2id hashes) and API keys (random, stored as SHA-256
//! hashes; the plaintext is shown once). Neither a hash nor a key has a GraphQL field.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use std::time::Duration;
use tokio::sync::Semaphore;
use uuid::Uuid;

use super::{AuthError, Client, Role, Viewer};
use crate::caps::{Caps, Held};

/// A hash verified when the e-mail is unknown, so both failures take the same time.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c3dpdGNoeWFyZGRlY295$1d5Tn2mM2p0m6C3w3Pj2y2rXy0p4c2Ue7j0d9QF8a3E";

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Every password slot stayed taken for the whole wait (10 s); nothing was done.
    #[error(
        "the server is busy checking other passwords: nothing was done, retry in a few seconds"
    )]
    Busy,
    /// The client has as many sign-ins and sign-ups under way as one client may.
    #[error(
        "{0} of your passwords are already waiting or being checked, the most one client may \
         have at once: nothing was done; wait for their answers, then retry"
    )]
    Crowded(usize),
    /// Hashing failed or its thread was lost: a failure of ours.
    #[error("the password could not be hashed")]
    Failed,
}

/// How long a password waits for a slot before its request is refused as busy.
const PASSWORD_WAIT: Duration = Duration::from_secs(10);

/// Sign-ins and sign-ups one client may have under way at once. Each waits in turn for
/// what every client shares (a connection of the security log's pool for a sign-in's turn,
/// then a password slot), so without this one client's flood of sign-ins held all of
/// those and queued ahead of everyone else's; with it, another client's sign-in waits
/// behind at most this many of each other client's.
const PASSWORDS_PER_CLIENT: usize = 2;

/// Each client's sign-ins and sign-ups under way.
static UNDER_WAY: LazyLock<Caps<Client>> = LazyLock::new(|| Caps::new(PASSWORDS_PER_CLIENT));

/// `client`'s place among its sign-ins and sign-ups under way, to hold until the sign-in or
/// sign-up has its answer; none for a client held to no such limit (`None`: the operator's
/// own services, an exempt loopback client). [`PasswordError::Crowded`] at once when the
/// client has its most under way.
pub fn password_place(client: Option<Client>) -> Result<Option<Held<Client>>, PasswordError> {
    client
        .map(|client| {
            UNDER_WAY
                .take(client)
                .ok_or(PasswordError::Crowded(PASSWORDS_PER_CLIENT))
        })
        .transpose()
}

/// The process's slots for argon2id work. Each hash or check takes 19 MiB and tens of
/// milliseconds of a core, and a sign-up hashes before anything else holds it back, so
/// without slots concurrent sign-ups took as much memory and CPU as a client sent them
/// (500 at once from one address: +560 MB). Half the cores, at least one: the other half
/// keeps serving requests while passwords queue.
static SLOTS: LazyLock<PasswordSlots> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    PasswordSlots::new((cores / 2).max(1), PASSWORD_WAIT)
});

/// Runs argon2id work on blocking threads, at most `slots` at once.
struct PasswordSlots {
    slots: Semaphore,
    wait: Duration,
}

impl PasswordSlots {
    fn new(slots: usize, wait: Duration) -> Self {
        Self {
            slots: Semaphore::new(slots),
            wait,
        }
    }

    /// `work`'s result, once a slot is free (waited for at most `wait`).
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PasswordError> {
        let _slot = tokio::time::timeout(self.wait, self.slots.acquire())
            .await
            .map_err(|_| PasswordError::Busy)?
            .map_err(|_| PasswordError::Busy)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| PasswordError::Failed)
    }
}

/// Hashes a password with argon2id (in a password slot: it is deliberately slow).
pub async fn hash_password(password: String) -> Result<String, PasswordError> {
    SLOTS
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
        })
        .await?
        .map_err(|_| PasswordError::Failed)
}

/// Checks a password against a stored hash, or against a decoy when there is none.
pub async fn verify_password(
    hash: Option<String>,
    password: String,
) -> Result<bool, PasswordError> {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DECOY_HASH.to_owned());
    let matches = SLOTS
        .run(move || {
            PasswordHash::new(&hash).is_ok_and(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
        })
        .await?;
    Ok(known && matches)
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

#[cfg(test)]
mod slot_tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn no_more_passwords_are_worked_on_at_once_than_there_are_slots() {
        let slots = Arc::new(PasswordSlots::new(2, Duration::from_secs(10)));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let works = (0..8).map(|_| {
            let (slots, running, most) = (slots.clone(), running.clone(), most.clone());
            tokio::spawn(async move {
                slots
                    .run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(30));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
            })
        });
        for work in futures_util::future::join_all(works).await {
            assert!(matches!(work, Ok(Ok(()))), "{work:?}");
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_password_that_finds_no_slot_in_time_is_refused_as_busy() {
        let slots = PasswordSlots::new(1, Duration::from_millis(50));
        let taken = slots.slots.acquire().await;
        assert!(taken.is_ok());
        assert!(matches!(slots.run(|| ()).await, Err(PasswordError::Busy)));
        drop(taken);
        assert!(slots.run(|| ()).await.is_ok());
    }

    #[test]
    fn a_client_has_at_most_two_passwords_under_way_and_others_are_not_held_to_its_count() {
        let (flooder, other) = (Client::User(Uuid::new_v4()), Client::User(Uuid::new_v4()));
        let first = password_place(Some(flooder));
        let second = password_place(Some(flooder));
        assert!(matches!((&first, &second), (Ok(Some(_)), Ok(Some(_)))));
        assert!(matches!(
            password_place(Some(flooder)),
            Err(PasswordError::Crowded(2))
        ));
        assert!(matches!(password_place(Some(other)), Ok(Some(_))));
        assert!(matches!(password_place(None), Ok(None)));
        drop(first);
        assert!(matches!(password_place(Some(flooder)), Ok(Some(_))));
    }
}
