#!/usr/bin/env bash
# make e2e: the platform end to end on a real Kubernetes made on this machine (make cluster), the
# way a user runs it on any cluster: make up CLUSTER=current of the last release, then of this tree
# over it (images pushed to make cluster's registry, smoke suite through Traefik), make drill,
# drill-bad, drill-rollback and drill-drain under traffic, every graded exercise (make exercise,
# check, exercise-reset), the report CronJob run by hand, the live page's Workloads part in
# Chromium, a control drill that must fail (orders without preStop and shutdown delay), then make
# down and make cluster-down. Offline: the images are built on images/base-images.sh's bases,
# PostgreSQL's copied into the registry in the pinned image's place (POSTGRES_IMAGE). Reports:
# target/drill/ (drills), target/e2e/.
# Needs root (make cluster). KEEP_CLUSTER=1 leaves the cluster up at the end, for a look around.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CLUSTER=current REGISTRY=127.0.0.1:5000
# The Ingress's name here, and the address it stands for: no DNS knows it, so the e2e tool and curl
# are told (cluster-lib e2e_tool, curl --resolve). A .test name never resolves elsewhere (RFC 6761).
export PLATFORM_HOST=platform.e2e.test
INGRESS_ADDRESS=$("$ROOT/scripts/kubernetes/cluster.sh" ingress-address)
export INGRESS_ADDRESS

OFFLINE_POSTGRES=$(sed -n 's/^PG_IMAGE=//p' "$ROOT/images/base-images.sh")
OUT=$ROOT/target/e2e
export CLUSTER_DIR=${CLUSTER_DIR:-$ROOT/target/cluster}
rm -rf "$OUT"
mkdir -p "$OUT"
SCRIPT=e2e
started=$(date +%s)

"$ROOT/scripts/kubernetes/cluster.sh" up
# The components' logs outlive the cluster, for a failed run's reader.
[ "${KEEP_CLUSTER:-}" = 1 ] \
  || trap 'cp -r "$CLUSTER_DIR/logs" "$OUT/cluster-logs" 2>/dev/null; "$ROOT/scripts/kubernetes/cluster.sh" down' EXIT
# The built kubectl, of the cluster's own release.
PATH="$("$ROOT/scripts/kubernetes/build.sh"):$PATH"
# shellcheck source=scripts/cluster/cluster-lib.sh
source "$ROOT/scripts/cluster/cluster-lib.sh"

# PostgreSQL's image is the offline one here (no Docker Hub): make up copies it into the registry in
# the pinned image's place; a last release from before the pin finds it under the pinned tag.
export POSTGRES_IMAGE=$OFFLINE_POSTGRES
for image in $(third_party_images); do
  step "${image%@*} is $OFFLINE_POSTGRES here (no Docker Hub)"
  docker tag "$OFFLINE_POSTGRES" "${image%@*}"
done
# Runs a step and writes down how long it took; its exit status is the step's.
timed() { # what command...
  local at=$SECONDS what=$1 status=0
  shift
  "$@" || status=$?
  echo "$what: $((SECONDS - at)) s" >> "$OUT/times.txt"
  return "$status"
}
ingress_curl() { curl -fsS --max-time 10 --resolve "$PLATFORM_HOST:80:$INGRESS_ADDRESS" "$@"; }
# What make e2e does for this tree (make build, then up.sh), in another checkout.
up_in() { (cd "$1" && scripts/build.sh && scripts/cluster/up.sh); }

# make up over an install, for real: the last release's own make up (its scripts, images and
# manifests, from a worktree) and an order placed through it; then this tree's make up over it must
# be accepted, roll out, and still answer for that order.
last=$("$ROOT/scripts/last-release.sh")
read -r last_release last_why <<<"$last" || true
order_id=""
if [ -n "${last_release:-}" ]; then
  step "make up of the last release, $last_release ($last_why), from a worktree"
  worktree=$OUT/last-release
  git -C "$ROOT" worktree prune
  git -C "$ROOT" worktree add --detach "$worktree" "$last_release" >/dev/null
  timed "make up, last release $last_release" up_in "$worktree"
  git -C "$ROOT" worktree remove --force "$worktree"
  find_ingress_url
  sku=$(ingress_curl "$INGRESS_URL/api/catalog/products?size=1" | grep -o '"sku":"[^"]*"' | head -n 1 | cut -d'"' -f4)
  order=$(ingress_curl -X POST -H 'Content-Type: application/json' -H "Idempotency-Key: e2e-upgrade-$last_release" \
    -d "{\"sku\":\"$sku\",\"quantity\":1}" "$INGRESS_URL/api/orders")
  order_id=$(grep -o '"id":[0-9]*' <<<"$order" | head -n 1 | cut -d: -f2)
  [ -n "$order_id" ] || die "no order placed through the last release: $order"
  step "order $order_id placed through the last release"
else
  step "no earlier revision in this checkout (a clone of one commit): make up installs afresh, no upgrade is tried"
fi
timed "make up" "$ROOT/scripts/cluster/up.sh"
find_ingress_url
if [ -n "$order_id" ]; then
  kept=$(ingress_curl "$INGRESS_URL/api/orders/$order_id") || die "order $order_id, placed before make up, is gone after it"
  grep -q "\"sku\":\"$sku\"" <<<"$kept" || die "order $order_id changed across make up: $kept"
  step "make up over the last release's install: accepted, rolled out, order $order_id kept"
fi
for drill in rollout bad rollback drain; do
  timed "drill $drill" "$ROOT/scripts/cluster/drill.sh" "$drill"
done

# Each graded exercise on the real cluster: its break fails its check, its scripted fix passes it;
# then all break at once, make exercise-reset undoes them, and the smoke suite passes.
timed "exercises" "$ROOT/scripts/cluster/exercise.sh" verify

step "the report CronJob, run by hand: kubectl create job --from=cronjob/report"
job=report-by-hand-$(date +%s)
kube -n "$NAMESPACE" create job "$job" --from=cronjob/report
kube -n "$NAMESPACE" wait --for=condition=complete "job/$job" --timeout=180s \
  || { explain_failure; die "job/$job did not complete within 180 s"; }
report=$(ingress_curl "$INGRESS_URL/api/overview")
grep -q '"report":{"status":"up"' <<<"$report" || die "/api/overview shows no report after job/$job: $report"
step "job/$job complete; /api/overview: $report"

# The page during a rolling update (catalog restarted: old and new ReplicaSet both serving), the
# picture docs/images/live-page-rolling-update.png is taken from.
step "the live page's Workloads part during a rolling update of catalog, in headless Chromium through the Ingress"
read -r -a deployments <<<"$(kube -n "$NAMESPACE" get deployments -o jsonpath='{.items[*].metadata.name}')"
kube -n "$NAMESPACE" rollout restart deployment/catalog
e2e_tool workloads-page --base-url "$INGRESS_URL" --screenshot "$OUT/live-page-rolling-update.png" \
  --deployment "$(IFS=,; echo "${deployments[*]}")" --rolling catalog
kube -n "$NAMESPACE" rollout status deployment/catalog --timeout=300s

# The control run: what preStop and the shutdown delay are there for, taken away, must fail the drill.
step "control: deployment/orders without its preStop sleep and with SHUTDOWN_DELAY=0s; make drill must fail"
kube -n "$NAMESPACE" patch deployment orders --type=json -p '[{"op": "remove", "path": "/spec/template/spec/containers/0/lifecycle"},
  {"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": {"name": "SHUTDOWN_DELAY", "value": "0s"}}]'
kube -n "$NAMESPACE" rollout status deployment/orders --timeout=300s
# Three times the usual traffic: a terminating pod gets requests only for the moment before its
# endpoints change, so at 20 requests/s the control lost 0 to 3 of about 1000 (0 once, in CI), and a
# control that may pass proves nothing.
if RATE=60 timed "drill rollout, control" "$ROOT/scripts/cluster/drill.sh" rollout; then
  die "the control drill passed: without preStop and the shutdown delay no request failed, so the drill cannot tell they matter"
fi
step "the control drill failed, as it must"

# Every drill saves each node's kubelet summary beside its report, read as drill-reader through the
# API server's node proxy; the control drill's, the last (names sort by time), show what each pod
# holds on its node after all the drills (memory, CPU, and disk: logs, volumes).
drill_summaries=("$ROOT"/target/drill/rollout-orders-*-kubelets)
control_summaries=${drill_summaries[${#drill_summaries[@]}-1]}
for node in $(kube get nodes -o jsonpath='{.items[*].metadata.name}'); do
  [ -s "$control_summaries/$node.json" ] \
    || die "the control drill read no kubelet summary of node $node as drill-reader (${control_summaries#"$ROOT"/})"
done
step "the kubelets' summaries after the drills: ${control_summaries#"$ROOT"/}/<node>.json"

# The log agents' state folders, one on each node (its own /var/lib), must be gone after make down.
states=("$CLUSTER_DIR"/nodes/*/var/lib/log-agent)
[ -d "${states[0]}" ] || die "no log agent state folder on the nodes before make down: ${states[*]}"
timed "make down" "$ROOT/scripts/cluster/down.sh"
left=$(kube get namespace "${PLATFORM_NAMESPACES[@]}" --ignore-not-found -o name)
[ -z "$left" ] || die "make down left $left"
for state in "${states[@]}"; do
  [ ! -e "$state" ] || die "make down left the log agent's state folder ${state#"$CLUSTER_DIR"/}"
done
step "e2e: passed in $(( $(date +%s) - started )) s; times in ${OUT#"$ROOT"/}/times.txt, drill reports in target/drill/"
cat "$OUT/times.txt"
