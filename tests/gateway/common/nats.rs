//! A real NATS server with JetStream (Debian's `nats-server`, installed by
//! `scripts/provision.sh`), started for one test on a free port with its storage in a
//! folder of its own, and restartable on the same port and storage, as an operator's
//! restart would be. Killed and its folder removed when dropped.

use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use tokio::process::{Child, Command};

use super::WAIT;
use super::process::TempFolder;

/// Where Debian's package puts the server.
const BINARY: &str = "/usr/sbin/nats-server";

pub struct NatsServer {
    child: Child,
    port: u16,
    storage: TempFolder,
}

impl NatsServer {
    /// Starts a server with the default settings and waits until it accepts connections.
    pub async fn start() -> Result<Self> {
        Self::start_with("").await
    }

    /// Starts a server whose messages carry at most `bytes` of payload (1 MiB by default).
    pub async fn start_with_max_payload(bytes: usize) -> Result<Self> {
        Self::start_with(&format!("max_payload: {bytes}\n")).await
    }

    /// Starts a server with `settings` (nats-server's configuration file format).
    async fn start_with(settings: &str) -> Result<Self> {
        // A port the kernel just handed out and released: free, and outside the ranges
        // the test clusters use.
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let storage = TempFolder::new()?;
        std::fs::write(storage.0.join("nats.conf"), settings)?;
        let child = spawn(port, &storage).await?;
        Ok(Self {
            child,
            port,
            storage,
        })
    }

    /// The URL gateways connect to.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Kills the server (no graceful shutdown) and starts it again on the same port and
    /// storage, once clients have seen it gone for `down`.
    pub async fn restart(&mut self, down: Duration) -> Result<()> {
        self.child.kill().await?;
        tokio::time::sleep(down).await;
        self.child = spawn(self.port, &self.storage).await?;
        Ok(())
    }
}

/// `nats-server -js` on `port` with its storage in `storage`, once it accepts connections.
async fn spawn(port: u16, storage: &TempFolder) -> Result<Child> {
    let mut child = Command::new(BINARY)
        .arg("--config")
        .arg(storage.0.join("nats.conf"))
        .args(["--jetstream", "--addr", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .arg("--store_dir")
        .arg(&storage.0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {BINARY} (scripts/provision.sh installs it)"))?;
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if let Some(status) = child.try_wait()? {
            bail!("nats-server exited at start: {status}");
        }
        if tokio::time::Instant::now() > deadline {
            bail!("nats-server did not accept connections on port {port} in time");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(child)
}
