#!/usr/bin/env bash
# The AOT cache's training run (JEP 483, 514, 515), made during the image build by the image's own
# java, so the cache and the JVM that reads it can never differ. It starts the service with the
# flags the image runs it with (jvm.options), exercises it, and stops it with SIGTERM; the JVM then
# writes the cache (classes loaded and linked, method profiles) before it exits.
#
# Usage: aot-train.sh CACHE
#   TRAINING_ARGS (words) go to the application. A service that turns live is asked TRAINING_ROUNDS
#   times for its probes, metrics, landing page and every path its OpenAPI document lists, then
#   stopped; a command (batch) runs to its end.
# There is no database during the build: calls that need one fail, which trains the error paths.
# Needs only bash and coreutils: the offline base has no curl, sed or grep.
set -euo pipefail

readonly PORT=${TRAINING_PORT:-18080}
# Few rounds: the cache holds the classes loaded and linked, which the first round loads; the
# images run C1 only, so C2's method profiles would not be used. Without a database each round
# waits out the pool's acquisition timeouts, so more rounds only slow the build.
readonly ROUNDS=${TRAINING_ROUNDS:-3}
readonly PATHS="/ /q/health/live /q/health/ready /q/metrics"
readonly APP=/deployments

die() { echo "aot-train: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: aot-train.sh CACHE"
cache=$1
read -r -a args <<< "${TRAINING_ARGS:-}"

# One GET over bash's /dev/tcp; prints the whole response. Bounded: a stuck service fails the build.
# shellcheck disable=SC2016 # the inner script expands its own arguments
get() {
  timeout 10 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$2" >&3
    cat <&3' _ "$PORT" "$1"
}

status() { get "$1" 2>/dev/null | head -n 1 | cut -d ' ' -f 2; }

# A path template's parameters ({sku}) filled with a word, in bash alone: the base has no sed.
fill_template() {
  local path=$1
  while [[ $path =~ ^(.*)\{[^}]*\}(.*)$ ]]; do path="${BASH_REMATCH[1]}training${BASH_REMATCH[2]}"; done
  echo "$path"
}

# The log agent is not on Quarkus' HTTP server: it has its own port and a state directory, which
# the read-only image does not have at /var/lib, and it does not start without an ingest token (one
# that reaches no collector here: its batches fail, which trains the retry path). The collector reads
# the same variable and refuses a token under 32 characters: this one has 40, made here.
QUARKUS_HTTP_PORT=$PORT QUARKUS_HTTP_HOST=127.0.0.1 AGENT_HTTP_PORT=$PORT AGENT_HTTP_HOST=127.0.0.1 \
  AGENT_STATE_DIR=$(mktemp -d) LOGS_INGEST_TOKEN=$(printf 'training%032d' "$RANDOM") java -XX:AOTCacheOutput="$cache" @"$APP/jvm.options" -jar "$APP/quarkus-run.jar" "${args[@]}" &
pid=$!

live=0
for _ in $(seq 1 600); do
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  if [ "$(status /q/health/live)" = 200 ]; then
    live=1
    break
  fi
  sleep 0.1
done

if [ "$live" = 1 ]; then
  # Every JAX-RS path the service documents, a template's parameters filled with a word.
  api=()
  while IFS= read -r line; do
    line=${line%$'\r'}
    if [[ $line =~ ^\ \ (/[^:]*):$ ]]; then
      api+=("$(fill_template "${BASH_REMATCH[1]}")")
    fi
  done < <(get /q/openapi 2>/dev/null)
  echo "aot-train: exercising $PATHS ${api[*]}"
  for _ in $(seq 1 "$ROUNDS"); do
    for path in $PATHS "${api[@]}"; do
      get "$path" >/dev/null 2>&1 || true
    done
  done
  kill -TERM "$pid"
  # SIGTERM ends the JVM with 143; the cache's presence, checked below, is what counts.
  wait "$pid" || true
elif kill -0 "$pid" 2>/dev/null; then
  kill -KILL "$pid"
  die "the service was not live within 60 s"
else
  # A command, or a service that died starting: only a clean exit trains what runs in a pod.
  rc=0
  wait "$pid" || rc=$?
  [ "$rc" = 0 ] || die "the application exited with $rc before it was live: see its output above"
fi
[ -s "$cache" ] || die "no AOT cache written at $cache: see the output above"
echo "aot-train: $cache, $(( $(stat -c %s "$cache") / 1000000 )) MB"
