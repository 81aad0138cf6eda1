#!/usr/bin/env bash
# Installs what Switchyard needs on a Debian (bookworm) machine, idempotently:
#   1. PostgreSQL server binaries (Debian's `postgresql`), highest installed major used;
#   2. pgvector for that major, built from Debian trixie's source package (bookworm has none);
#   3. node + npm (to fetch the playground's browser files, and to run the browser test);
#   4. playground/vendor/: GraphiQL, React, graphql-ws browser builds, from playground/package-lock.json;
#   5. Chromium (Debian's `chromium`) for the browser test of the playground;
#   6. tests/browser/node_modules: puppeteer-core, from tests/browser/package-lock.json (it drives
#      /usr/bin/chromium and never downloads a browser);
#   7. tests/clients/node_modules: graphql-sse, Apollo Client, graphql-http's audit and yjs, from
#      tests/clients/package-lock.json;
#   8. nats-server (Debian's `nats-server`), which the backplane test starts as it starts PostgreSQL.
# Each step prints one line and does nothing when its result is already there, so a second
# run is quick and calls no apt-get. Output of the slow commands goes to a log, shown on failure.
# Runs as root (CI) or via sudo; DEBIAN_FRONTEND=noninteractive, no stdin needed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLAYGROUND="$ROOT/playground"
BROWSER_TEST="$ROOT/tests/browser"
CLIENT_TEST="$ROOT/tests/clients"
VENDOR="$PLAYGROUND/vendor"
TRIXIE_SRC=/etc/apt/sources.list.d/switchyard-trixie-src.sources
LOG="${TMPDIR:-/tmp}/switchyard-provision.$(id -u).log"
export DEBIAN_FRONTEND=noninteractive
export PATH="$PATH:/usr/sbin:/sbin" # dpkg helpers and useradd live there

# Browser files copied from node_modules into vendor/ (source path -> vendor name).
VENDOR_FILES=(
  "react/umd/react.production.min.js:react.production.min.js"
  "react-dom/umd/react-dom.production.min.js:react-dom.production.min.js"
  "graphiql/graphiql.min.js:graphiql.min.js"
  "graphiql/graphiql.min.css:graphiql.min.css"
  "graphql-ws/umd/graphql-ws.min.js:graphql-ws.min.js"
)

START=$SECONDS
: >"$LOG"

step() { printf 'provision: %-11s %s\n' "$1" "$2"; }
die() { printf 'provision: error: %s\n' "$*" >&2; exit 1; }

# run LABEL CMD...: runs CMD with its output in the log; on failure shows the log's tail.
run() {
  local label=$1; shift
  echo "+ $*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    printf 'provision: error: %s failed: %s\n--- last lines of %s ---\n' "$label" "$*" "$LOG" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
}

# as_root CMD...: CMD as root, directly or through sudo (non-interactive sudo without a terminal).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [ -t 0 ]; then sudo env DEBIAN_FRONTEND=noninteractive "$@"
    else sudo -n env DEBIAN_FRONTEND=noninteractive "$@"; fi
  else
    die "root is needed to run '$*': run this script as root or install sudo"
  fi
}

APT_UPDATED=0
apt_update() {
  echo "+ apt-get update" >>"$LOG"
  # A failing third-party source must not stop us; a missing package fails clearly below.
  as_root apt-get update >>"$LOG" 2>&1 || echo "apt-get update reported errors (continuing)" >>"$LOG"
  APT_UPDATED=1
}
apt_install() {
  [ "$APT_UPDATED" -eq 1 ] || apt_update
  run "apt-get install $*" as_root apt-get install -y -q --no-install-recommends "$@"
}
# missing_pkgs PKG...: prints the packages that dpkg does not have installed.
missing_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

highest_pg_major() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$d" ] || continue
    d=${d#/usr/lib/postgresql/}
    best=$(printf '%s\n%s\n' "$best" "${d%%/*}" | sort -V | tail -n 1)
  done
  echo "$best"
}

# --- 1. PostgreSQL server -------------------------------------------------------------------
PG_MAJOR=$(highest_pg_major)
if [ -n "$PG_MAJOR" ]; then
  step postgresql "PostgreSQL $PG_MAJOR present (/usr/lib/postgresql/$PG_MAJOR/bin)"
else
  apt_install postgresql
  PG_MAJOR=$(highest_pg_major)
  [ -n "$PG_MAJOR" ] || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/postgres exists"
  step postgresql "installed PostgreSQL $PG_MAJOR (/usr/lib/postgresql/$PG_MAJOR/bin)"
fi
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
# The embedded cluster runs as `postgres` when we are root; Debian's package creates that user.
if ! id postgres >/dev/null 2>&1; then
  run "create user postgres" as_root useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

# --- 2. pgvector ------------------------------------------------------------------------------
PG_CONFIG=$PG_BIN/pg_config
if [ ! -x "$PG_CONFIG" ]; then
  apt_install "postgresql-client-$PG_MAJOR"
fi
PG_SHAREDIR=$("$PG_CONFIG" --sharedir)
PG_PKGLIBDIR=$("$PG_CONFIG" --pkglibdir)
have_vector() { [ -f "$PG_SHAREDIR/extension/vector.control" ] && [ -f "$PG_PKGLIBDIR/vector.so" ]; }
if have_vector; then
  step pgvector "present ($(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$PG_SHAREDIR/extension/vector.control") for PostgreSQL $PG_MAJOR)"
else
  # Source packages only (Types: deb-src): this file never changes which binaries apt installs.
  want_src="Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
  if [ "$(cat "$TRIXIE_SRC" 2>/dev/null || true)" != "$want_src" ]; then
    printf '%s\n' "$want_src" | as_root tee "$TRIXIE_SRC" >/dev/null
  fi
  apt_update
  need=$(missing_pkgs "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev)
  if [ -n "$need" ]; then
    # shellcheck disable=SC2086
    apt_install $need
  fi
  build=$(mktemp -d)
  trap 'rm -rf "$build"' EXIT
  # apt downloads as its sandbox user _apt when it may write the folder.
  if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$build"; fi
  (cd "$build" && run "apt-get source pgvector" apt-get source -q pgvector)
  src=$(find "$build" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  [ -n "$src" ] || die "apt-get source pgvector unpacked no pgvector-* folder"
  # OPTFLAGS= drops pgvector's default -march=native (as Debian does): the build stays portable.
  run "build pgvector" make -C "$src" -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS=
  run "install pgvector" as_root make -C "$src" install PG_CONFIG="$PG_CONFIG" OPTFLAGS=
  have_vector || die "pgvector installed but $PG_SHAREDIR/extension/vector.control or $PG_PKGLIBDIR/vector.so is missing"
  step pgvector "built and installed $(basename "$src") for PostgreSQL $PG_MAJOR"
fi

# --- 3. node + npm ----------------------------------------------------------------------------
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  step node "node $(node --version) present"
else
  apt_install nodejs npm
  step node "installed node $(node --version)"
fi

# --- 4. playground/vendor ---------------------------------------------------------------------
# The stamp ties vendor/ to the lock file and to the list of copied files.
stamp=$( { cat "$PLAYGROUND/package-lock.json"; printf '%s\n' "${VENDOR_FILES[@]}"; } | sha256sum | cut -d' ' -f1)
vendor_ok() {
  local f
  [ -f "$VENDOR/.stamp" ] && [ "$(cat "$VENDOR/.stamp")" = "$stamp" ] || return 1
  for f in "${VENDOR_FILES[@]}"; do [ -s "$VENDOR/${f##*:}" ] || return 1; done
}
if vendor_ok; then
  step playground "vendor/ up to date"
else
  (cd "$PLAYGROUND" && run "npm ci" npm ci --no-audit --no-fund --loglevel=error)
  tmp_vendor="$PLAYGROUND/.vendor.tmp"
  rm -rf "$tmp_vendor"
  mkdir -p "$tmp_vendor"
  for f in "${VENDOR_FILES[@]}"; do
    from="$PLAYGROUND/node_modules/${f%%:*}"
    [ -f "$from" ] || die "npm ci did not provide $from"
    cp "$from" "$tmp_vendor/${f##*:}"
  done
  echo "$stamp" >"$tmp_vendor/.stamp"
  rm -rf "$VENDOR"
  mv "$tmp_vendor" "$VENDOR"
  step playground "vendor/ filled from package-lock.json (${#VENDOR_FILES[@]} files)"
fi

# --- 5. Chromium -------------------------------------------------------------------------------
if [ -x /usr/bin/chromium ]; then
  step chromium "$(/usr/bin/chromium --version 2>/dev/null | head -n 1) present"
else
  apt_install chromium
  [ -x /usr/bin/chromium ] || die "apt-get installed chromium but /usr/bin/chromium is missing"
  step chromium "installed $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
fi

# --- 6. tests/browser/node_modules ---------------------------------------------------------------
# The stamp ties node_modules/ to the lock file.
browser_stamp=$(sha256sum "$BROWSER_TEST/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$BROWSER_TEST/node_modules/.stamp" 2>/dev/null || true)" = "$browser_stamp" ]; then
  step puppeteer "tests/browser/node_modules up to date"
else
  # PUPPETEER_SKIP_DOWNLOAD: belt and braces; puppeteer-core downloads no browser anyway.
  (cd "$BROWSER_TEST" && PUPPETEER_SKIP_DOWNLOAD=1 run "npm ci (tests/browser)" npm ci --no-audit --no-fund --loglevel=error)
  echo "$browser_stamp" >"$BROWSER_TEST/node_modules/.stamp"
  step puppeteer "tests/browser/node_modules filled from package-lock.json"
fi

# --- 7. tests/clients/node_modules ---------------------------------------------------------------
# The npm GraphQL clients the client checks run (graphql-sse, Apollo Client, graphql-http's
# conformance audit) and the yjs editors; the stamp ties node_modules/ to the lock file.
clients_stamp=$(sha256sum "$CLIENT_TEST/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$CLIENT_TEST/node_modules/.stamp" 2>/dev/null || true)" = "$clients_stamp" ]; then
  step clients "tests/clients/node_modules up to date"
else
  (cd "$CLIENT_TEST" && run "npm ci (tests/clients)" npm ci --no-audit --no-fund --loglevel=error)
  echo "$clients_stamp" >"$CLIENT_TEST/node_modules/.stamp"
  step clients "tests/clients/node_modules filled from package-lock.json"
fi

# --- 8. nats-server ------------------------------------------------------------------------------
if [ -x /usr/sbin/nats-server ]; then
  step nats-server "$(/usr/sbin/nats-server --version 2>/dev/null) present"
else
  apt_install nats-server
  [ -x /usr/sbin/nats-server ] || die "apt-get installed nats-server but /usr/sbin/nats-server is missing"
  step nats-server "installed $(/usr/sbin/nats-server --version 2>/dev/null)"
fi

step "done" "in $((SECONDS - START))s"
