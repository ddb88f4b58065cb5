#!/usr/bin/env bash
# A private PostgreSQL for tests and local runs: Debian's postgresql package, one cluster on 127.0.0.1, trust auth.
#
#   scripts/postgres.sh start    initialise (first time) and start the cluster, create the database, print the JDBC URL
#   scripts/postgres.sh stop     stop the cluster (its data is kept for the next start)
#   scripts/postgres.sh status   say whether it runs, and print the JDBC URL when it does
#
# Environment: POSTGRES_PORT (default 55432), POSTGRES_DB (default observability), POSTGRES_DIR (default
# target/postgres-PORT in the repository; as root the cluster runs as the 'postgres' user, so when that user cannot
# write there, /tmp/observability-postgres-PORT is used instead).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${POSTGRES_PORT:-55432}"
DB="${POSTGRES_DB:-observability}"
DIR="${POSTGRES_DIR:-$ROOT/target/postgres-${PORT}}"
URL="jdbc:postgresql://127.0.0.1:${PORT}/${DB}?user=postgres"

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_installed() {
  BIN="$(find_bindir || true)"
  if [ -z "$BIN" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      die "PostgreSQL is not installed. Install Debian's package first: sudo apt-get install -y postgresql"
    fi
    echo "postgres.sh: installing Debian's postgresql package" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    BIN="$(find_bindir || true)"
    [ -n "$BIN" ] || die "the postgresql package installed no server binaries under /usr/lib/postgresql"
  fi
}

# Runs a command as the cluster's owner: 'postgres' when we are root (the server refuses to run as root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

prepare_dir() {
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$DIR"
    if ! runuser -u postgres -- test -w "$DIR"; then
      DIR="/tmp/observability-postgres-${PORT}"
      mkdir -p "$DIR"
      chown postgres: "$DIR"
      chmod 700 "$DIR"
    fi
  fi
  DATA="$DIR/data"
  SOCKETS="$DIR/run"
  LOG="$DIR/postgres.log"
}

running() {
  [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  ensure_installed
  prepare_dir
  if running; then
    echo "$URL"
    return 0
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
      || die "initdb failed, see $DIR/initdb.log"
  fi
  as_owner mkdir -p "$SOCKETS"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $SOCKETS" start >/dev/null \
    || die "the server did not start, see $LOG"
  if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
  fi
  echo "$URL"
}

stop() {
  BIN="$(find_bindir || true)"
  [ -n "$BIN" ] || { echo "postgres.sh: not installed, nothing to stop" >&2; return 0; }
  prepare_dir
  if running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "postgres.sh: stopped the cluster in $DATA" >&2
  else
    echo "postgres.sh: not running" >&2
  fi
}

status() {
  BIN="$(find_bindir || true)"
  [ -n "$BIN" ] || { echo "not installed"; return 3; }
  prepare_dir
  if running; then
    echo "running: $URL"
  else
    echo "stopped"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
