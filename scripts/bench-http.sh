#!/usr/bin/env bash
# make bench-http: requests/s, p50 and p99 of catalog, orders and the gateway's /api/overview under
# wrk (BENCH_CONNECTIONS 32, 2 threads, BENCH_SECONDS per endpoint after BENCH_WARMUP seconds of
# warm-up), against the services' images run as their pods run them (scripts/bench/pods.sh: the pod's
# CPU and memory limits, a read-only root) on a local PostgreSQL seeded by batch seed (through
# catalog's API), each read against a plain-JDK floor (scripts/bench/FloorServer.java) run by the
# same base image under the same limits, in the same run; and the CPU each process spent per request.
# overview/fresh is a second gateway that asks its upstreams for every overview
# (app.overview.max-age=0s): what one overview costs. PROFILE=1 records that gateway with the JVM's
# Flight Recorder (target/bench-http/overview-fresh.jfr) and prints where its CPU went
# (scripts/bench/ProfileSummary.java); the recorder turns the image's AOT cache off, so the default
# run records nothing. A benchmark that prints figures, not a test.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/bench/pods.sh
. "$ROOT/scripts/bench/pods.sh"

readonly CONNECTIONS=${BENCH_CONNECTIONS:-32}
readonly SECONDS_EACH=${BENCH_SECONDS:-15}
readonly WARMUP=${BENCH_WARMUP:-10}
readonly FLOOR_PORT=${BENCH_FLOOR_PORT:-8090}
# A second gateway that asks its upstreams for every overview (app.overview.max-age=0s).
readonly FRESH_PORT=${BENCH_FRESH_PORT:-8091}
readonly PROFILE=${PROFILE:-0} PROFILE_DIR=$ROOT/target/bench-http

bench_database "$0" "$@"
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench-http: $tool is missing: apt-get install $tool" >&2; exit 1; }
done
version=$(project_version)
base=$(java_base_image)
require_images bench-http "$base" "catalog:$version" "orders:$version" "gateway:$version"
if [ "$PROFILE" = 1 ]; then
  docker run --rm --entrypoint java "$base" --list-modules | grep -q '^jdk\.jfr@' \
    || { echo "bench-http: $base has no Flight Recorder (jdk.jfr): images/base-images.sh --force jre, then make offline-images" >&2; exit 1; }
  # The gateway's user (not root) writes the recording here.
  mkdir -p "$PROFILE_DIR"
  chmod a+rwx "$PROFILE_DIR"
  rm -f "$PROFILE_DIR/overview-fresh.jfr"
fi

export_local_env
export QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
batch migrate >/dev/null

cpu=$(pod_limit cpu)
memory=$(pod_limit memory)
services=(catalog orders gateway gateway-fresh)
declare -A port_of=([gateway-fresh]=$FRESH_PORT)
for s in catalog orders gateway; do
  port_of[$s]=$(service_port "$s")
done
for s in "${services[@]}"; do
  port_free "${port_of[$s]}" || { echo "bench-http: port ${port_of[$s]} for $s is in use" >&2; exit 1; }
done
port_free "$FLOOR_PORT" || { echo "bench-http: port $FLOOR_PORT for the floor is in use (BENCH_FLOOR_PORT)" >&2; exit 1; }

trap remove_pods EXIT
trap 'exit 130' INT TERM
compile_bench_tools bench-http

declare -A pid_of cid_of
floor_args "$FLOOR_PORT"
floor=$(start_pod "$cpu" "$memory" "${FLOOR_ARGS[@]}")
for s in "${services[@]}"; do
  overrides=(-e "QUARKUS_HTTP_PORT=${port_of[$s]}")
  [ "$s" = gateway-fresh ] && overrides+=(-e APP_OVERVIEW_MAX_AGE=0s)
  [ "$s" = gateway-fresh ] && [ "$PROFILE" = 1 ] && overrides+=(-v "$PROFILE_DIR:/profile"
    -e "JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=filename=/profile/overview-fresh.jfr,dumponexit=true,settings=profile")
  cid_of[$s]=$(start_pod "$cpu" "$memory" "${overrides[@]}" "${s%-fresh}:$version")
  await_pod bench-http "${cid_of[$s]}" "http://127.0.0.1:${port_of[$s]}/q/health/ready"
  pid_of[$s]=$(pod_pid "${cid_of[$s]}")
done
await_pod bench-http "$floor" "http://127.0.0.1:$FLOOR_PORT/"

catalog="http://127.0.0.1:${port_of[catalog]}"
batch seed >/dev/null
sku=$(curl -fsS "$catalog/api/catalog/products?size=1" | sed -n 's/.*"sku":"\([^"]*\)".*/\1/p')
[ -n "$sku" ] || { echo "bench-http: batch seed left no product in catalog" >&2; exit 1; }

# wrk's latency percentiles come as 812.00us, 4.56ms or 1.20s: print them in ms.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.1f", n }'
}

# Where the CPU goes: clock ticks used so far by each service, by PostgreSQL (its postmaster and
# backends, when with-postgres.sh started it here) and by the whole machine (/proc/stat, busy).
postmaster=$(head -n 1 "$ROOT/target/pg/data/postmaster.pid" 2>/dev/null || true)
cpu_ticks() {
  local s pg=0 p
  for s in "${services[@]}"; do
    awk '{ printf "%d ", $14 + $15 }' "/proc/${pid_of[$s]}/stat"
  done
  if [ -n "$postmaster" ]; then
    for p in "$postmaster" $(ps -o pid= --ppid "$postmaster"); do
      pg=$((pg + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
  fi
  printf '%d ' "$pg"
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}

# name url: warm the JIT up, then one measured wrk run; prints "name rps p50 p99 non2xx" and the
# CPU milliseconds each process (then all of the machine) spent per request during the run.
measure() {
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$2" >/dev/null
  local out before after
  before=$(cpu_ticks)
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$2")
  after=$(cpu_ticks)
  printf '%s %s %s %s %s' "$1" \
    "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")" \
    "$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")" \
    "$(awk '/Non-2xx/ { n = $NF } END { print n + 0 }' <<<"$out")"
  awk -v hz="$(getconf CLK_TCK)" -v before="$before" -v after="$after" \
    '/ requests in / { n = $1 } END { split(before, b, " "); split(after, a, " ");
      for (i = 1; i <= length(a); i++) printf " %.2f", (a[i] - b[i]) * 1000 / hz / n; print "" }' <<<"$out"
}

measured_since=$(date +%s%3N)
rows=$(
  measure floor "http://127.0.0.1:$FLOOR_PORT/"
  measure catalog/info "$catalog/api/catalog/info"
  measure catalog/product "$catalog/api/catalog/products/$sku"
  measure orders?limit=1 "http://127.0.0.1:${port_of[orders]}/api/orders?limit=1"
  measure gateway/overview "http://127.0.0.1:${port_of[gateway]}/api/overview"
  measure overview/fresh "http://127.0.0.1:$FRESH_PORT/api/overview"
)
floor=$(awk '$1 == "floor" { print $2 }' <<<"$rows")

echo "bench-http: each image as its pod (--cpus $(docker_cpus "$cpu") --memory $memory, $(base_java_version));" \
  "wrk -t2 -c$CONNECTIONS, ${SECONDS_EACH} s per endpoint after ${WARMUP} s warm-up"
printf '%-18s %10s %10s %10s %10s %8s   %s\n' endpoint "req/s" "p50 ms" "p99 ms" "of floor" non-2xx \
  "CPU ms per request: ${services[*]} postgres machine"
awk -v floor="$floor" '{ printf "%-18s %10d %10s %10s %9.2fx %8d  ", $1, $2, $3, $4, $2 / floor, $5;
  for (i = 6; i <= NF; i++) printf " %6s", $i; print "" }' <<<"$rows"
# Peak RSS over the whole run (VmHWM): what a pod's memory limit must hold under this load.
for s in "${services[@]}"; do
  read -r now peak < <(rss_mib "${pid_of[$s]}")
  echo "$s: RSS $now MiB now, $peak MiB at its peak, under a $memory limit"
done
if [ "$PROFILE" = 1 ]; then
  # The recording is written as the JVM exits.
  docker stop -t 30 "${cid_of[gateway-fresh]}" >/dev/null
  # The project's own code is its groupId's packages.
  group=$(sed -n 's|.*<groupId>\([^<]*\)</groupId>.*|\1|p' "$ROOT/pom.xml" | head -n 1)
  echo "overview/fresh's gateway, where its CPU went:"
  docker run --rm --network none -v "$BENCH_CLASSES:/bench:ro" -v "$PROFILE_DIR:/profile:ro" --entrypoint java "$base" \
    -cp /bench ProfileSummary /profile/overview-fresh.jfr "$measured_since" "$group" | sed "s|/profile/|${PROFILE_DIR#"$ROOT"/}/|"
fi
echo "targets: gateway/overview at least 1000 req/s at 32 connections, p99 at most 50 ms; overview/fresh at least 800 req/s"
