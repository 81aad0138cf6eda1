// graphql-sse's own client (distinct connections mode, its default) follows the signed-in
// user's notifications on the gateway and prints the first event it receives as one JSON
// line; tests/gateway/clients.rs inserts the row with SQL once the server holds the feed.
import { createClient } from "graphql-sse";

const client = createClient({
  url: process.env.GRAPHQL_URL,
  headers: { Authorization: `Bearer ${process.env.TOKEN}` },
  retryAttempts: 0,
});
const events = client.iterate({
  query: "subscription { notificationEvents { kind notification { title } } }",
});
for await (const event of events) {
  console.log(JSON.stringify(event));
  break;
}
client.dispose();
