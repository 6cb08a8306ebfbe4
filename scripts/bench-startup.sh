#!/usr/bin/env bash
# make bench-startup: how fast each HTTP service's image turns ready, and its RSS at that moment,
# run as its pod runs it: the image's own JVM, flags and AOT cache, the pod's CPU and memory limits
# (docker --cpus/--memory), a read-only root filesystem, against a local PostgreSQL. Beside them, in
# the same run and under the same limits, the floor: a one-file JDK HttpServer (bench/FloorServer.java)
# run by the base image's own java (its runtime holds jdk.httpserver, for the log agent). A benchmark
# that prints figures, not a test.
#
# Each service's time to ready is split in three, from the container's start (docker's StartedAt):
#   jvm    the JVM up to Quarkus' main (what the AOT cache shortens)
#   boot   Quarkus' own "started in"
#   ready  from started to the first 200 on /q/health/ready (the database pool, the health checks)
# Each service also runs without its AOT cache (the image's java started without -XX:AOTCache).
# Last, what a node pulls for the base and every service's image (scripts/bench/pull-sizes.sh).
# VARIANTS adds rows measured side by side: "label=JVM flags" pairs separated by ';', the flags
# passed as JAVA_TOOL_OPTIONS (an AOT flag there stops the JVM: it may not be given twice).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/bench/pods.sh
. "$ROOT/scripts/bench/pods.sh"

readonly RUNS=${BENCH_RUNS:-5}
readonly VARIANTS=${VARIANTS:-}
readonly NO_AOT="no AOT cache"
readonly FLOOR_PORT=18099
[ "$RUNS" -ge 5 ] || { echo "bench-startup: BENCH_RUNS must be at least 5" >&2; exit 2; }

bench_database "$0" "$@"
command -v curl >/dev/null || { echo "bench-startup: curl is missing: apt-get install curl" >&2; exit 1; }
version=$(project_version)
base=$(java_base_image)
require_images bench-startup "$base" "${IMAGE_SERVICES[@]/%/:$version}"

export_local_env
batch migrate >/dev/null

cpu=$(pod_limit cpu)
memory=$(pod_limit memory)

cid=""
trap remove_pods EXIT
trap 'exit 130' INT TERM
compile_bench_tools bench-startup
floor_args "$FLOOR_PORT"

now() { date +%s%N; }
started() { date -d "$(docker inspect --format '{{.State.StartedAt}}' "$1")" +%s%N; }

# Starts a container, waits for the first 200 on url (bounded), prints "ready_ms rss_mb jvm_ms boot_ms"
# (jvm and boot are - when the process logs no Quarkus start line), and removes the container.
measure() { # url, docker run arguments...
  local url=$1 ready="" line boot_ms="-" jvm_ms="-" t0 logged
  shift
  cid=$(start_pod "$cpu" "$memory" "$@")
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "$url" 2>/dev/null; then ready=$(now); break; fi
    [ "$(docker inspect --format '{{.State.Running}}' "$cid")" = true ] || break
    sleep 0.005
  done
  [ -n "$ready" ] || { docker logs "$cid" 2>&1 | tail -n 5 >&2; echo "bench-startup: $url never answered 200" >&2; exit 1; }
  local rss
  read -r rss _ < <(rss_mib "$(pod_pid "$cid")")
  t0=$(started "$cid")
  line=$(docker logs "$cid" 2>&1 | grep -m 1 'started in [0-9.]*s' || true)
  if [ -n "$line" ]; then
    boot_ms=$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' <<< "$line" | awk '{ printf "%d", $1 * 1000 }')
    logged=$(date -d "$(sed -n 's/.*"timestamp":"\([^"]*\)".*/\1/p' <<< "$line")" +%s%N)
    jvm_ms=$(( (logged - t0) / 1000000 - boot_ms ))
  fi
  docker rm -f "$cid" >/dev/null
  cid=""
  echo "$(( (ready - t0) / 1000000 )) $rss $jvm_ms $boot_ms"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0 || v[1] == "-") print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

IFS=';' read -r -a variants <<< "$NO_AOT;$VARIANTS"
rows=("floor|" "${HTTP_SERVICES[@]/%/|}")
for variant in "${variants[@]}"; do
  for s in "${HTTP_SERVICES[@]}"; do rows+=("$s|$variant"); done
done

# Runs interleaved (every row once, then again), so a noisy moment costs every row alike.
declare -A results
for run in $(seq 1 "$RUNS"); do
  echo "bench-startup: run $run of $RUNS ..." >&2
  for row in "${rows[@]}"; do
    s=${row%%|*} variant=${row#*|}
    if [ "$s" = floor ]; then
      r=$(measure "http://127.0.0.1:$FLOOR_PORT/" "${FLOOR_ARGS[@]}")
    else
      args=("$s:$version")
      if [ "$variant" = "$NO_AOT" ]; then
        args=(--entrypoint java "$s:$version" @/deployments/jvm.options -jar /deployments/quarkus-run.jar)
      elif [ -n "$variant" ]; then
        args=(-e JAVA_TOOL_OPTIONS="${variant#*=}" "${args[@]}")
      fi
      r=$(measure "http://127.0.0.1:$(service_port "$s")/q/health/ready" "${args[@]}")
    fi
    results[$row]+="$r"$'\n'
  done
done

column_median() { awk -v c="$2" 'NF { print $c }' <<< "${results[$1]}" | median; }
floor_ready=$(column_median "floor|" 1)
floor_rss=$(column_median "floor|" 2)
echo
echo "Each container with the pod's limits: $cpu CPU, $memory memory, read-only root; median of $RUNS runs."
printf '%-26s %8s %7s %7s %8s %9s %8s %9s\n' "" "jvm ms" "boot ms" "ready ms" "x floor" "RSS MB" "x floor" ""
for row in "${rows[@]}"; do
  s=${row%%|*} variant=${row#*|}
  label=$s
  [ -z "$variant" ] || label="$s (${variant%%=*})"
  ready=$(column_median "$row" 1)
  rss=$(column_median "$row" 2)
  printf '%-26s %8s %7s %8s %8s %9s %8s\n' "$label" "$(column_median "$row" 3)" "$(column_median "$row" 4)" "$ready" \
    "$(awk -v a="$ready" -v b="$floor_ready" 'BEGIN { printf "%.1f", a / b }')" "$rss" \
    "$(awk -v a="$rss" -v b="$floor_rss" 'BEGIN { printf "%.1f", a / b }')"
done
echo "targets: ready at most 6.0x the floor, RSS at most 2.0x the floor"
echo
"$ROOT/scripts/bench/pull-sizes.sh" "$base" "${IMAGE_SERVICES[@]/%/:$version}"
