// graphql-http's conformance audit of a GraphQL-over-HTTP server (the checks its authors
// run against every server they list), pointed at the gateway. Prints each audit's
// requirement level, name, status and, when it fails, the reason, as one JSON line for
// tests/gateway/clients.rs to count.
import { auditServer } from "graphql-http";

const results = await auditServer({ url: process.env.GRAPHQL_URL });
console.log(
  JSON.stringify(
    results.map(({ id, name, status, reason }) => ({ id, name, status, reason })),
  ),
);
