#!/bin/bash
# Entry point of platform-base/postgres. It keeps the environment interface of the official
# postgres image, so manifests written for that image work unchanged:
#   POSTGRES_PASSWORD (required to initialise), POSTGRES_USER (default postgres),
#   POSTGRES_DB (default $POSTGRES_USER), PGDATA (default /var/lib/postgresql/data),
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256),
#   /docker-entrypoint-initdb.d/*.sh, *.sql and *.sql.gz, run once on an empty data directory.
# Unlike the official image it never runs as root: the image's user is postgres (uid 999), and any
# other user (runAsUser) gets a name for initdb from nss_wrapper, as in the official image.
# bash, not sh: non-executable init scripts are sourced, and the official image's are bash.
set -eu

PGDATA=${PGDATA:-/var/lib/postgresql/data}
POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
POSTGRES_HOST_AUTH_METHOD=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
export PGDATA POSTGRES_USER POSTGRES_DB

log() { printf 'docker-entrypoint: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Runs SQL against the temporary server over the local socket, stopping at the first error.
psql_init() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER" "$@"
}

# Undoes a failed initialisation. initdb only accepts an empty directory, so once it succeeded
# everything in PGDATA is ours: emptying it makes the next start retry instead of serving a
# half-initialised database without its user, database or init scripts.
init_failed() {
  pg_ctl --pgdata="$PGDATA" --mode=immediate --wait --silent stop >/dev/null 2>&1 || true
  find "$PGDATA" -mindepth 1 -delete 2>/dev/null || true
  log "initialisation failed; $PGDATA was emptied so the next start retries"
}

init_db() {
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    die "the database is not initialised and POSTGRES_PASSWORD is not set: set it (POSTGRES_HOST_AUTH_METHOD=trust skips it, for throwaway tests only)"
  fi
  if ! mkdir -p "$PGDATA" 2>/dev/null || [ ! -w "$PGDATA" ]; then
    die "PGDATA=$PGDATA is not writable by uid $(id -u): mount it writable for that user (e.g. fsGroup) or point PGDATA at a subdirectory of the mount"
  fi
  # initdb names the data's owner after the user it runs as, and a user the image's /etc/passwd does
  # not list has no name: nss_wrapper lends it one, for initdb only.
  if ! getent passwd "$(id -u)" >/dev/null; then
    local wrapper
    wrapper=$(find /usr/lib -name libnss_wrapper.so -print -quit)
    [ -n "$wrapper" ] || die "uid $(id -u) has no name and the image has no libnss_wrapper.so to lend it one: rebuild the image (images/base-images.sh --force postgres)"
    NSS_WRAPPER_PASSWD=$(mktemp) NSS_WRAPPER_GROUP=$(mktemp)
    printf 'postgres:x:%s:%s:PostgreSQL:%s:/bin/false\n' "$(id -u)" "$(id -g)" "$PGDATA" >"$NSS_WRAPPER_PASSWD"
    printf 'postgres:x:%s:\n' "$(id -g)" >"$NSS_WRAPPER_GROUP"
    export LD_PRELOAD=$wrapper NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
  fi

  log "initialising $PGDATA for user $POSTGRES_USER"
  # The password reaches initdb through a pipe, never a file or the command line (ps shows that).
  # POSTGRES_INITDB_ARGS is split into words on purpose, as the official image does.
  # shellcheck disable=SC2086
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    printf '%s\n' "$POSTGRES_PASSWORD" | initdb --pgdata="$PGDATA" --username="$POSTGRES_USER" \
      --pwfile=/dev/stdin --auth-local=trust --auth-host="$POSTGRES_HOST_AUTH_METHOD" \
      --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-}
  else
    initdb --pgdata="$PGDATA" --username="$POSTGRES_USER" --auth-local=trust \
      --auth-host=trust --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-}
  fi
  trap init_failed EXIT

  # Clients come from other containers and pods: listen everywhere, authenticate every host.
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

  # A temporary server on the socket only, so nothing outside sees a database that is half set up.
  pg_ctl --pgdata="$PGDATA" --wait --silent -o "-c listen_addresses=''" start

  if [ "$POSTGRES_DB" != postgres ]; then
    psql_init --dbname postgres --set db="$POSTGRES_DB" <<'SQL'
CREATE DATABASE :"db";
SQL
  fi

  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case "$f" in
      *.sh)
        log "running $f"
        # Executable scripts run on their own; the others are sourced, as in the official image.
        # shellcheck disable=SC1090
        if [ -x "$f" ]; then "$f"; else . "$f"; fi
        ;;
      *.sql) log "running $f"; psql_init --dbname "$POSTGRES_DB" --file "$f" ;;
      *.sql.gz) log "running $f"; gzip -dc "$f" | psql_init --dbname "$POSTGRES_DB" ;;
      *) log "ignoring $f" ;;
    esac
  done

  pg_ctl --pgdata="$PGDATA" --mode=fast --wait --silent stop
  trap - EXIT
  log "initialisation complete"
}

# `image`, `image postgres ...` and `image -c key=value ...` start the server; any other command
# (psql, pg_dump, sh) runs as given, like the official image.
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi
[ "$1" = postgres ] || exec "$@"
shift

[ "$(id -u)" != 0 ] || die "refusing to run PostgreSQL as root: run as the image's user, postgres (uid 999), or another"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  init_db
fi
# postgres refuses a data directory its group may write to, and a kubelet applying the pod's fsGroup
# makes every directory of the volume group-writable at each start (the official image does this too).
chmod 0700 "$PGDATA"

exec postgres -D "$PGDATA" "$@"
