//! The embedded PostgreSQL cluster: a private cluster started from the machine's
//! PostgreSQL binaries under a data folder of the project's own, so a newcomer needs
//! nothing running.
//!
//! The folder holds `pgdata/` (the cluster), `password` (the superuser's generated password)
//! and `cluster.lock` (so concurrent processes start the cluster once). `initdb` refuses to
//! run as root, so when we are root the cluster belongs to, and runs as, the `postgres`
//! account. It listens on 127.0.0.1 and on a Unix socket in its data folder, with password
//! authentication; [`EmbeddedCluster::url`] names the socket when there is one, because a
//! statement sent over loopback TCP costs the sender the kernel's whole TCP path (perf: 12% of
//! the server's CPU on a 3-level read, and 7–11% more requests a second over the socket).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Output;

use tokio::process::Command;

/// Why the embedded cluster could not be started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    /// No server binaries on this machine.
    #[error(
        "no PostgreSQL server binaries found under /usr/lib/postgresql/*/bin: run scripts/provision.sh or set DATABASE_URL"
    )]
    NoBinaries,
    /// Running as root, but there is no unprivileged account to run PostgreSQL as.
    #[error(
        "running as root needs the `postgres` account to own the cluster: install Debian's postgresql package (scripts/provision.sh)"
    )]
    NoServiceAccount,
    /// A file operation on the data folder failed.
    #[error("embedded PostgreSQL data folder {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// One of PostgreSQL's programs failed.
    #[error("{program} failed: {detail}")]
    Command {
        /// The program (initdb, pg_ctl).
        program: String,
        /// Its output, or the spawn error.
        detail: String,
    },
}

/// A running (or startable) private cluster.
#[derive(Debug, Clone)]
pub struct EmbeddedCluster {
    bin_dir: PathBuf,
    folder: PathBuf,
    port: u16,
    run_as: Option<String>,
    password: String,
}

impl EmbeddedCluster {
    /// Starts the cluster under `folder` on `port`, creating it on first use. Safe to call
    /// from several processes at once.
    pub async fn start(folder: &Path, port: u16) -> Result<Self, EmbeddedError> {
        let bin_dir = find_bin_dir()?;
        let run_as = if is_root().await {
            Some(service_account().await?)
        } else {
            None
        };
        fs::create_dir_all(folder).map_err(|source| io_error(folder, source))?;
        let folder = fs::canonicalize(folder).map_err(|source| io_error(folder, source))?;
        let lock = lock_folder(&folder).await?;
        let mut cluster = Self {
            bin_dir,
            folder,
            port,
            run_as,
            password: String::new(),
        };
        cluster.password = cluster.init_if_needed().await?;
        if !cluster.is_running().await {
            cluster.pg_ctl_start().await?;
        } else if let Some(running) = cluster.running_port()
            && running != port
        {
            // Started earlier by another command with another port: use it as it is.
            tracing::info!(
                requested = port,
                port = running,
                "the embedded cluster already runs on another port"
            );
            cluster.port = running;
        }
        drop(lock);
        Ok(cluster)
    }

    /// The URL of database `name` in this cluster, as the superuser: through the cluster's
    /// Unix socket when it has one (a cluster started before it had one listens on TCP
    /// only until restarted), else over TCP.
    pub fn url(&self, name: &str) -> String {
        let tcp = format!(
            "postgres://postgres:{}@127.0.0.1:{}/{name}",
            self.password, self.port
        );
        match self.socket_dir() {
            Some(dir) if dir.join(format!(".s.PGSQL.{}", self.port)).exists() => {
                format!("{tcp}?host={}", dir.display())
            }
            _ => tcp,
        }
    }

    /// The folder of the cluster's Unix socket: its data folder, unless that path is too
    /// long for a socket address or holds characters the server's option syntax would
    /// need quoted (then the cluster listens on TCP only).
    fn socket_dir(&self) -> Option<PathBuf> {
        /// `sun_path` holds 108 bytes with the terminating NUL; the file is `.s.PGSQL.<port>`.
        const MAX_SOCKET_PATH: usize = 107;
        let dir = self.data_dir();
        let text = dir.to_str()?;
        let plain = text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"/._-".contains(&byte));
        let path_length = text.len() + format!("/.s.PGSQL.{}", self.port).len();
        (plain && path_length <= MAX_SOCKET_PATH).then_some(dir)
    }

    /// Stops the cluster (fast shutdown).
    pub async fn stop(&self) -> Result<(), EmbeddedError> {
        let data = self.data_dir();
        let data = data.to_string_lossy();
        self.run("pg_ctl", &["stop", "-D", &data, "-m", "fast", "-w"])
            .await
            .map(|_| ())
    }

    fn data_dir(&self) -> PathBuf {
        self.folder.join("pgdata")
    }

    async fn init_if_needed(&self) -> Result<String, EmbeddedError> {
        let data = self.data_dir();
        let password_file = self.folder.join("password");
        if data.join("PG_VERSION").exists() {
            return fs::read_to_string(&password_file)
                .map(|text| text.trim().to_owned())
                .map_err(|source| io_error(&password_file, source));
        }
        tracing::info!(folder = %self.folder.display(), "creating the embedded PostgreSQL cluster");
        let password = format!("{}", uuid::Uuid::new_v4().simple());
        write_private(&password_file, &password)?;
        if data.exists() {
            fs::remove_dir_all(&data).map_err(|source| io_error(&data, source))?;
        }
        fs::create_dir_all(&data).map_err(|source| io_error(&data, source))?;
        // initdb reads the password from a file the cluster's owner can read.
        let init_password = self.folder.join("initdb-password");
        write_private(&init_password, &password)?;
        if let Some(account) = &self.run_as {
            self.ensure_reachable(account).await?;
            for path in [&data, &init_password] {
                chown(account, path).await?;
            }
        }
        let result = self
            .run(
                "initdb",
                &[
                    "-D",
                    &data.to_string_lossy(),
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-locale",
                    "--auth=scram-sha-256",
                    &format!("--pwfile={}", init_password.to_string_lossy()),
                ],
            )
            .await;
        let _ = fs::remove_file(&init_password);
        result?;
        Ok(password)
    }

    async fn is_running(&self) -> bool {
        let data = self.data_dir();
        self.run("pg_ctl", &["status", "-D", &data.to_string_lossy()])
            .await
            .is_ok()
    }

    /// The port of the running cluster, from the fourth line of `postmaster.pid`.
    fn running_port(&self) -> Option<u16> {
        let pid_file = fs::read_to_string(self.data_dir().join("postmaster.pid")).ok()?;
        pid_file.lines().nth(3)?.trim().parse().ok()
    }

    async fn pg_ctl_start(&self) -> Result<(), EmbeddedError> {
        let data = self.data_dir();
        let log = data.join("server.log");
        // Loopback TCP and the socket in the data folder (private to the cluster's account,
        // and to root); synchronous_commit=off trades the last few commits on a crash for
        // speed, which suits a development and test cluster.
        let socket_dir = self
            .socket_dir()
            .map_or_else(String::new, |dir| dir.display().to_string());
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{socket_dir}' -c max_connections=300 -c synchronous_commit=off",
            self.port
        );
        tracing::info!(port = self.port, "starting the embedded PostgreSQL cluster");
        self.run(
            "pg_ctl",
            &[
                "start",
                "-D",
                &data.to_string_lossy(),
                "-l",
                &log.to_string_lossy(),
                "-w",
                "-t",
                "60",
                "-o",
                &options,
            ],
        )
        .await
        .map(|_| ())
    }

    /// The cluster's owner must be able to walk down to the data folder.
    async fn ensure_reachable(&self, account: &str) -> Result<(), EmbeddedError> {
        let probe = Command::new("runuser")
            .args(["-u", account, "--", "test", "-x"])
            .arg(&self.folder)
            .output()
            .await;
        match probe {
            Ok(output) if output.status.success() => Ok(()),
            _ => Err(EmbeddedError::Command {
                program: "runuser".into(),
                detail: format!(
                    "the `{account}` account cannot reach {}; choose a --data-dir outside private home folders",
                    self.folder.display()
                ),
            }),
        }
    }

    async fn run(&self, program: &str, args: &[&str]) -> Result<Output, EmbeddedError> {
        let binary = self.bin_dir.join(program);
        let mut command = match &self.run_as {
            Some(account) => {
                let mut command = Command::new("runuser");
                command.args(["-u", account, "--"]).arg(&binary);
                command
            }
            None => Command::new(&binary),
        };
        // The cluster outlives this command; keep it out of our terminal's signals.
        command
            .args(args)
            .current_dir(&self.folder)
            .kill_on_drop(false);
        let output = command
            .output()
            .await
            .map_err(|error| EmbeddedError::Command {
                program: program.into(),
                detail: error.to_string(),
            })?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(EmbeddedError::Command {
                program: program.into(),
                detail: format!(
                    "{}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            })
        }
    }
}

fn io_error(path: &Path, source: io::Error) -> EmbeddedError {
    EmbeddedError::Io {
        path: path.to_owned(),
        source,
    }
}

fn find_bin_dir() -> Result<PathBuf, EmbeddedError> {
    let root = Path::new("/usr/lib/postgresql");
    let entries = fs::read_dir(root).map_err(|_| EmbeddedError::NoBinaries)?;
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let major: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("postgres").exists().then_some((major, bin))
        })
        .max_by_key(|(major, _)| *major)
        .map(|(_, bin)| bin)
        .ok_or(EmbeddedError::NoBinaries)
}

async fn is_root() -> bool {
    match Command::new("id").arg("-u").output().await {
        Ok(output) => String::from_utf8_lossy(&output.stdout).trim() == "0",
        Err(_) => false,
    }
}

async fn service_account() -> Result<String, EmbeddedError> {
    let found = Command::new("id")
        .arg("-u")
        .arg("postgres")
        .output()
        .await
        .is_ok_and(|output| output.status.success());
    if found {
        Ok("postgres".into())
    } else {
        Err(EmbeddedError::NoServiceAccount)
    }
}

async fn chown(account: &str, path: &Path) -> Result<(), EmbeddedError> {
    let output = Command::new("chown")
        .arg("-R")
        .arg(account)
        .arg(path)
        .output()
        .await
        .map_err(|source| io_error(path, source))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(EmbeddedError::Command {
            program: "chown".into(),
            detail: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }
}

fn write_private(path: &Path, contents: &str) -> Result<(), EmbeddedError> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|source| io_error(path, source))?;
    file.write_all(contents.as_bytes())
        .map_err(|source| io_error(path, source))
}

/// Holds an exclusive lock on the folder until dropped, so two processes never run initdb
/// or pg_ctl start on the same cluster at once.
async fn lock_folder(folder: &Path) -> Result<fs::File, EmbeddedError> {
    let path = folder.join("cluster.lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| io_error(&path, source))?;
    tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .map_err(|error| io_error(&path, io::Error::other(error)))?
        .map_err(|source| io_error(&path, source))
}
