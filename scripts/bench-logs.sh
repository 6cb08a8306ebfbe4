#!/usr/bin/env bash
# make bench-logs: the log pipeline's figures on this machine. Prints
#   1. parse throughput: lines/s one thread reads and parses from a file (the agent's FileTail);
#   2. end-to-end ingest: lines/s from a log file into PostgreSQL through the packaged agent and
#      collector, and the agent's resident memory (current and peak) meanwhile.
# A benchmark that prints figures, not a test. LINES sets the size of the end-to-end run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

readonly LINES=${LINES:-200000}

# Always a throwaway server of its own (it needs PG_PORT and these databases): with an outer
# QUARKUS_DATASOURCE_JDBC_URL, with-postgres.sh ran this script again without PG_PORT, forever.
if [ -z "${PG_PORT:-}" ]; then
  PG_DATABASES="catalog orders logs" exec env -u QUARKUS_DATASOURCE_JDBC_URL "$ROOT/scripts/with-postgres.sh" "$0" "$@"
fi

agent_classes="$ROOT/services/log-agent/target/test-classes"
[ -d "$agent_classes" ] || { echo "bench-logs: $agent_classes is missing: run ./mvnw test-compile -pl services/log-agent" >&2; exit 1; }
java -cp "$agent_classes:$ROOT/services/log-agent/target/classes:$ROOT/services/log-agent/target/quarkus-app/lib/main/*" \
  io.github.k8splatform.agent.ParseBench 500000 5 | tail -n 1

collector_port=$(service_port logs)
port_free "$collector_port" || { echo "bench-logs: port $collector_port (logs) is in use" >&2; exit 1; }
export_local_env
export QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
batch migrate >/dev/null

work=$(mktemp -d)
pids=()
# Keeps the script's own exit status: waiting for a process it ended with TERM reports 143, which made
# every successful run exit 143.
cleanup() {
  local status=$?
  if [ ${#pids[@]} -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

java @"$ROOT/images/jvm.options" -XX:MaxRAM=384m -jar "$(jar_of logs)" >"$work/collector.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do
  curl -fs -o /dev/null "http://127.0.0.1:$collector_port/q/health/ready" && break
  sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$collector_port/q/health/ready" || { echo "bench-logs: the collector did not get ready, see $work/collector.log" >&2; exit 1; }

mkdir -p "$work/containers" "$work/state"
file="$work/containers/bench-0_platform_bench-$(printf 'd%.0s' $(seq 1 64)).log"
awk -v n="$LINES" 'BEGIN { for (i = 0; i < n; i++) printf "2026-11-25T10:%02d:%02d.%06dZ stdout F {\"level\":\"INFO\",\"message\":\"GET /api/catalog/products 200 3ms\",\"requestId\":\"%d\"}\n", int(i / 60000) % 60, int(i / 1000) % 60, i % 1000000, i }' > "$file"

agent_limit=$(sed -n 's/^ *memory: \([0-9]*\)Mi$/\1/p' "$ROOT/k8s/base/logging/log-agent.yaml" | tail -n 1)
start=$(date +%s%N)
LOG_DIR="$work/containers" STATE_DIR="$work/state" COLLECTOR_URL="http://127.0.0.1:$collector_port" QUARKUS_HTTP_PORT=0 \
  java @"$ROOT/images/jvm.options" -XX:MaxRAM="${agent_limit}m" -jar "$(jar_of log-agent)" >"$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")

stored=0
first=""
for _ in $(seq 1 1200); do
  stored=$(PGPASSWORD=platform psql -h "$PG_HOST" -p "$PG_PORT" -U platform -d logs -Atqc 'select count(*) from logs.log_lines')
  [ -z "$first" ] && [ "$stored" -gt 0 ] && first=$(date +%s%N) first_count=$stored
  [ "$stored" -ge "$LINES" ] && break
  sleep 0.25
done
end=$(date +%s%N)
[ "$stored" -ge "$LINES" ] || { echo "bench-logs: only $stored of $LINES lines arrived within 300 s, see $work/agent.log" >&2; exit 1; }
rss=$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$agent/status")
peak=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$agent/status")
ms=$(( (end - start) / 1000000 ))
steady_ms=$(( (end - first) / 1000000 ))
echo "ingest: $LINES lines from a log file into PostgreSQL in $ms ms: $(( LINES * 1000 / ms )) lines/s with the agent's start-up," \
  "$(( (LINES - first_count) * 1000 / (steady_ms > 0 ? steady_ms : 1) )) lines/s once the first batch was stored"
echo "agent: RSS $rss MB now, $peak MB at peak (JVM sized for its ${agent_limit} MiB limit)"
echo "targets: parse at least 200000 lines/s, end to end at least 20000 lines/s, agent RSS at most 100 MB"
