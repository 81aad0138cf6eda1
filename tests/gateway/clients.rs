//! The npm clients teams use, against a started gateway: graphql-sse's `createClient`
//! receives a live event produced by SQL, Apollo Client's `PersistedQueryLink` completes a
//! query through a miss and then a hit, graphql-http's `auditServer` finds the
//! GraphQL-over-HTTP endpoint conformant, and three `yjs` editors converge on one document
//! through the relay. The scripts live in `tests/clients/`;
//! `scripts/provision.sh` installs their packages from its lock file.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, BufReader};
use tokio::process::{Child, Command};

use crate::common::{TestApp, WAIT};

/// The npm packages the scripts import, as `tests/clients/package.json` lists them.
const PACKAGES: [&str; 4] = ["graphql-sse", "@apollo/client", "graphql-http", "yjs"];

/// Starts `node tests/clients/<script>` against `app`, with `env` (`TOKEN`, for one).
fn client(app: &TestApp, script: &str, env: &[(&str, &str)]) -> Result<Child> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients");
    if let Some(missing) = PACKAGES
        .iter()
        .find(|package| !folder.join("node_modules").join(package).is_dir())
    {
        bail!("the npm package {missing} is missing: run scripts/provision.sh");
    }
    let mut command = Command::new("node");
    command
        .envs(env.iter().copied())
        .arg(folder.join(script))
        .env("GRAPHQL_URL", app.url("/graphql"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("could not start node: run scripts/provision.sh")
}

/// The first line the client prints, as JSON; its standard error when it fails instead.
async fn first_line(child: &mut Child) -> Result<Value> {
    let stdout = child.stdout.take().context("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    match tokio::time::timeout(WAIT, lines.next_line()).await {
        Ok(Ok(Some(line))) => Ok(serde_json::from_str(&line)?),
        _ => {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                pipe.read_to_string(&mut stderr).await?;
            }
            bail!("the client printed nothing: {stderr}")
        }
    }
}

#[tokio::test]
async fn graphql_sse_create_client_receives_a_live_event() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let mut sse = client(&app, "sse.mjs", &[("TOKEN", &ada.token)])?;
    app.wait_for_subscriptions(1).await?;
    app.exec(
        "INSERT INTO notifications (user_id, title) VALUES ($1, 'seen by graphql-sse')",
        [ada.id.into()],
    )
    .await?;
    let event = first_line(&mut sse).await?;
    assert_eq!(
        event,
        json!({ "data": { "notificationEvents": {
            "kind": "CREATED", "notification": { "title": "seen by graphql-sse" } } } })
    );
    assert!(sse.wait().await?.success());
    Ok(())
}

#[tokio::test]
async fn apollo_persisted_query_link_misses_then_hits() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let mut apollo = client(&app, "apq.mjs", &[("TOKEN", &ada.token)])?;
    let report = first_line(&mut apollo).await?;
    let viewer = json!({ "viewer": { "__typename": "Viewer", "id": ada.id.to_string(), "role": "authenticated" } });
    assert_eq!(report["results"], json!([viewer, viewer]), "{report}");
    assert_eq!(
        report["sent"],
        json!([
            { "method": "GET", "text": false, "status": 400 },
            { "method": "POST", "text": true, "status": 200 },
            { "method": "GET", "text": false, "status": 200 },
        ]),
        "the hash misses, the text is sent once, then the hash hits"
    );
    assert!(apollo.wait().await?.success());
    Ok(())
}

/// One audit's outcome as `tests/clients/audit.mjs` prints it.
#[derive(Debug, Deserialize)]
struct Audit {
    /// The requirement level (`MUST`, `SHOULD`, `MAY`), then what is checked.
    name: String,
    /// `ok`, or how much the failure matters (`notice`, `warn`, `error`).
    status: String,
    reason: Option<String>,
}

/// How the audits of one requirement level went.
#[derive(Debug, Default)]
struct Level {
    total: usize,
    failed: Vec<String>,
}

impl Level {
    fn passed(&self) -> usize {
        self.total - self.failed.len()
    }
}

impl std::fmt::Display for Level {
    /// Passed out of run, as the audit's figures are quoted.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}/{}", self.passed(), self.total)
    }
}

#[tokio::test]
async fn graphql_http_audit_passes_every_must_and_should_and_most_mays() -> Result<()> {
    let app = TestApp::spawn().await?;
    let mut auditor = client(&app, "audit.mjs", &[])?;
    let audits: Vec<Audit> = serde_json::from_value(first_line(&mut auditor).await?)?;
    assert!(auditor.wait().await?.success());
    let mut levels: BTreeMap<&str, Level> = BTreeMap::new();
    for audit in &audits {
        let (requirement, _) = audit
            .name
            .split_once(' ')
            .context("an audit without a level")?;
        let level = levels.entry(requirement).or_default();
        level.total += 1;
        if audit.status != "ok" {
            let reason = audit.reason.as_deref().unwrap_or("no reason given");
            level.failed.push(format!("{}: {reason}", audit.name));
        }
    }
    let [must, should, may] =
        ["MUST", "SHOULD", "MAY"].map(|requirement| levels.remove(requirement).unwrap_or_default());
    let figures = format!("MUST {must}, SHOULD {should}, MAY {may}");
    println!("graphql-http audit: {figures}");
    assert!(levels.is_empty(), "audits of another level: {levels:?}");
    assert!(
        must.total > 0 && must.failed.is_empty(),
        "MUST items failed: {:#?}",
        must.failed
    );
    assert!(
        should.total > 0 && should.failed.is_empty(),
        "SHOULD items failed: {:#?}",
        should.failed
    );
    assert_eq!(may.total, 25, "the audit's MAY items changed: {figures}");
    assert!(
        may.passed() >= 23,
        "more than 2 MAY items failed: {:#?}",
        may.failed
    );
    Ok(())
}

#[tokio::test]
async fn yjs_editors_typing_at_once_converge_and_a_late_joiner_catches_up() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.create_user("alice").await?;
    let bob = app.create_user("bob").await?;
    let carol = app.create_user("carol").await?;
    let session = crate::documents::session(&app, &alice, &bob, &carol).await?;
    let tokens = [&alice.token, &bob.token, &carol.token]
        .map(String::as_str)
        .join(",");
    let mut editors = client(
        &app,
        "yjs.mjs",
        &[("TOKENS", &tokens), ("SESSION_ID", &session.to_string())],
    )?;
    let texts = first_line(&mut editors).await?;
    let alice_text = texts["alice"].as_str().unwrap_or_default();
    assert_eq!(texts["bob"], alice_text, "{texts}");
    assert_eq!(texts["carol"], alice_text, "{texts}");
    // Every keystroke of both, each editor's in the order typed, interleaved as Yjs decides.
    let typed = |by_alice: bool| -> String {
        alice_text
            .chars()
            .filter(|c| c.is_ascii_uppercase() != by_alice)
            .collect()
    };
    assert_eq!(typed(true), "alpha ", "{texts}");
    assert_eq!(typed(false), "BRAVO", "{texts}");
    assert!(editors.wait().await?.success());
    Ok(())
}
