# shellcheck shell=bash
# Sourced by the benchmarks, after scripts/lib.sh: they run each service's image as its pod runs it,
# so that their figures are the cluster's: the image's own JVM, flags and AOT cache, the pod's CPU and
# memory limits (docker --cpus/--memory), a read-only root with /tmp in memory, on the host's network,
# where the benchmark's PostgreSQL and the other services listen on 127.0.0.1. Every container is
# labelled with the benchmark's PID, and remove_pods removes them by id (the caller's EXIT trap).

BENCH_LABEL=quarkus-k8s-platform.bench=$$

# The Debian-built Java base the images run on.
java_base_image() {
  sed -n 's/^JRE_IMAGE=//p' "$ROOT/images/base-images.sh"
}

# Stops the caller with the fix when docker does not run or an image is missing.
require_images() { # caller image...
  local caller=$1 image
  shift
  "$ROOT/scripts/require-docker.sh"
  for image in "$@"; do
    docker image inspect "$image" >/dev/null 2>&1 \
      || { echo "$caller: image $image is missing: run make offline-images" >&2; exit 1; }
  done
}

# A pod's CPU limit as docker's --cpus: 500m is 0.50.
docker_cpus() { # millicores
  awk -v m="${1%m}" 'BEGIN { printf "%.2f", m / 1000 }'
}

# The Java base's own version line, as the benchmarks print it beside their figures.
base_java_version() {
  docker run --rm --entrypoint java "$(java_base_image)" -version 2>&1 | head -n 1
}

# Starts a container as a pod of these limits (as the manifests write them: 500m, 256Mi) and prints
# its id. The rest are docker run's: options, the image, its arguments. make run's environment
# (scripts/with-postgres.sh's target/local.env, which export_local_env exported) goes in by name.
start_pod() { # cpu memory docker-run-arguments...
  local cpu=$1 memory=$2 names=() env=() name
  shift 2
  read_lines names < <(sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' "$LOCAL_ENV_FILE")
  for name in ${names[@]+"${names[@]}"}; do env+=(-e "$name"); done
  docker run -d --label "$BENCH_LABEL" --network host \
    --cpus "$(docker_cpus "$cpu")" --memory "${memory%Mi}m" \
    --read-only --tmpfs /tmp ${env[@]+"${env[@]}"} "$@"
}

# The host PID of a container's first process: the JVM, whose /proc files give its CPU and memory.
pod_pid() { # container
  docker inspect --format '{{.State.Pid}}' "$1"
}

# A process's resident memory now and at its peak (VmRSS, VmHWM), in MiB: "now peak".
rss_mib() { # pid
  awk '/^VmRSS:/ { now = int($2 / 1024) } /^VmHWM:/ { peak = int($2 / 1024) } END { print now, peak }' "/proc/$1/status"
}

# Waits (bounded) until a container answers 200 on url; stops the caller with its last log lines if
# it does not, or exits.
await_pod() { # caller container url
  local _
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$3" 2>/dev/null && return 0
    [ "$(docker inspect --format '{{.State.Running}}' "$2")" = true ] || break
    sleep 0.2
  done
  docker logs "$2" 2>&1 | tail -n 5 >&2
  echo "$1: $3 did not answer 200 within 60 s" >&2
  exit 1
}

# The benchmarks' Java tools (scripts/bench/*.java: the floor each measures beside the services, a
# one-file JDK HttpServer; bench-http's profile summary), compiled once into BENCH_CLASSES, which
# remove_pods removes; the base image's java runs them.
compile_bench_tools() { # caller
  command -v javac >/dev/null || { echo "$1: javac is missing: apt-get install openjdk-17-jdk-headless" >&2; exit 1; }
  BENCH_CLASSES=$(mktemp -d)
  javac --release 17 -d "$BENCH_CLASSES" "$ROOT"/scripts/bench/*.java
  chmod -R a+rX "$BENCH_CLASSES"
}

# docker run's arguments after its options that run the floor on this port with the Java base's own
# java: into the array FLOOR_ARGS.
floor_args() { # port
  # shellcheck disable=SC2034 # read by the benchmarks that source this file
  FLOOR_ARGS=(-v "$BENCH_CLASSES:/bench:ro" --entrypoint java "$(java_base_image)" -cp /bench FloorServer "$1")
}

remove_pods() {
  local ids=()
  read_lines ids < <(docker ps -aq --filter "label=$BENCH_LABEL" 2>/dev/null || true)
  [ ${#ids[@]} -eq 0 ] || docker rm -f "${ids[@]}" >/dev/null 2>&1 || true
  [ -z "${BENCH_CLASSES:-}" ] || rm -rf "$BENCH_CLASSES"
}
