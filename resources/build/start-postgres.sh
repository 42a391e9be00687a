#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for the township's PostgreSQL tests and
# prints the line to export its URL:
#   eval "$(bash resources/build/start-postgres.sh)"     -> TOWNSHIP_TEST_DATABASE_URL=postgres://kiosk@127.0.0.1:55432/postgres
# Needs Debian's `postgresql` package (.ci/run installs it). PostgreSQL refuses to run as root,
# so initdb and pg_ctl run as the postgres user; the data directory is under /tmp.
# Env: PGPORT_TEST (default 55432), PGDATA_TEST (default /tmp/village-kiosk-pg-$PGPORT_TEST).
# Stop it: su postgres -c "pg_ctl -D $PGDATA_TEST stop"
set -euo pipefail
port="${PGPORT_TEST:-55432}"
data="${PGDATA_TEST:-/tmp/village-kiosk-pg-$port}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "start-postgres: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 1
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
  chmod 0700 "$data"
  as_pg "'$bin/initdb' -D '$data' -U kiosk --auth=trust -E UTF8 --locale=C.UTF-8" >&2
fi
if ! as_pg "'$bin/pg_ctl' -D '$data' status" >/dev/null 2>&1; then
  if ! as_pg "'$bin/pg_ctl' -D '$data' -l '$data/server.log' -w -o \"-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c idle_in_transaction_session_timeout=60s\" start" >&2; then
    # pg_ctl only says "Examine the log output": the last line is the reason.
    echo "start-postgres: $(grep -E 'FATAL|ERROR|could not' "$data/server.log" 2>/dev/null | tail -3 | sed -E 's/^[0-9: .-]+UTC \[[0-9]+\] //' | paste -sd ' ' -)" >&2
    exit 1
  fi
fi
echo "export TOWNSHIP_TEST_DATABASE_URL=postgres://kiosk@127.0.0.1:$port/postgres"
