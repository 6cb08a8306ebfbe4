# shellcheck shell=bash
# Shared by the scripts that start the packaged services on this machine (run-local, bench-startup),
# and by images/build-images.sh, sync-manifests.sh and scripts/cluster/ for the list of services, the
# project version and the port probe.
# Sourced, not run; the sourcing script sets ROOT. export_local_env reads what
# scripts/with-postgres.sh wrote.
# Bash 3.2 (macOS's /bin/bash) runs it, and the cluster scripts: no bash 4 feature, GNU-only option
# or unguarded expansion of an array that may be empty (tests/flows PortabilityTest says which).

# Reads stdin's lines into the array named $1 (what mapfile -t does in bash 4).
read_lines() {
  local _line
  eval "$1=()"
  while IFS= read -r _line || [ -n "$_line" ]; do
    eval "$1+=(\"\$_line\")"
  done
}

# The one list of services: the services/<name> modules of the Maven reactor (the root pom.xml), in
# build order. Each is built into an image (images/build-images.sh).
# shellcheck disable=SC2034 # used by the scripts that source this file
read_lines IMAGE_SERVICES < <(sed -n 's:^ *<module>services/\([^<]*\)</module>.*:\1:p' "$ROOT/pom.xml")
[ ${#IMAGE_SERVICES[@]} -gt 0 ] || { echo "no services/<name> module in $ROOT/pom.xml" >&2; exit 1; }
# The HTTP services: the modules built on libs/service-web. quarkus-kubernetes generates a Deployment
# and a ClusterIP Service for each (k8s/base/app/<name>/generated.yaml); the Ingress routes to them.
HTTP_SERVICES=()
for service in "${IMAGE_SERVICES[@]}"; do
  if grep -q '<artifactId>service-web</artifactId>' "$ROOT/services/$service/pom.xml"; then
    HTTP_SERVICES+=("$service")
  fi
done
unset service
[ ${#HTTP_SERVICES[@]} -gt 0 ] || { echo "no services/<name> module is built on libs/service-web" >&2; exit 1; }
# The databases, one per service that owns data, named for it: the services with migrations
# (services/<name>/db/V*.sql), space-separated as with-postgres.sh's PG_DATABASES takes them.
DATABASES=""
for service in "$ROOT"/services/*/db/; do
  service=${service%/db/}
  DATABASES="$DATABASES${DATABASES:+ }${service##*/}"
done
unset service
[ -n "$DATABASES" ] || { echo "no services/<name>/db/ folder of migrations under $ROOT" >&2; exit 1; }

# Runs a command for at most $1 seconds: timeout(1) where there is one (macOS has none), else a
# watchdog that kills it.
bounded() {
  local seconds=$1 pid watchdog status=0
  shift
  if command -v timeout >/dev/null 2>&1; then
    timeout "$seconds" "$@"
    return
  fi
  "$@" &
  pid=$!
  (sleep "$seconds" && kill "$pid" 2>/dev/null) &
  watchdog=$!
  wait "$pid" || status=$?
  kill "$watchdog" 2>/dev/null || true
  return "$status"
}

# N random bytes in hex: a password or token made here, never written in the repository.
random_hex() {
  od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# The SHA-256 of a file: sha256sum (GNU) or shasum -a 256 (macOS, BSD).
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{ print $1 }'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{ print $1 }'
  else
    echo "neither sha256sum nor shasum is installed: install coreutils (or perl, for shasum)" >&2
    return 1
  fi
}

# The Java the build and the e2e tool run on: the host's when it is a JDK 17 or newer, else the
# builder image's in a container: images/base-images.sh's, Debian's OpenJDK 17 and curl (the Maven
# wrapper fetches its own pinned Maven), which in_builder builds when it is missing. BUILDER_IMAGE
# names another (any image with a JDK 17 or newer and curl).
java_on_host() {
  local major
  command -v java >/dev/null 2>&1 || return 1
  major=$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)
  [ -n "$major" ] && [ "$major" -ge 17 ]
}

OFFLINE_BUILDER_IMAGE=$(sed -n 's/^OFFLINE_BUILDER_IMAGE=//p' "$ROOT/images/base-images.sh")
BUILDER_IMAGE=${BUILDER_IMAGE:-$OFFLINE_BUILDER_IMAGE}

# The named volume that keeps the builder container's Maven downloads between builds.
MAVEN_VOLUME=quarkus-k8s-platform-maven

# Runs a command in the builder image with the repository at its own path, as the calling user, the
# Maven repository and wrapper in MAVEN_VOLUME. Docker options come first, then --, then the command.
# BUILDER_DOCKER_OPTS adds options of the user's, e.g. behind a TLS-inspecting proxy its CA:
# BUILDER_DOCKER_OPTS='--volume /etc/ssl/certs:/etc/ssl/certs:ro' (a Debian or Ubuntu host).
in_builder() {
  local options=() user
  read -r -a options <<<"${BUILDER_DOCKER_OPTS:-}"
  while [ "$1" != -- ]; do options+=("$1"); shift; done
  shift
  user="$(id -u):$(id -g)"
  if [ "$BUILDER_IMAGE" = "$OFFLINE_BUILDER_IMAGE" ] && ! docker image inspect "$BUILDER_IMAGE" >/dev/null 2>&1; then
    command -v mmdebstrap >/dev/null 2>&1 \
      || { echo "no JDK 17 here and no $BUILDER_IMAGE to build in: install a JDK 17 or newer, or mmdebstrap (apt-get install mmdebstrap) to build that image" >&2; exit 1; }
    "$ROOT/images/base-images.sh" builder >&2
  fi
  # A new volume belongs to root: the calling user gets it (cheap, so every time).
  docker run --rm --user 0 --volume "$MAVEN_VOLUME:/maven" "$BUILDER_IMAGE" chown "$user" /maven
  docker run --rm --user "$user" --env HOME=/tmp --env MAVEN_USER_HOME=/maven \
    --env MAVEN_OPTS=-Dmaven.repo.local=/maven/repository --volume "$MAVEN_VOLUME:/maven" \
    --volume "$ROOT:$ROOT" --workdir "$ROOT" ${options[@]+"${options[@]}"} "$BUILDER_IMAGE" "$@"
}

# docker, else podman; nothing when neither is installed.
container_engine() {
  if command -v docker >/dev/null 2>&1; then
    echo docker
  elif command -v podman >/dev/null 2>&1; then
    echo podman
  fi
}

# The port a service's application.properties gives it.
service_port() {
  sed -n 's/^quarkus\.http\.port=//p' "$ROOT/services/$1/src/main/resources/application.properties"
}

# The log collector's ingest port (logs.ingest.port), where the agents send batches.
ingest_port() {
  sed -n 's/^logs\.ingest\.port=//p' "$ROOT/services/logs/src/main/resources/application.properties"
}

jar_of() {
  local jar="$ROOT/services/$1/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "$1 is not built: run ./mvnw -B package -DskipTests" >&2; return 1; }
  echo "$jar"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nothing on 127.0.0.1 listens on, picked at random in 20000-39999 so that two runs rarely
# pick the same one.
free_port() {
  local port _
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    port_free "$port" && { echo "$port"; return 0; }
  done
  echo "no free port on 127.0.0.1 in 50 tries" >&2
  return 1
}

# The project's own <version> in the root pom.xml (the first one outside a <parent> block, before
# any dependency's): the tag of every image.
project_version() {
  sed -n '/<parent>/,/<\/parent>/d; s:.*<version>\([^<]*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1
}

# Runs the calling benchmark again under scripts/with-postgres.sh, on a throwaway server of its
# own with the three databases, unless it already runs under one (PG_PORT). An outer
# QUARKUS_DATASOURCE_JDBC_URL is dropped: with-postgres.sh would run the command on it without
# PG_PORT, and the benchmark would call itself forever.
bench_database() { # the benchmark's "$0" "$@"
  [ -z "${PG_PORT:-}" ] || return 0
  unset QUARKUS_DATASOURCE_JDBC_URL QUARKUS_DATASOURCE_USERNAME QUARKUS_DATASOURCE_PASSWORD
  PG_DATABASES=$DATABASES exec "$ROOT/scripts/with-postgres.sh" "$@"
}

# An HTTP service pod's CPU or memory limit as its manifest is generated (e.g. 1000m, 256Mi).
pod_limit() { # cpu|memory
  sed -n "s/^quarkus\.kubernetes\.resources\.limits\.$1=//p" \
    "$ROOT/libs/service-web/src/main/resources/META-INF/microprofile-config.properties"
}

# The environment a packaged service runs with here, the cluster's names pointed at this machine:
# written once per database run by scripts/with-postgres.sh to target/local.env (mode 600: it holds
# the run's tokens and password), which export_local_env and the page tests (LocalPlatform) read.
# LOCAL_ENV_FILE writes it elsewhere (LocalEnvironmentTest does).
LOCAL_ENV_FILE=${LOCAL_ENV_FILE:-${ROOT:-.}/target/local.env}
write_local_env() {
  local user=${QUARKUS_DATASOURCE_USERNAME:-} password=${QUARKUS_DATASOURCE_PASSWORD:-} s S
  mkdir -p "$(dirname "$LOCAL_ENV_FILE")"
  # Removed first: a file that exists keeps its mode, and umask only sets a new one's.
  rm -f "$LOCAL_ENV_FILE"
  (umask 077 && {
    echo "DB_HOST=$PG_HOST"
    echo "DB_PORT=$PG_PORT"
    echo "DB_USER=$user"
    echo "DB_PASSWORD=$password"
    # batch's datasources, one per database, with the one test user.
    for s in $DATABASES; do
      S=$(echo "$s" | tr '[:lower:]' '[:upper:]')
      echo "QUARKUS_DATASOURCE_${S}_USERNAME=$user"
      echo "${S}_DB_PASSWORD=$password"
    done
    # The tokens: yours when set, else random ones for this run (the cluster's are Secrets made per
    # install): the catalog's writes, the log agents' batches, the log searches.
    echo "CATALOG_WRITE_TOKEN=${CATALOG_WRITE_TOKEN:-$(random_hex 24)}"
    echo "LOGS_INGEST_TOKEN=${LOGS_INGEST_TOKEN:-$(random_hex 24)}"
    echo "LOGS_READ_TOKEN=${LOGS_READ_TOKEN:-$(random_hex 24)}"
    echo "QUARKUS_HTTP_HOST=127.0.0.1"
    # Each service's URL (CATALOG_URL, ...), which the cluster gives as its Service's name.
    for s in "${HTTP_SERVICES[@]}"; do
      echo "$(echo "$s" | tr '[:lower:]' '[:upper:]' | tr - _)_URL=http://127.0.0.1:$(service_port "$s")"
    done
  } > "$LOCAL_ENV_FILE")
}

# Exports target/local.env, after dropping the test database's variables: they would override every
# service's own database.
export_local_env() {
  [ -f "$LOCAL_ENV_FILE" ] || { echo "no $LOCAL_ENV_FILE: run this under scripts/with-postgres.sh, which writes it" >&2; exit 1; }
  unset QUARKUS_DATASOURCE_JDBC_URL QUARKUS_DATASOURCE_USERNAME QUARKUS_DATASOURCE_PASSWORD
  set -a
  # shellcheck source=/dev/null
  . "$LOCAL_ENV_FILE"
  set +a
}

# Waits at most 30 s for a service at url to answer its readiness probe; else fails with one line
# naming what did not get ready and the log that says why.
await_ready() { # caller what url log
  local _
  for _ in $(seq 1 150); do
    curl -fs -o /dev/null "$3/q/health/ready" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$1: $2 not ready in 30 s, see $4" >&2
  exit 1
}

# What a benchmark needs before it starts the packaged collector: the collector's two ports free,
# the local environment exported, the databases migrated.
prepare_local_collector() { # the calling benchmark's name
  local port
  for port in "$(service_port logs)" "$(ingest_port)"; do
    port_free "$port" || { echo "$1: port $port (logs) is in use" >&2; exit 1; }
  done
  export_local_env
  export QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
  batch migrate >/dev/null
}

# Runs a batch subcommand to completion, failing with its one-line error.
batch() {
  java -jar "$(jar_of batch)" "$@"
}
