#!/usr/bin/env bash
# make bench-logs: the log pipeline's figures on this machine. Prints
#   1. parse throughput: lines/s one thread reads and parses from a file (the agent's FileTail), on
#      the images' Java (the base image's);
#   2. the agent's resident memory idle: started on an empty log folder, IDLE_SECONDS later; beside
#      it the JVM's floor, a one-file JDK HttpServer on the same base, limits and flags, and the
#      same server on the smallest JVM flags there are;
#   3. end-to-end ingest: LINES lines (default 1,200,000: a minute at the 20,000 lines/s asked) moved
#      into that folder at once, into PostgreSQL through the agent and the collector, and the
#      agent's resident memory (now and at its peak) meanwhile;
#   4. each figure against its target.
# The agent and the collector run as their pods do, no more optimistic (scripts/bench/pods.sh): their
# images, their manifests' CPU and memory limits, the agent's _JAVA_OPTIONS from its DaemonSet
# (AGENT_JAVA_OPTIONS replaces them, to try others) and its folders mounted as the DaemonSet mounts
# them. A benchmark that prints figures, not a test.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/bench/pods.sh
. "$ROOT/scripts/bench/pods.sh"

readonly LINES=${LINES:-1200000} IDLE_SECONDS=${IDLE_SECONDS:-10}
readonly MANIFEST=$ROOT/k8s/base/logging/log-agent.yaml

bench_database "$0" "$@"

version=$(project_version)
base=$(java_base_image)
require_images bench-logs "$base" "logs:$version" "log-agent:$version"
agent_classes="$ROOT/services/log-agent/target/test-classes"
[ -d "$agent_classes" ] || { echo "bench-logs: $agent_classes is missing: run ./mvnw test-compile -pl services/log-agent" >&2; exit 1; }

work=$(mktemp -d)
# Keeps the script's own exit status.
cleanup() {
  local status=$?
  remove_pods
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

parse=$(docker run --rm --label "$BENCH_LABEL" --network none --volume "$ROOT:$ROOT:ro" --entrypoint java "$base" \
  -cp "$agent_classes:$ROOT/services/log-agent/target/classes:$ROOT/services/log-agent/target/quarkus-app/lib/main/*" \
  io.github.k8splatform.agent.ParseBench 500000 5 | tail -n 1)
echo "$parse"
parse_rate=$(sed -n 's/^parse: median \([0-9]*\) .*/\1/p' <<<"$parse")

collector_port=$(service_port logs)
ingest_port=$(ingest_port)
prepare_local_collector bench-logs
collector=$(start_pod "$(pod_limit cpu)" "$(pod_limit memory)" "logs:$version")
await_pod bench-logs "$collector" "http://127.0.0.1:$collector_port/q/health/ready"

# The agent's folders as the DaemonSet mounts them: the logs read-only, its offsets writable by the
# image's user; the lines are written beside them first and moved in at once.
mkdir -p "$work/containers" "$work/state" "$work/staging"
chmod 0755 "$work" "$work/containers"
chmod 0777 "$work/state"
name="bench-0_platform_bench-$(printf 'd%.0s' $(seq 1 64)).log"
awk -v n="$LINES" 'BEGIN { for (i = 0; i < n; i++) printf "2026-11-25T10:%02d:%02d.%06dZ stdout F {\"level\":\"INFO\",\"message\":\"GET /api/catalog/products 200 3ms\",\"requestId\":\"%d\"}\n", int(i / 60000) % 60, int(i / 1000) % 60, i % 1000000, i }' > "$work/staging/$name"
chmod 0644 "$work/staging/$name"

agent_memory=$(sed -n '/limits:/,/memory:/s/^ *memory: \([0-9]*Mi\)$/\1/p' "$MANIFEST")
agent_cpu=$(sed -n '/limits:/,/memory:/s/^ *cpu: \([0-9]*m\)$/\1/p' "$MANIFEST")
# The environment the manifest writes out (value:, not valueFrom:), _JAVA_OPTIONS among it: each
# `- name: N` with `value: V` on the next line, as -e N=V.
manifest_env=()
read_lines manifest_env < <(awk '/^ *- name: / { name = $3; next }
  name != "" && /^ *value: / { v = $0; sub(/^ *value: */, "", v); gsub(/^"|"$/, "", v); print name "=" v } { name = "" }' "$MANIFEST")
agent_env=()
java_options=${AGENT_JAVA_OPTIONS:-}
for pair in ${manifest_env[@]+"${manifest_env[@]}"}; do
  if [ "${pair%%=*}" = _JAVA_OPTIONS ]; then
    java_options=${AGENT_JAVA_OPTIONS-${pair#*=}}
  else
    agent_env+=(-e "$pair")
  fi
done
agent_env+=(-e "_JAVA_OPTIONS=$java_options")
agent_port=$(free_port)
agent=$(start_pod "$agent_cpu" "$agent_memory" -v "$work/containers:/var/log/containers:ro" -v "$work/state:/var/lib/log-agent" \
  ${agent_env[@]+"${agent_env[@]}"} -e NODE_NAME=bench -e COLLECTOR_URL="http://127.0.0.1:$ingest_port" \
  -e HTTP_HOST=127.0.0.1 -e HTTP_PORT="$agent_port" "log-agent:$version")
await_pod bench-logs "$agent" "http://127.0.0.1:$agent_port/q/health/ready"
agent_pid=$(pod_pid "$agent")
sleep "$IDLE_SECONDS"
read -r idle _ < <(rss_mib "$agent_pid")

# The JVM's own floor under the same limits: a one-file JDK HttpServer (bench/FloorServer.java) on
# the same base, as idle as the agent, what no flag of the agent's can go below; once with the
# agent's flags, once with the least any JVM holds (no JIT, an 8 MiB heap, no perf data file).
readonly SMALLEST_JVM_OPTIONS='-Xint -XX:+UseSerialGC -Xms4m -Xmx8m -Xss256k -XX:-UsePerfData'
compile_bench_tools bench-logs
floor_idle_mib() { # java-options
  local port floor rss
  port=$(free_port)
  floor_args "$port"
  floor=$(start_pod "$agent_cpu" "$agent_memory" -e _JAVA_OPTIONS="$1" "${FLOOR_ARGS[@]}")
  await_pod bench-logs "$floor" "http://127.0.0.1:$port/"
  sleep "$IDLE_SECONDS"
  read -r rss _ < <(rss_mib "$(pod_pid "$floor")")
  docker rm -f "$floor" >/dev/null
  echo "$rss"
}
floor_idle=$(floor_idle_mib "$java_options")
smallest_idle=$(floor_idle_mib "$SMALLEST_JVM_OPTIONS")

mv "$work/staging/$name" "$work/containers/$name"
start=$(date +%s%N)
stored=0
first=""
for _ in $(seq 1 1200); do
  stored=$(PGPASSWORD="$DB_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d logs -Atqc 'select count(*) from logs.log_lines')
  [ -z "$first" ] && [ "$stored" -gt 0 ] && first=$(date +%s%N) first_count=$stored
  [ "$stored" -ge "$LINES" ] && break
  sleep 0.25
done
end=$(date +%s%N)
if [ "$stored" -lt "$LINES" ]; then
  docker logs "$agent" 2>&1 | tail -n 5 >&2
  echo "bench-logs: only $stored of $LINES lines arrived within 300 s" >&2
  exit 1
fi
read -r rss peak < <(rss_mib "$agent_pid")
ms=$(( (end - start) / 1000000 ))
steady_ms=$(( (end - first) / 1000000 ))
rate=$(( LINES * 1000 / ms ))
steady=$(( (LINES - first_count) * 1000 / (steady_ms > 0 ? steady_ms : 1) ))
echo "ingest: $LINES lines from a log file into PostgreSQL in $ms ms: $rate lines/s from the file's arrival," \
  "$steady lines/s once the first batch was stored"
echo "agent: RSS $idle MiB idle, $rss MiB now, $peak MiB at peak (limits $agent_cpu and $agent_memory;" \
  "$(base_java_version))"
echo "agent environment: ${agent_env[*]:-none}"
echo "floor: a JDK HttpServer on the same base, limits and _JAVA_OPTIONS: RSS $floor_idle MiB idle"
echo "floor, the smallest JVM ($SMALLEST_JVM_OPTIONS): RSS $smallest_idle MiB idle"
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
echo "target agent RSS <= 70 MiB (peak, shipping): $peak, $(verdict "$peak" 70 lower)"
echo "target agent RSS <= 40 MiB (idle): $idle, $(verdict "$idle" 40 lower)"
