// Drives the served GraphiQL page in Debian's headless Chromium, as a newcomer would use it.
//
// In: GRAPHIQL_URL (the page, with ?token=<jwt> of the demo user), SCREENSHOT (where to write
// the final screenshot), TOUR_EXPECT (text the tour's result must contain), EVENT_EXPECT (text
// of the notification the caller inserts with SQL). Out, on standard output, one line each:
// `schema: N Query fields`, `tour: ok`, `subscribed` (the caller then inserts the row),
// `event: ok`, `screenshot: PATH`. Any failure exits 1 with the reason on standard error
// (and a screenshot next to SCREENSHOT when the page got that far).
//
// Nothing is downloaded: puppeteer-core comes from this folder's node_modules (provision
// installs it) and the browser is /usr/bin/chromium, started with networking features off.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const { GRAPHIQL_URL, SCREENSHOT, TOUR_EXPECT, EVENT_EXPECT } = process.env;
const WAIT = 30_000;

// The text of the response editor (CodeMirror renders only the visible lines, so ask the
// editor for its whole value).
function responseText() {
  const editor = document.querySelector('.result-window .CodeMirror');
  return editor && editor.CodeMirror ? editor.CodeMirror.getValue() : '';
}

// Polls `probe` in the page until it returns a truthy value; fails with `what`.
async function until(page, what, probe, ...args) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const value = await page.evaluate(probe, ...args);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForResponse(page, expected) {
  try {
    await until(page, 'the response', (fn, text) => new Function(`return (${fn})()`)().includes(text),
      responseText.toString(), expected);
  } catch {
    const seen = await page.evaluate(responseText);
    throw new Error(`the response never showed ${JSON.stringify(expected)}; it shows: ${seen.slice(0, 2000)}`);
  }
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'switchyard-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
    defaultViewport: { width: 1400, height: 900 },
  });
  let page;
  try {
    page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(GRAPHIQL_URL, { waitUntil: 'load', timeout: WAIT });
    await page.waitForSelector('.graphiql-container', { timeout: WAIT });

    // The schema: the Docs panel lists the root types once introspection succeeded; Query
    // opens its field list.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    const fields = await until(page, 'the query root type fields in the Docs panel', () => {
      const names = [...document.querySelectorAll('.graphiql-doc-explorer .graphiql-doc-explorer-field-name')];
      if (names.length > 0) return names.map((name) => name.textContent);
      // The root types read `query: QueryRoot`: the link after the `query` label.
      const label = [...document.querySelectorAll('.graphiql-doc-explorer-root-type')]
        .find((root) => root.textContent === 'query');
      const link = label && label.parentElement.querySelector('a.graphiql-doc-explorer-type-name');
      if (link) link.click();
      return null;
    });
    for (const field of ['viewer', 'agentRuns', 'searchContent']) {
      if (!fields.includes(field)) throw new Error(`the Docs panel lists no Query.${field} (it lists ${fields.length} fields)`);
    }
    console.log(`schema: ${fields.length} Query fields`);
    // Closed again, so the editors and the result get the width.
    await page.click('button[aria-label="Hide Documentation Explorer"]');

    // The tour: the first tab, as the page opens.
    await page.click('.graphiql-execute-button');
    await waitForResponse(page, TOUR_EXPECT);
    const tour = await page.evaluate(responseText);
    if (tour.includes('"errors"')) throw new Error(`the tour query failed: ${tour.slice(0, 2000)}`);
    console.log('tour: ok');

    // The live feed: the second tab's subscription, fired by a row the caller inserts.
    const tabs = await page.$$('.graphiql-tab-button');
    if (tabs.length < 2) throw new Error(`expected the tour's tabs, found ${tabs.length}`);
    await tabs[1].click();
    // GraphiQL names the operation to run a moment after the editor changed (debounced);
    // running before that would send the previous tab's operation name.
    await until(page, 'the Live tab', () => {
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror');
      return editor && editor.CodeMirror.operationName === 'Live';
    });
    await page.click('.graphiql-execute-button');
    console.log('subscribed');
    await waitForResponse(page, EVENT_EXPECT);
    console.log('event: ok');

    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot: ${SCREENSHOT}`);
  } catch (error) {
    if (page) {
      const failed = SCREENSHOT.replace(/\.png$/, '-failed.png');
      await page.screenshot({ path: failed }).catch(() => {});
      console.error(`screenshot of the failure: ${failed}`);
    }
    throw error;
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
