//! The npm clients teams use, against a started gateway: graphql-sse's `createClient`
//! receives a live event produced by SQL, and Apollo Client's `PersistedQueryLink`
//! completes a query through a miss and then a hit. The scripts live in `tests/clients/`;
//! `scripts/provision.sh` installs their packages from its lock file.

use std::path::Path;
use std::process::Stdio;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, BufReader};
use tokio::process::{Child, Command};

use crate::common::{TestApp, WAIT};

/// Starts `node tests/clients/<script>` against `app` as `token`.
fn client(app: &TestApp, script: &str, token: &str) -> Result<Child> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients");
    if !folder.join("node_modules/graphql-sse").is_dir()
        || !folder.join("node_modules/@apollo/client").is_dir()
    {
        bail!("the npm clients are missing: run scripts/provision.sh");
    }
    Command::new("node")
        .arg(folder.join(script))
        .env("GRAPHQL_URL", app.url("/graphql"))
        .env("TOKEN", token)
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
    let mut sse = client(&app, "sse.mjs", &ada.token)?;
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
    let mut apollo = client(&app, "apq.mjs", &ada.token)?;
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
