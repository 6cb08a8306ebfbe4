#!/usr/bin/env bash
# Runs a command with a PostgreSQL it can use, exported as QUARKUS_DATASOURCE_JDBC_URL,
# QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD (plus PG_HOST/PG_PORT for scripts).
# Where the database comes from, first that works:
#   1. QUARKUS_DATASOURCE_* already set: used as they are;
#   2. PostgreSQL binaries installed: a throwaway server under target/pg on a free 127.0.0.1 port;
#   3. a working docker: a pinned postgres container published on 127.0.0.1;
# else one line saying how to get one. Whatever it starts, it stops when the command ends.
# PG_DATABASES (scripts/lib.sh's DATABASES) creates those databases too (make run, make bench-startup).
# Before the command it writes the packaged services' local environment to target/local.env
# (lib.sh write_local_env), which make run and the page tests read.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$root
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh" # random_hex, free_port
readonly DB_NAME=${PG_DATABASE:-platform}
readonly DB_USER=platform
# A fresh random password per run: the repository holds none.
DB_PASSWORD=$(random_hex 16)
readonly DB_PASSWORD
readonly PG_IMAGE=${PG_IMAGE:-postgres:16.6-bookworm}
readonly PGDIR="$root/target/pg"

[ $# -gt 0 ] || { echo "usage: $0 command [args...]" >&2; exit 2; }

if [ -n "${QUARKUS_DATASOURCE_JDBC_URL:-}" ]; then
  hostport=${QUARKUS_DATASOURCE_JDBC_URL#jdbc:postgresql://}
  hostport=${hostport%%/*}
  PG_HOST=${PG_HOST:-${hostport%:*}} PG_PORT=${PG_PORT:-${hostport##*:}} write_local_env
  exec "$@"
fi

# Runs a server binary as the postgres user when we are root: initdb and postgres refuse root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_ready() { # host port
  local _
  for _ in $(seq 1 100); do
    if PGPASSWORD=$DB_PASSWORD psql -h "$1" -p "$2" -U "$DB_USER" -d "$DB_NAME" -Atqc 'select 1' >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  echo "with-postgres: PostgreSQL on $1:$2 did not accept connections within 20 s" >&2
  return 1
}

pg_bins=(/usr/lib/postgresql/*/bin)
pg_bin=${pg_bins[${#pg_bins[@]}-1]}
port=$(free_port)
cleanup=""

if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  command -v psql >/dev/null || { echo "with-postgres: psql is missing: apt-get install postgresql-client" >&2; exit 1; }
  rm -rf "$PGDIR"
  mkdir -p "$PGDIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
  pwfile="$PGDIR/pw"
  # The password file is for initdb only: nobody else may read it.
  (umask 077 && printf '%s\n' "$DB_PASSWORD" > "$pwfile")
  [ "$(id -u)" != 0 ] || chown postgres "$pwfile"
  as_owner "$pg_bin/initdb" -D "$PGDIR/data" -U "$DB_USER" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 >"$PGDIR/initdb.log" 2>&1 \
    || { echo "with-postgres: initdb failed, see $PGDIR/initdb.log" >&2; exit 1; }
  as_owner "$pg_bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories= -c fsync=off -c max_connections=200" start >/dev/null \
    || { echo "with-postgres: the server did not start, see $PGDIR/server.log" >&2; exit 1; }
  cleanup="as_owner $pg_bin/pg_ctl -D $PGDIR/data -m fast -w stop"
  trap '$cleanup >/dev/null 2>&1 || true' EXIT
  PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -qc "CREATE DATABASE $DB_NAME" >/dev/null
elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  docker image inspect "$PG_IMAGE" >/dev/null 2>&1 || docker pull -q "$PG_IMAGE" >/dev/null 2>&1 \
    || { echo "with-postgres: image $PG_IMAGE is not available and cannot be pulled: apt-get install postgresql, or set PG_IMAGE" >&2; exit 1; }
  cid=$(docker run -d --rm -p "127.0.0.1:$port:5432" -e POSTGRES_USER=$DB_USER -e POSTGRES_PASSWORD="$DB_PASSWORD" \
    -e POSTGRES_DB="$DB_NAME" "$PG_IMAGE")
  cleanup="docker rm -f $cid"
  trap '$cleanup >/dev/null 2>&1 || true' EXIT
else
  echo "with-postgres: no PostgreSQL: set QUARKUS_DATASOURCE_JDBC_URL/USERNAME/PASSWORD, or apt-get install postgresql, or start docker" >&2
  exit 1
fi

wait_ready 127.0.0.1 "$port"
for db in ${PG_DATABASES:-}; do
  PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$port" -U "$DB_USER" -d "$DB_NAME" -qc "CREATE DATABASE $db" >/dev/null
done
export PG_HOST=127.0.0.1 PG_PORT=$port
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$port/$DB_NAME"
export QUARKUS_DATASOURCE_USERNAME=$DB_USER QUARKUS_DATASOURCE_PASSWORD=$DB_PASSWORD
write_local_env
"$@"
