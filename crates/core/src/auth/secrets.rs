//! The server's own secrets: the JWT signing secret and the connector key.
//!
//! Each comes from its setting when one is given; otherwise it is generated on first start
//! (244 random bits from the OS generator) and kept in the data folder, beside the embedded
//! cluster's password, readable by its owner only (mode 0600), so a development server
//! keeps its tokens valid across restarts and no secret is ever published in the source.
//! Secrets leave this module only inside the resolved [`AuthConfig`]; the connector key is
//! then held as a [`ConnectorKey`], whose `Debug` hides it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::config::{AuthArgs, AuthConfig};

/// The JWT secret built into earlier releases: public, so never accepted as a setting.
const PUBLISHED_JWT_SECRET: &str = "switchyard-dev-secret-change-me-0123456789";
/// The connector key built into earlier releases: public, so never accepted as a setting.
const PUBLISHED_CONNECTOR_KEY: &str = "switchyard-dev-connector-key-change-me";

/// File names in the data folder.
const JWT_SECRET_FILE: &str = "jwt-secret";
const CONNECTOR_KEY_FILE: &str = "connector-key";

/// Why the secrets could not be settled. Each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// A setting holds a secret that was published.
    #[error("{0} is the development value published in earlier releases: choose your own")]
    Published(&'static str),
    /// Serving beyond loopback needs secrets set explicitly.
    #[error(
        "serving on {0} (not loopback) needs SWITCHYARD_JWT_SECRET and SWITCHYARD_CONNECTOR_KEY set explicitly"
    )]
    NotLoopback(SocketAddr),
    /// A generated secret could not be read or kept.
    #[error("secret file {path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
}

/// The secrets a command runs with. `listen` is the address `serve` binds, when serving.
pub fn resolve(
    args: AuthArgs,
    data_dir: &Path,
    listen: Option<SocketAddr>,
) -> Result<AuthConfig, SecretError> {
    if let Some(listen) = listen
        && !listen.ip().is_loopback()
        && (args.jwt_secret.is_none() || args.connector_key.is_none())
    {
        return Err(SecretError::NotLoopback(listen));
    }
    Ok(AuthConfig {
        jwt_secret: setting_or_kept(
            args.jwt_secret,
            "SWITCHYARD_JWT_SECRET",
            PUBLISHED_JWT_SECRET,
            &data_dir.join(JWT_SECRET_FILE),
        )?,
        token_ttl: args.token_ttl,
        connector_key: setting_or_kept(
            args.connector_key,
            "SWITCHYARD_CONNECTOR_KEY",
            PUBLISHED_CONNECTOR_KEY,
            &data_dir.join(CONNECTOR_KEY_FILE),
        )?,
    })
}

fn setting_or_kept(
    setting: Option<String>,
    name: &'static str,
    published: &str,
    file: &Path,
) -> Result<String, SecretError> {
    match setting {
        Some(value) if value == published => Err(SecretError::Published(name)),
        Some(value) => Ok(value),
        None => kept(file),
    }
}

/// The secret kept in `file`, generated and written first when there is none.
fn kept(file: &Path) -> Result<String, SecretError> {
    let failed = |source| SecretError::File {
        path: file.to_owned(),
        source,
    };
    match std::fs::read_to_string(file) {
        Ok(text) if !text.trim().is_empty() => return Ok(text.trim().to_owned()),
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(failed(error)),
    }
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let secret = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    write_private(file, &secret).map_err(failed)?;
    tracing::info!(file = %file.display(), "generated a secret and kept it (mode 0600)");
    Ok(secret)
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?
        .write_all(contents.as_bytes())
}

/// The key connector tokens are encrypted with (`SWITCHYARD_CONNECTOR_KEY`). It is only
/// ever a bound argument of a SQL call; `Debug` hides it so no log line can carry it.
pub struct ConnectorKey(String);

impl ConnectorKey {
    /// Wraps the configured key.
    pub fn new(key: &str) -> Self {
        Self(key.to_owned())
    }

    /// The key itself, to bind as a SQL argument.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ConnectorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConnectorKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(jwt: Option<&str>, key: Option<&str>) -> AuthArgs {
        AuthArgs {
            jwt_secret: jwt.map(str::to_owned),
            token_ttl: 60,
            connector_key: key.map(str::to_owned),
        }
    }

    /// A folder of its own under the system's temporary folder, removed (with the secrets
    /// written into it) when dropped.
    struct Scratch(PathBuf);

    impl std::ops::Deref for Scratch {
        type Target = PathBuf;

        fn deref(&self) -> &PathBuf {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp_dir() -> Scratch {
        let dir = std::env::temp_dir().join(format!("switchyard-secrets-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        Scratch(dir)
    }

    #[test]
    fn generated_secrets_are_private_and_kept_across_starts() -> Result<(), SecretError> {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = temp_dir();
        let first = resolve(args(None, None), &dir, None)?;
        let again = resolve(args(None, None), &dir, None)?;
        assert_eq!(first.jwt_secret, again.jwt_secret);
        assert_eq!(first.connector_key, again.connector_key);
        assert_ne!(first.jwt_secret, PUBLISHED_JWT_SECRET);
        assert!(first.jwt_secret.len() >= 64);
        let mode = std::fs::metadata(dir.join(JWT_SECRET_FILE))
            .map(|meta| meta.permissions().mode() & 0o777)
            .unwrap_or_default();
        assert_eq!(mode, 0o600);
        let other = resolve(args(None, None), &temp_dir(), None)?;
        assert_ne!(first.jwt_secret, other.jwt_secret);
        Ok(())
    }

    #[test]
    fn published_secrets_and_implicit_ones_beyond_loopback_are_refused() {
        let dir = temp_dir();
        assert!(matches!(
            resolve(args(Some(PUBLISHED_JWT_SECRET), Some("k")), &dir, None),
            Err(SecretError::Published("SWITCHYARD_JWT_SECRET"))
        ));
        let public: SocketAddr = ([0, 0, 0, 0], 4000).into();
        assert!(matches!(
            resolve(args(None, None), &dir, Some(public)),
            Err(SecretError::NotLoopback(_))
        ));
        assert!(
            resolve(
                args(Some("own secret"), Some("own key")),
                &dir,
                Some(public)
            )
            .is_ok()
        );
        let loopback: SocketAddr = ([127, 0, 0, 1], 4000).into();
        assert!(resolve(args(None, None), &dir, Some(loopback)).is_ok());
    }
}
