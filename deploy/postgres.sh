#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for the PostgreSQL audit-store tests (and local trials of larger deployments).
#   deploy/postgres.sh start    initdb on first use, then start on 127.0.0.1:$PG_PORT; prints the connection string
#   deploy/postgres.sh stop     fast shutdown (the data folder is kept; "clean" removes it)
#   deploy/postgres.sh status   exit 0 when the cluster answers
#   deploy/postgres.sh clean    stop and remove the data folder
# Environment: PG_BIN (default /usr/lib/postgresql/15/bin), PG_BASE (default ${TMPDIR:-/tmp}/broker-pg-$PG_PORT),
# PG_PORT (55432), PG_PASSWORD (testpw). Durability is traded for speed (fsync off): test data only.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55432}
PG_BASE=${PG_BASE:-${TMPDIR:-/tmp}/broker-pg-$PG_PORT}
PG_PASSWORD=${PG_PASSWORD:-testpw}
data="$PG_BASE/data"

# The server refuses to run as root: as root, run its tools as the postgres user.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

connection_string() {
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=postgres"
}

running() {
  [[ -f "$data/postmaster.pid" ]] && as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
  if running; then
    echo "postgres already running on 127.0.0.1:$PG_PORT"
    connection_string
    return 0
  fi
  [[ -x "$PG_BIN/initdb" ]] || { echo "postgres.sh: no PostgreSQL at $PG_BIN (install postgresql-15 or set PG_BIN)" >&2; exit 2; }
  mkdir -p "$PG_BASE"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$PG_BASE"; fi
  chmod 700 "$PG_BASE"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    local pwfile="$PG_BASE/pw"
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$pwfile"; fi
    as_owner "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$PG_BASE/initdb.log" 2>&1 || { cat "$PG_BASE/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
  fi
  as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$PG_BASE/server.log" -w -t 30 start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_BASE -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { tail -n 20 "$PG_BASE/server.log" >&2; exit 1; }
  echo "postgres up on 127.0.0.1:$PG_PORT (data in $data)"
  connection_string
}

stop() {
  if running; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "postgres on port $PG_PORT stopped"
  else
    echo "postgres on port $PG_PORT not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running && echo "running: $(connection_string)" ;;
  clean) stop; rm -rf "$PG_BASE" ;;
  *) echo "usage: $0 start|stop|status|clean" >&2; exit 64 ;;
esac
