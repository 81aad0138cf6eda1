//! GraphiQL in a real browser: `tests/browser/graphiql.mjs` drives Debian's headless Chromium
//! (puppeteer-core, both installed by `scripts/provision.sh`) against the served page over the
//! demo data. It waits for the schema and finds `Query`'s fields in the Docs panel, runs the
//! tour tab and reads its result, then starts the Live tab's subscription; this test inserts
//! a notification with SQL and the script waits for it in the result pane. The screenshot
//! lands in `target/browser/graphiql-tour.png`; the test prints the path.

use std::path::Path;
use std::process::Stdio;

use anyhow::{Context as _, Result, bail};
use switchyard_core::auth::Role;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, BufReader};
use tokio::process::Command;

use crate::common::{TestApp, WAIT};

const EVENT_TITLE: &str = "Hello from the browser test";

#[tokio::test]
async fn graphiql_loads_the_schema_runs_the_tour_and_shows_a_live_event() -> Result<()> {
    // Default limits: GraphiQL's introspection query is held to the introspection bound.
    let app = TestApp::spawn().await?;
    let demo = switchyard::seed::seed_once(&app.db).await?;
    let token = app.token(Some(demo), Role::Authenticated)?;

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/browser/graphiql.mjs");
    if !root
        .join("tests/browser/node_modules/puppeteer-core")
        .is_dir()
        || !Path::new("/usr/bin/chromium").exists()
    {
        bail!("Chromium or puppeteer-core is missing: run scripts/provision.sh");
    }
    let screenshots = root.join("target/browser");
    std::fs::create_dir_all(&screenshots)?;
    let screenshot = screenshots.join("graphiql-tour.png");

    let mut browser = Command::new("node")
        .arg(&script)
        .env("GRAPHIQL_URL", app.url(&format!("/?token={token}")))
        .env("SCREENSHOT", &screenshot)
        .env("TOUR_EXPECT", "Compare GraphQL gateways")
        .env("EVENT_EXPECT", EVENT_TITLE)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("could not start node: run scripts/provision.sh")?;
    let mut stderr = browser.stderr.take().context("no stderr")?;
    let mut lines = BufReader::new(browser.stdout.take().context("no stdout")?).lines();

    let mut said = Vec::new();
    let walk = async {
        while let Some(line) = lines.next_line().await? {
            if line == "subscribed" {
                // The page sent its subscribe message; once the server follows the topic, a
                // row inserted by any client of the database reaches the page. Inserted even
                // when the subscription never opened, so the script reports what the page shows.
                if let Err(error) = app.wait_for_subscriptions(1).await {
                    said.push(format!("(test) {error}"));
                }
                app.exec(
                    "INSERT INTO notifications (user_id, title, message) VALUES ($1, $2, 'inserted with SQL')",
                    [demo.into(), EVENT_TITLE.into()],
                )
                .await?;
            }
            said.push(line);
        }
        anyhow::Ok(browser.wait().await?)
    };
    let status = tokio::time::timeout(WAIT * 4, walk)
        .await
        .context("the browser test did not finish in time")??;
    let mut errors = String::new();
    stderr.read_to_string(&mut errors).await?;
    assert!(
        status.success(),
        "the browser script failed: {errors}\nit said: {said:?}"
    );
    for step in ["tour: ok", "subscribed", "event: ok"] {
        assert!(
            said.iter().any(|line| line == step),
            "{step:?} missing from {said:?}"
        );
    }
    assert!(said.iter().any(|line| line.starts_with("schema: ")));
    assert!(screenshot.is_file());
    println!("screenshot: {}", screenshot.display());
    Ok(())
}
