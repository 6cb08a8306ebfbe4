#!/usr/bin/env bash
# make bench-logs: the log pipeline's figures on this machine. Prints
#   1. parse throughput: lines/s one thread reads and parses from a file (the agent's FileTail);
#   2. end-to-end ingest: lines/s from a log file into PostgreSQL through the packaged agent and
#      collector, and the agent's resident memory (current and peak) meanwhile;
#   3. each figure against its target.
# The agent runs as its pod does, no more optimistic: the JVM the images run (Temurin 25 when it is
# installed here; JAVA picks another), images/jvm.options, the _JAVA_OPTIONS of its manifest, its
# memory limit as -XX:MaxRAM, and its CPU limit as the cores it may use (taskset) and sees
# (-XX:ActiveProcessorCount). AGENT_JAVA_OPTIONS replaces the manifest's flags, to try others.
# A benchmark that prints figures, not a test. LINES sets the size of the end-to-end run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

readonly LINES=${LINES:-200000}
readonly MANIFEST=$ROOT/k8s/base/logging/log-agent.yaml
JAVA=${JAVA:-$(images_java)}

bench_database "$0" "$@"

agent_classes="$ROOT/services/log-agent/target/test-classes"
[ -d "$agent_classes" ] || { echo "bench-logs: $agent_classes is missing: run ./mvnw test-compile -pl services/log-agent" >&2; exit 1; }
parse=$("$JAVA" -cp "$agent_classes:$ROOT/services/log-agent/target/classes:$ROOT/services/log-agent/target/quarkus-app/lib/main/*" \
  io.github.k8splatform.agent.ParseBench 500000 5 | tail -n 1)
echo "$parse"
parse_rate=$(sed -n 's/^parse: median \([0-9]*\) .*/\1/p' <<<"$parse")

collector_port=$(service_port logs)
ingest_port=$(ingest_port)
prepare_local_collector bench-logs

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

"$JAVA" @"$ROOT/images/jvm.options" -XX:MaxRAM=384m -jar "$(jar_of logs)" >"$work/collector.log" 2>&1 &
pids+=($!)
await_ready bench-logs "the collector" "http://127.0.0.1:$collector_port" "$work/collector.log"

mkdir -p "$work/containers" "$work/state"
file="$work/containers/bench-0_platform_bench-$(printf 'd%.0s' $(seq 1 64)).log"
awk -v n="$LINES" 'BEGIN { for (i = 0; i < n; i++) printf "2026-11-25T10:%02d:%02d.%06dZ stdout F {\"level\":\"INFO\",\"message\":\"GET /api/catalog/products 200 3ms\",\"requestId\":\"%d\"}\n", int(i / 60000) % 60, int(i / 1000) % 60, i % 1000000, i }' > "$file"

agent_limit=$(sed -n 's/^ *memory: \([0-9]*\)Mi$/\1/p' "$MANIFEST" | tail -n 1)
agent_millicpus=$(sed -n '/limits:/,/memory:/s/^ *cpu: \([0-9]*\)m$/\1/p' "$MANIFEST")
agent_cpus=$(( (agent_millicpus + 999) / 1000 ))
# The flags the manifest gives the agent's JVM: the value on the line after `name: _JAVA_OPTIONS`.
manifest_opts=$(sed -n '/name: _JAVA_OPTIONS/{n;s/^ *value: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p}' "$MANIFEST")
agent_opts=${AGENT_JAVA_OPTIONS-$manifest_opts}
# The last cores, so the agent does not share its core with the collector when there are several.
cores=$(nproc)
agent_cores=$(( cores > agent_cpus ? cores - agent_cpus : 0 ))-$(( cores - 1 ))
start=$(date +%s%N)
LOG_DIR="$work/containers" STATE_DIR="$work/state" COLLECTOR_URL="http://127.0.0.1:$ingest_port" HTTP_HOST=127.0.0.1 HTTP_PORT=0 \
  _JAVA_OPTIONS="$agent_opts" taskset -c "$agent_cores" \
  "$JAVA" @"$ROOT/images/jvm.options" -XX:MaxRAM="${agent_limit}m" -XX:ActiveProcessorCount="$agent_cpus" \
  -jar "$(jar_of log-agent)" >"$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")

stored=0
first=""
for _ in $(seq 1 1200); do
  stored=$(PGPASSWORD="$DB_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d logs -Atqc 'select count(*) from logs.log_lines')
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
rate=$(( LINES * 1000 / ms ))
steady=$(( (LINES - first_count) * 1000 / (steady_ms > 0 ? steady_ms : 1) ))
echo "ingest: $LINES lines from a log file into PostgreSQL in $ms ms: $rate lines/s with the agent's start-up," \
  "$steady lines/s once the first batch was stored"
echo "agent: RSS $rss MB now, $peak MB at peak ($("$JAVA" -version 2>&1 | head -n 1 | cut -d'"' -f2)," \
  "limits ${agent_limit} MiB and ${agent_millicpus}m run as cores $agent_cores, _JAVA_OPTIONS: ${agent_opts:-none})"
# "met", or by how much (in percent of the target) a figure misses it.
verdict() { # value target higher|lower
  if { [ "$3" = higher ] && [ "$1" -ge "$2" ]; } || { [ "$3" = lower ] && [ "$1" -le "$2" ]; }; then
    echo met
  else
    echo "missed by $(( ($1 > $2 ? $1 - $2 : $2 - $1) * 100 / $2 ))%"
  fi
}
echo "target parse >= 500000 lines/s: $parse_rate, $(verdict "$parse_rate" 500000 higher)"
echo "target end to end >= 20000 lines/s (steady): $steady, $(verdict "$steady" 20000 higher)"
echo "target agent RSS <= 70 MB (peak): $peak, $(verdict "$peak" 70 lower)"
