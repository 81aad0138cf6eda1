//! What every benchmark shares: the benchmark cluster (embedded, under
//! `target/bench-cluster`), the release server started as its own process, its `/metrics`,
//! and the CPU a process and PostgreSQL used.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use switchyard_core::db::embedded::EmbeddedCluster;

const CLUSTER_PORT: u16 = 54349;

/// The benchmark cluster, started (and created the first time).
pub async fn bench_cluster() -> Result<EmbeddedCluster> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cluster");
    Ok(EmbeddedCluster::start(&folder, CLUSTER_PORT).await?)
}

/// An environment variable as a number, or `default`.
pub fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Waits until `url` answers at all.
pub async fn wait_until_up(client: &reqwest::Client, url: &str) -> Result<()> {
    for _ in 0..300 {
        if client.get(url).send().await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("nothing answered at {url}")
}

/// One counter or gauge from a Switchyard server's `/metrics` at `base`, summed over its
/// label sets.
pub async fn scrape(client: &reqwest::Client, base: &str, name: &str) -> Result<f64> {
    let text = client
        .get(format!("{base}/metrics"))
        .send()
        .await?
        .text()
        .await?;
    let values: Vec<f64> = text
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(name)?;
            let rest = match rest.strip_prefix('{') {
                Some(labelled) => labelled.split_once('}')?.1,
                None => rest,
            };
            rest.strip_prefix(' ')?.trim().parse().ok()
        })
        .collect();
    if values.is_empty() {
        bail!("{name} missing from /metrics");
    }
    Ok(values.iter().sum())
}

/// User + system CPU time of process `pid`, in milliseconds.
pub fn cpu_ms(pid: u32) -> Result<f64> {
    // Fields after the command name: state is index 0, utime 11, stime 12 (clock ticks).
    ticks_ms(&stat_fields(pid)?, &[11, 12])
}

/// User + system CPU time of the benchmark cluster's PostgreSQL, in milliseconds: its
/// postmaster, every process it runs (backends, writers), and every one that has exited.
/// The exited count because a backend whose client went away mid-request is closed (the
/// server cannot know where its transaction stands), taking its whole lifetime's CPU with
/// it: a sum over the living then loses that backend's time before the run as well as
/// during it, which halved the figure under load.
pub fn database_cpu_ms() -> Result<f64> {
    let pid_file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cluster/pgdata/postmaster.pid");
    let postmaster: u32 = std::fs::read_to_string(&pid_file)?
        .lines()
        .next()
        .context("empty postmaster.pid")?
        .trim()
        .parse()?;
    // utime, stime, and cutime, cstime: the time of the children it has reaped.
    let mut total = ticks_ms(&stat_fields(postmaster)?, &[11, 12, 13, 14])?;
    for entry in std::fs::read_dir("/proc")? {
        let Some(pid) = entry?
            .file_name()
            .to_str()
            .and_then(|name| name.parse().ok())
        else {
            continue;
        };
        // A process may exit between listing and reading: its time is then in the
        // postmaster's reaped children by the next reading, and counted there.
        let parent = stat_fields(pid)
            .ok()
            .and_then(|fields| fields.get(1)?.parse::<u32>().ok());
        if parent == Some(postmaster) {
            total += cpu_ms(pid).unwrap_or(0.0);
        }
    }
    Ok(total)
}

/// The sum of the `/proc` stat fields at `indexes` (clock ticks, 100 a second), in ms.
fn ticks_ms(fields: &[String], indexes: &[usize]) -> Result<f64> {
    let mut ticks = 0.0;
    for &index in indexes {
        ticks += fields
            .get(index)
            .with_context(|| format!("no field {index} in /proc stat"))?
            .parse::<f64>()?;
    }
    Ok(ticks * 10.0)
}

/// The fields of `/proc/<pid>/stat` after the command name (state first, parent second).
fn stat_fields(pid: u32) -> Result<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    Ok(stat
        .rsplit_once(')')
        .context("unreadable /proc stat")?
        .1
        .split_whitespace()
        .map(str::to_owned)
        .collect())
}

/// Starts the release Switchyard server on `port` over `database_url`, with `extra`
/// environment variables. `SWITCHYARD_BENCH_BIN` names another build of the server to
/// measure instead (e.g. one from another branch, to compare two builds with one bench).
pub fn start_switchyard(
    database_url: &str,
    port: u16,
    secret: &str,
    extra: &[(&str, &str)],
) -> Result<tokio::process::Child> {
    let binary = std::env::var_os("SWITCHYARD_BENCH_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_switchyard").into());
    Ok(tokio::process::Command::new(binary)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", database_url)
        .env("SWITCHYARD_JWT_SECRET", secret)
        .env("SWITCHYARD_CONNECTOR_KEY", "bench-connector-key")
        .env("RUST_LOG", "warn")
        .envs(extra.iter().copied())
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?)
}
