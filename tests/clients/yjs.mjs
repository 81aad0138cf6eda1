// Three editors on the `yjs` package against the gateway's document relay. Alice and Bob
// type into one session's document at the same time, each keystroke a Yjs update sent with
// applyCollaborationEdit (in order, as a socket would), each applying what
// collaborationEdits relays (graphql-sse's client). Once both hold every keystroke, Carol
// joins late from the snapshot. Prints the three texts as one JSON line.
// TOKENS: Alice's, Bob's and Carol's tokens, comma-separated; SESSION_ID: the session.
import * as Y from "yjs";
import { createClient } from "graphql-sse";

const url = process.env.GRAPHQL_URL;
const session = process.env.SESSION_ID;
const [alice, bob, carol] = process.env.TOKENS.split(",");
const ALICE_TYPES = "alpha ";
const BOB_TYPES = "BRAVO";

const EDITS = "subscription($s: UUID!) { collaborationEdits(sessionId: $s) { kind update } }";
const APPLY =
  "mutation($s: UUID!, $u: String!) { applyCollaborationEdit(sessionId: $s, update: $u) { id } }";

async function send(token, update) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: APPLY,
      variables: { s: session, u: Buffer.from(update).toString("base64") },
    }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`applyCollaborationEdit: ${JSON.stringify(body.errors)}`);
}

// A Y.Doc fed by the relay that sends its own changes, one after another.
function editor(token) {
  const doc = new Y.Doc();
  const client = createClient({
    url,
    headers: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  let sending = Promise.resolve();
  doc.on("update", (update, origin) => {
    if (origin !== "relay") sending = sending.then(() => send(token, update));
  });
  let opened;
  const ready = new Promise((resolve) => (opened = resolve));
  const following = (async () => {
    for await (const event of client.iterate({ query: EDITS, variables: { s: session } })) {
      if (event.errors) throw new Error(`collaborationEdits: ${JSON.stringify(event.errors)}`);
      const { kind, update } = event.data.collaborationEdits;
      Y.applyUpdate(doc, Buffer.from(update, "base64"), "relay");
      if (kind === "SNAPSHOT") opened();
    }
  })();
  following.catch(fail);
  return { text: doc.getText("body"), ready, sent: () => sending, client };
}

function fail(error) {
  console.error(error);
  process.exit(1);
}

async function until(condition, what) {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) fail(new Error(`timed out waiting for ${what}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

try {
  const editors = [editor(alice), editor(bob)];
  await Promise.all(editors.map((each) => each.ready));
  // Every keystroke of both before either has seen the other's: concurrent edits.
  for (let i = 0; i < Math.max(ALICE_TYPES.length, BOB_TYPES.length); i++) {
    for (const [each, typed] of [[editors[0], ALICE_TYPES], [editors[1], BOB_TYPES]]) {
      if (i < typed.length) each.text.insert(each.text.length, typed[i]);
    }
  }
  await Promise.all(editors.map((each) => each.sent()));
  const total = ALICE_TYPES.length + BOB_TYPES.length;
  await until(() => editors.every((each) => each.text.length === total), "both editors to converge");
  const late = editor(carol);
  await late.ready;
  const [a, b, c] = [...editors, late].map((each) => each.text.toString());
  console.log(JSON.stringify({ alice: a, bob: b, carol: c }));
  for (const each of [...editors, late]) each.client.dispose();
  process.exit(0);
} catch (error) {
  fail(error);
}
