// Apollo Client's PersistedQueryLink (hashed queries over GET, as CDNs cache them) runs one
// query twice on the gateway: the first time it misses and retries with the text, the
// second time the hash alone hits. Prints the results and what went over the wire as one
// JSON line for tests/gateway/clients.rs to check.
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";

const sent = [];
async function recordingFetch(uri, options) {
  const response = await fetch(uri, options);
  const text =
    options.method === "GET"
      ? new URL(uri).searchParams.has("query")
      : "query" in JSON.parse(options.body);
  sent.push({ method: options.method, text, status: response.status });
  return response;
}

const persisted = new PersistedQueryLink({
  sha256: (query) => createHash("sha256").update(query).digest("hex"),
  useGETForHashedQueries: true,
});
const client = new ApolloClient({
  link: persisted.concat(
    new HttpLink({
      uri: process.env.GRAPHQL_URL,
      headers: { Authorization: `Bearer ${process.env.TOKEN}` },
      fetch: recordingFetch,
    }),
  ),
  cache: new InMemoryCache(),
});
const query = gql`
  query Viewer {
    viewer {
      id
      role
    }
  }
`;
const results = [];
for (let attempt = 0; attempt < 2; attempt++) {
  const { data } = await client.query({ query, fetchPolicy: "network-only" });
  results.push(data);
}
console.log(JSON.stringify({ results, sent }));
