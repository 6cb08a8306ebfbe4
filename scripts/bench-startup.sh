#!/usr/bin/env bash
# make bench-startup: for each HTTP service, the median over BENCH_RUNS (at least 5) runs of the
# time from process start to the first 200 on /q/health/ready, and the RSS at that moment, using
# the packaged jar against a local PostgreSQL. A benchmark that prints figures, not a test.
# Each run uses the images' JVM flags (images/jvm.options) and, as -XX:MaxRAM, the memory limit of
# the service's Kubernetes manifest, so the JVM sizes itself as it does in its container.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

readonly RUNS=${BENCH_RUNS:-5}
[ "$RUNS" -ge 5 ] || { echo "bench-startup: BENCH_RUNS must be at least 5" >&2; exit 2; }

# Always a throwaway server of its own (it needs PG_PORT and these databases): with an outer
# QUARKUS_DATASOURCE_JDBC_URL, with-postgres.sh ran this script again without PG_PORT, forever.
if [ -z "${PG_PORT:-}" ]; then
  PG_DATABASES="catalog orders logs" exec env -u QUARKUS_DATASOURCE_JDBC_URL "$ROOT/scripts/with-postgres.sh" "$0" "$@"
fi
command -v curl >/dev/null || { echo "bench-startup: curl is missing: apt-get install curl" >&2; exit 1; }
export_local_env
export QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
batch migrate >/dev/null

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-8s %5s %14s %12s   %s\n' service runs "ready (ms)" "RSS (MB)" "all runs: ms/MB (JVM: images/jvm.options, MaxRAM = the pod's memory limit)"
for s in "${HTTP_SERVICES[@]}"; do
  jar=$(jar_of "$s")
  port=$(service_port "$s")
  limit=$(sed -n 's/^quarkus\.kubernetes\.resources\.limits\.memory=\([0-9]*\)Mi$/\1/p' \
    "$ROOT/libs/service-web/src/main/resources/META-INF/microprofile-config.properties")
  port_free "$port" || { echo "bench-startup: port $port for $s is in use" >&2; exit 1; }
  times=() rss=()
  for _ in $(seq 1 "$RUNS"); do
    start=$(date +%s%N)
    java @"$ROOT/images/jvm.options" -XX:MaxRAM="${limit}m" -jar "$jar" >/dev/null 2>&1 &
    pid=$!
    ready=""
    for _ in $(seq 1 3000); do
      if curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
        ready=$(date +%s%N)
        break
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.005
    done
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -n "$ready" ] || { echo "bench-startup: $s never became ready" >&2; exit 1; }
    times+=($(( (ready - start) / 1000000 )))
    rss+=($(( kb / 1024 )))
  done
  runs=""
  for i in "${!times[@]}"; do runs+="${times[$i]}/${rss[$i]} "; done
  printf '%-8s %5d %14s %12s   %s\n' "$s" "$RUNS" "$(printf '%s\n' "${times[@]}" | median)" \
    "$(printf '%s\n' "${rss[@]}" | median)" "$runs"
done
echo "targets: ready within 1500 ms and RSS at most 120 MB per service"
