//! The `switchyard` binary run as a separate process, as an operator runs it: a command
//! over a leased database from a folder of its own, started and waited for until it says
//! where it serves.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context as _, Result, bail};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, BufReader};
use tokio::process::{Child, Command};
use uuid::Uuid;

use super::{DatabaseLease, WAIT};

/// An empty folder under the system's temporary folder, removed when dropped.
pub struct TempFolder(pub PathBuf);

impl TempFolder {
    pub fn new() -> Result<Self> {
        let path = std::env::temp_dir().join(format!("switchyard-{}", Uuid::new_v4().simple()));
        std::fs::create_dir(&path)?;
        Ok(Self(path))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `switchyard serve ARGS` on a free port over `database`, run in `folder`, without a
/// playground override from the caller's environment.
pub fn serve_command(database: &DatabaseLease, folder: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_switchyard"));
    command
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .current_dir(folder)
        .env("DATABASE_URL", &database.url)
        .env_remove("SWITCHYARD_PLAYGROUND_DIR")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Starts the server and waits for the line giving its address; the child is killed when
/// dropped. Fails with the server's standard error when it exits first. Both pipes are kept
/// drained: a server whose stdout reader went away would die on its next line.
pub async fn start(mut command: Command) -> Result<(Child, String)> {
    let mut child = command.spawn()?;
    let mut stderr = child.stderr.take().context("no stderr")?;
    let errors = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text).await;
        text
    });
    let mut lines = BufReader::new(child.stdout.take().context("no stdout")?).lines();
    let address = tokio::time::timeout(WAIT, async {
        while let Some(line) = lines.next_line().await? {
            if let Some(rest) = line.strip_prefix("Switchyard is serving GraphQL at http://") {
                return Ok(rest.trim_end_matches("/graphql").to_owned());
            }
        }
        bail!("the server exited before serving: {}", errors.await?)
    })
    .await
    .context("the server did not start in time")??;
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok((child, address))
}
