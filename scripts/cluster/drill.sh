#!/usr/bin/env bash
# The rolling-update drills, each under steady traffic from the drill tool (tools/e2e drill) through
# the Ingress; the tool's verdict is the drill's exit code and its HTML report lands in target/drill/
# (with the namespace's Kubernetes events of the drill's window on its timeline, and each pod's memory
# and CPU as the kubelets measured them when the traffic stopped). At its start it prints the URL of
# the gateway's live page, to watch the drill from a browser; it ends with the platform's total memory.
#   drill.sh rollout   build version N+1 of SERVICE, load it (or push it to REGISTRY), roll the
#                      Deployment to it (make drill)
#   drill.sh bad       roll out N+1 with readiness held DOWN: the rollout stalls (the Deployment
#                      reports ProgressDeadlineExceeded) while the old pods serve, then kubectl
#                      rollout undo brings N back (make drill-bad)
#   drill.sh rollback  undo to the previous good revision (make drill-rollback)
#   drill.sh drain     cordon a worker that does not hold the database, drain it one service at a
#                      time, then uncordon it (make drill-drain; any cluster of two nodes or more)
# Env: SERVICE (orders), RATE (20 requests/s), WARMUP_SECONDS (10), WAIT_SECONDS (300),
#      POLL_SECONDS (5, between reads of a stalling rollout), DRILL_VERSION (default: the running
#      version's patch + 1), BASE_IMAGE.
# A pod's version is its template's version label, which the pod reads through the downward API
# (APP_VERSION, the app.version every response reports): the drills read and raise that label, and
# tag the image they build with it; they never read a version out of an image name.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT=drill
# shellcheck source=scripts/cluster/cluster-lib.sh
source "$ROOT/scripts/cluster/cluster-lib.sh"
MODE=${1:-rollout}
SERVICE=${SERVICE:-orders}
RATE=${RATE:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
WAIT_SECONDS=${WAIT_SECONDS:-300}
POLL_SECONDS=${POLL_SECONDS:-5}
# The drill tool stops at this bound even if nobody tells it to.
MAX_SECONDS=1800

case "$MODE" in rollout | bad | rollback | drain) ;; *) die "unknown drill '$MODE' (rollout, bad, rollback or drain)" ;; esac
[[ " ${HTTP_SERVICES[*]} " == *" $SERVICE "* ]] || die "SERVICE must be one of ${HTTP_SERVICES[*]}, not '$SERVICE'"
if { [ "$MODE" = rollout ] || [ "$MODE" = bad ]; } && [ "$CLUSTER" = current ] && [ -z "$REGISTRY" ]; then
  die "CLUSTER=current pulls every image: make drill and make drill-bad need the REGISTRY make up pushed to"
fi
require_e2e_jar
command -v kubectl >/dev/null 2>&1 || die "kubectl is missing: run make up first (fetches it into bin/)"
kube -n "$NAMESPACE" get "deployment/$SERVICE" >/dev/null 2>&1 \
  || die "deployment/$SERVICE is not on the $CLUSTER cluster: run make up first"
find_ingress_url
step "live page: ${INGRESS_URL%/}/ (the gateway's page through the Ingress: open it to watch the drill)"
# The drill's reads go to /api/logs too, with the install's read token.
export_logs_read_token

REPORT=$ROOT/target/drill/$MODE-$SERVICE-$(date +%Y%m%d-%H%M%S).html
# kubectl get events -o json of the namespace, taken before the traffic stops: the report's timeline.
EVENTS=${REPORT%.html}-events.json
# The kubelets' summaries (/stats/summary), one file per node, taken with the events: each pod's
# memory and CPU in the report, and the platform's total at the drill's end. Read as drill-reader
# (k8s/base/drill-reader), impersonated, so with its read-only rights and no more.
SUMMARIES=${REPORT%.html}-kubelets
DRILL_READER=system:serviceaccount:$NAMESPACE:$(awk '/^  name: / { print $2; exit }' "$ROOT/k8s/base/drill-reader/rbac.yaml")
# Beside the report, so that a drill tool in the builder container sees it too.
STOP_FILE=$(mktemp -u "$ROOT/target/drill/drill-stop.XXXXXX")
drill_pid=""

# The pod template as it runs: RUNNING_IMAGE and RUNNING_VERSION (its version label).
read_template() {
  IFS='|' read -r RUNNING_IMAGE RUNNING_VERSION < <(kube -n "$NAMESPACE" get "deployment/$SERVICE" \
    -o jsonpath='{.spec.template.spec.containers[0].image}{"|"}{.spec.template.metadata.labels.version}{"\n"}') || true
  [ -n "${RUNNING_VERSION:-}" ] || die "deployment/$SERVICE's pod template has no version label: run make up"
}

# N+1: the running version with its patch number raised (1.0.0 -> 1.0.1).
next_version() {
  local version=$1
  [[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] \
    || die "cannot derive N+1 from the running version '$version': set DRILL_VERSION"
  echo "${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))"
}

# Builds SERVICE as version next and loads it into the cluster, or pushes it to REGISTRY as make up
# does; prints the image to roll to (name:version, or with REGISTRY name:version@digest).
build_next() {
  local next=$1
  if [ -n "$REGISTRY" ]; then
    publish_images "$next" "$SERVICE"
    echo "$REGISTRY/$SERVICE:$next@${PUSHED[0]#*=}"
    return
  fi
  step "building $SERVICE:$next (running: $RUNNING_VERSION)" >&2
  VERSION=$next "$ROOT/images/build-images.sh" "$SERVICE" >&2
  step "loading $SERVICE:$next into $CLUSTER" >&2
  load_images "$SERVICE:$next" >&2
  echo "$SERVICE:$next"
}

# What the drill tool must see answer, as its options: --expect-final (only VERSION at the end) or
# --expect-only (only VERSION throughout).
expectation=()
expect_version() {
  expectation=("$1" "$SERVICE=$2")
}

start_traffic() {
  rm -f "$STOP_FILE"
  mkdir -p "$(dirname "$REPORT")"
  step "traffic: $RATE requests/s through $INGRESS_URL, reads and idempotent orders"
  local namespaces=() namespace
  for namespace in "${PLATFORM_NAMESPACES[@]}"; do namespaces+=(--namespace "$namespace"); done
  e2e_tool drill --base-url "$INGRESS_URL" --rate "$RATE" --seconds "$MAX_SECONDS" \
    --stop-file "$STOP_FILE" --report "$REPORT" --events-file "$EVENTS" --kubelet-summaries "$SUMMARIES" \
    ${namespaces[@]+"${namespaces[@]}"} --title "$1" ${expectation[@]+"${expectation[@]}"} &
  drill_pid=$!
  trap stop_traffic EXIT
  sleep "$WARMUP_SECONDS"
  kill -0 "$drill_pid" 2>/dev/null || die "the drill tool stopped before the drill began (output above)"
}

# Lets the traffic run a little past the change, then stops it; returns the drill tool's verdict.
stop_traffic() {
  trap - EXIT
  [ -n "$drill_pid" ] || return 0
  # The tool reads the events once the traffic has stopped; without them the report says so.
  kube -n "$NAMESPACE" get events -o json --request-timeout=20s > "$EVENTS" \
    || echo "drill: could not read the events of $NAMESPACE: the report shows no Kubernetes events" >&2
  read_kubelet_summaries
  touch "$STOP_FILE"
  local status=0
  wait "$drill_pid" || status=$?
  drill_pid=""
  rm -f "$STOP_FILE"
  return "$status"
}

# Each node's kubelet summary into SUMMARIES, through the API server's node proxy, as DRILL_READER.
# For the report only: a node that cannot be read is said, and the drill goes on.
read_kubelet_summaries() {
  local nodes=() node
  mkdir -p "$SUMMARIES"
  read_lines nodes < <(kube --as="$DRILL_READER" get nodes -o name --request-timeout=20s | sed -n 's|^node/||p') || true
  if [ ${#nodes[@]} -eq 0 ]; then
    echo "drill: could not list the nodes as $DRILL_READER: the report shows no memory or CPU (make up grants it)" >&2
    return 0
  fi
  for node in ${nodes[@]+"${nodes[@]}"}; do
    kube --as="$DRILL_READER" get --raw "/api/v1/nodes/$node/proxy/stats/summary" --request-timeout=20s > "$SUMMARIES/$node.json" \
      || { rm -f "$SUMMARIES/$node.json"; echo "drill: could not read the kubelet summary of node $node as $DRILL_READER" >&2; }
  done
}

settle() {
  step "traffic continues for ${WARMUP_SECONDS}s after the change"
  sleep "$WARMUP_SECONDS"
}

rollout_status() {
  kube -n "$NAMESPACE" rollout status "deployment/$SERVICE" --timeout="$1s"
}

# A strategic merge patch of the pod template: the image and the version label move together.
patch_template() {
  local image=$1 version=$2 env=$3
  kube -n "$NAMESPACE" patch "deployment/$SERVICE" --type=strategic --patch \
    "{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"version\":\"$version\"}},\"spec\":{\"containers\":[{\"name\":\"$SERVICE\",\"image\":\"$image\"$env}]}}}}"
}

# A finished rollout status alone does not say which image runs: the template must name IMAGE and
# every replica must be updated and available.
expect_running() {
  local image=$1 current replicas updated available
  IFS='|' read -r current replicas updated available < <(kube -n "$NAMESPACE" get "deployment/$SERVICE" \
    -o jsonpath='{.spec.template.spec.containers[0].image}{"|"}{.spec.replicas}{"|"}{.status.updatedReplicas}{"|"}{.status.availableReplicas}{"\n"}') || true
  if [ "$current" != "$image" ] || [ -z "$replicas" ] || [ "$updated" != "$replicas" ] || [ "$available" != "$replicas" ]; then
    die "deployment/$SERVICE should run $image on every replica; it has ${current:-no image}, ${updated:-0} of ${replicas:-?} updated, ${available:-0} available"
  fi
  step "deployment/$SERVICE runs $image: $available of $replicas replicas updated and available"
}

# The Deployment controller's own word that the rollout stalled: Progressing turns
# ProgressDeadlineExceeded once the new pods made no progress for progressDeadlineSeconds. A
# non-zero rollout status would say the same for an unreachable API or a wrong context.
wait_for_stall() {
  local deadline reason=""
  deadline=$(kube -n "$NAMESPACE" get "deployment/$SERVICE" -o jsonpath='{.spec.progressDeadlineSeconds}') \
    || die "cannot read deployment/$SERVICE from the $CLUSTER cluster (output above)"
  step "waiting up to $((deadline + 60))s for deployment/$SERVICE to report ProgressDeadlineExceeded"
  # As many reads as fit in the deadline and a minute more (POLL_SECONDS=0: one a second's worth).
  for _ in $(seq 1 $(((deadline + 60) / (POLL_SECONDS > 0 ? POLL_SECONDS : 1) + 1))); do
    reason=$(kube -n "$NAMESPACE" get "deployment/$SERVICE" -o jsonpath='{.status.conditions[?(@.type=="Progressing")].reason}') \
      || die "cannot read deployment/$SERVICE's Progressing condition from the $CLUSTER cluster (output above)"
    case "$reason" in
      ProgressDeadlineExceeded) return 0 ;;
      NewReplicaSetAvailable) die "the bad rollout finished: readiness was not held DOWN" ;;
    esac
    sleep "$POLL_SECONDS"
  done
  die "deployment/$SERVICE did not report ProgressDeadlineExceeded within $((deadline + 60))s (Progressing: ${reason:-none})"
}

# The held N+1 never became available: its ReplicaSet has no available replica.
expect_never_available() {
  local image=$1 available
  available=$(kube -n "$NAMESPACE" get replicasets -l "app.kubernetes.io/name=$SERVICE" \
    -o jsonpath='{range .items[*]}{.spec.template.spec.containers[0].image}{"|"}{.status.availableReplicas}{"\n"}{end}' \
    | awk -F'|' -v image="$image" '$1 == image { found = 1; n += $2 } END { print found ? n : "none" }')
  [ "$available" = 0 ] || die "the held $image should have a ReplicaSet with no available replica; available: $available"
}

# N+1, built and in the cluster: NEXT_VERSION (DRILL_VERSION, else the running version's patch + 1)
# and NEXT_IMAGE; the running template's are read first (read_template).
prepare_next() {
  read_template
  NEXT_VERSION=${DRILL_VERSION:-$(next_version "$RUNNING_VERSION")}
  NEXT_IMAGE=$(build_next "$NEXT_VERSION")
}

drill_rollout() {
  prepare_next
  expect_version --expect-final "$NEXT_VERSION"
  start_traffic "make drill: $SERVICE rolled to $NEXT_VERSION"
  step "rolling deployment/$SERVICE to $NEXT_IMAGE"
  patch_template "$NEXT_IMAGE" "$NEXT_VERSION" ""
  rollout_status "$WAIT_SECONDS" || { explain_failure; die "the rollout to $NEXT_VERSION did not finish within ${WAIT_SECONDS}s"; }
  expect_running "$NEXT_IMAGE"
  settle
  stop_traffic
}

drill_bad() {
  prepare_next
  expect_version --expect-only "$RUNNING_VERSION"
  start_traffic "make drill-bad: $SERVICE $NEXT_VERSION with readiness held DOWN, then rollout undo"
  step "rolling deployment/$SERVICE to $NEXT_IMAGE with APP_READINESS_HOLD=true"
  patch_template "$NEXT_IMAGE" "$NEXT_VERSION" ',"env":[{"name":"APP_READINESS_HOLD","value":"true"}]'
  wait_for_stall
  expect_never_available "$NEXT_IMAGE"
  step "stalled as expected: the new pod never turned ready, the old ones keep serving"
  kube -n "$NAMESPACE" get pods -l "app.kubernetes.io/name=$SERVICE" -L version -o wide
  step "kubectl rollout undo deployment/$SERVICE"
  kube -n "$NAMESPACE" rollout undo "deployment/$SERVICE"
  rollout_status "$WAIT_SECONDS" || { explain_failure; die "the undo did not finish within ${WAIT_SECONDS}s"; }
  expect_running "$RUNNING_IMAGE"
  settle
  stop_traffic
}

# The newest revision before the current one that is not a held (bad) build, and its version label.
previous_good_revision() {
  local current
  current=$(kube -n "$NAMESPACE" get "deployment/$SERVICE" -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}')
  kube -n "$NAMESPACE" get replicasets -l "app.kubernetes.io/name=$SERVICE" -o jsonpath='{range .items[*]}{.metadata.annotations.deployment\.kubernetes\.io/revision}{" "}{.spec.template.metadata.labels.version}{" "}{.spec.template.spec.containers[0].env[?(@.name=="APP_READINESS_HOLD")].value}{"\n"}{end}' \
    | awk -v current="$current" '$1 != current && $3 != "true" { print $1, $2 }' | sort -n | tail -n 1
}

drill_rollback() {
  local revision version
  read -r revision version < <(previous_good_revision) || true
  [ -n "$revision" ] || die "deployment/$SERVICE has no earlier good revision to go back to: run make drill first"
  expect_version --expect-final "$version"
  start_traffic "make drill-rollback: $SERVICE back to revision $revision"
  step "kubectl rollout undo deployment/$SERVICE --to-revision=$revision"
  kube -n "$NAMESPACE" rollout undo "deployment/$SERVICE" --to-revision="$revision"
  rollout_status "$WAIT_SECONDS" || { explain_failure; die "the rollback did not finish within ${WAIT_SECONDS}s"; }
  settle
  stop_traffic
}

drain_node() { # node [kubectl drain flags]
  kube drain "$@" --ignore-daemonsets --delete-emptydir-data --timeout="${WAIT_SECONDS}s" \
    || { kube uncordon "$1"; explain_failure; die "draining $1 did not finish within ${WAIT_SECONDS}s"; }
}

drill_drain() {
  local database node="" workers=()
  read -r -a workers <<<"$(kube get nodes -l '!node-role.kubernetes.io/control-plane' -o jsonpath='{.items[*].metadata.name}')"
  [ ${#workers[@]} -ge 2 ] || die "drill-drain needs two nodes that take pods ($CLUSTER has ${#workers[@]}): draining the only one stops the platform (make cluster makes two; kind's config has two workers)"
  # PostgreSQL has one replica on a node-local volume: draining its node is downtime by design.
  database=$(kube -n "$NAMESPACE" get pods -l app.kubernetes.io/name=postgres -o jsonpath='{.items[0].spec.nodeName}')
  for worker in ${workers[@]+"${workers[@]}"}; do
    [ "$worker" = "$database" ] || { node=$worker; break; }
  done
  [ -n "$node" ] || die "no worker without the database to drain"
  read_template
  expect_version --expect-only "$RUNNING_VERSION"
  start_traffic "make drill-drain: $node cordoned and drained"
  step "kubectl cordon $node, then kubectl drain $node one service at a time, then the rest"
  kube cordon "$node"
  # One service's pods at a time (--pod-selector), each replacement ready before the next: a whole
  # node drained at once starts every service's JVMs together, and on two cores that starved the
  # serving pods (30 s at 0-3 % idle; 8 of 1175 requests failed on sub-second timeouts). The
  # PodDisruptionBudgets still let one pod per service go at a time.
  for deployment in "${HTTP_SERVICES[@]}"; do
    drain_node "$node" --pod-selector "app.kubernetes.io/name=$deployment"
    kube -n "$NAMESPACE" rollout status "deployment/$deployment" --timeout="${WAIT_SECONDS}s"
  done
  drain_node "$node"
  kube -n "$NAMESPACE" get pods -o wide
  step "kubectl uncordon $node"
  kube uncordon "$node"
  settle
  stop_traffic
}

"drill_$MODE"
