# Switchyard: the two commands are `make run` and `make test`.
# Every target that needs PostgreSQL/pgvector, the playground files or the browser test's
# Chromium runs scripts/provision.sh first (idempotent: quick when everything is there).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# CI's environment may lack ~/.cargo/bin on PATH.
ifeq ($(shell command -v cargo 2>/dev/null),)
export PATH := $(HOME)/.cargo/bin:$(PATH)
endif

CARGO ?= cargo
PROVISION := scripts/provision.sh

.PHONY: help run test lint bench bench-peer bench-realtime schema provision

help:
	@echo "make run        provision, then serve the demo on http://127.0.0.1:4000 (GraphiQL at /)"
	@echo "make test       provision, then cargo test --workspace (PostgreSQL started and stopped for it)"
	@echo "make lint       cargo fmt --check, clippy -D warnings, and cargo doc with no broken links"
	@echo "make bench      provision, then run the benchmarks"
	@echo "make bench-peer  provision, then Switchyard beside PostGraphile 4.14 (npm) on the same database"
	@echo "make bench-realtime  provision, then the subscription benchmark for K = 1, 1,000, 5,000, 10,000 (body; body and sender; a document's edits with their editor; notifications)"
	@echo "make schema     regenerate schema.graphql from the server"
	@echo "make provision  install PostgreSQL, pgvector, the playground files, the browser test (Chromium, puppeteer-core), the npm clients and nats-server"

provision:
	@$(PROVISION)

# With no DATABASE_URL the server starts its own embedded PostgreSQL cluster,
# migrates, loads the demo data once and prints the GraphiQL URL and a demo JWT.
run: provision
	$(CARGO) run --release -- serve --demo

# Tests run against a private PostgreSQL cluster started from the machine's binaries
# (under target/test-cluster) and stopped afterwards, pass or fail. A plain `cargo test`
# starts one itself on a port derived from the checkout's path and leaves it running.
# Ports sit below the ephemeral range (32768..61000), where an outgoing connection could hold them.
TEST_CLUSTER := --data-dir target/test-cluster --pg-port 24339
test: provision
	$(CARGO) build --workspace --tests
	url=$$($(CARGO) run --quiet -- $(TEST_CLUSTER) cluster start); \
	  status=0; SWITCHYARD_TEST_DATABASE_URL="$$url" $(CARGO) test --workspace || status=$$?; \
	  $(CARGO) run --quiet -- $(TEST_CLUSTER) cluster stop || true; \
	  exit $$status

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace

bench: provision
	$(CARGO) bench --bench gateway

# PostGraphile 4.14 is installed from npm into target/bench-peer the first time.
bench-peer: provision
	$(CARGO) bench --bench peer

# K WebSocket subscriptions on one topic, 10 events/s through raw SQL (benches/realtime.rs).
# Each side holds K sockets, hence the file-descriptor limit.
# Each K runs with the message body alone, then with its sender (a row read per event),
# then following a document's edits with their editor (a snapshot each first), then the
# subscriber's own notifications.
BENCH_SUBSCRIBERS ?= 1 1000 5000 10000
BENCH_PAYLOADS ?= plain sender document notifications
bench-realtime: provision
	$(CARGO) build --release --bin switchyard
	ulimit -n 65536 2>/dev/null || ulimit -n "$$(ulimit -Hn)"; \
	  for k in $(BENCH_SUBSCRIBERS); do for payload in $(BENCH_PAYLOADS); do \
	    BENCH_SUBSCRIBERS=$$k BENCH_PAYLOAD=$$payload $(CARGO) bench --bench realtime || exit 1; \
	  done; done

# Written to a temporary file first so a failed export never truncates the contract.
schema:
	$(CARGO) run -- schema > schema.graphql.tmp || { rm -f schema.graphql.tmp; exit 1; }
	mv schema.graphql.tmp schema.graphql
