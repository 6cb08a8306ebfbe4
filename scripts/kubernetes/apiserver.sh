#!/usr/bin/env bash
# A real Kubernetes control plane on 127.0.0.1, without nodes: etcd, kube-apiserver (RBAC,
# service-account tokens, the default admission chain with Pod Security) and
# kube-controller-manager (ServiceAccounts, ReplicaSets, Pods, garbage collection, namespace
# deletion), built from tools/kubernetes by build.sh, with the Gateway API CRDs installed.
#   apiserver.sh start      starts one in APISERVER_DIR (target/apiserver) unless it runs already;
#                           its cluster-admin kubeconfig is APISERVER_DIR/kubeconfig (make apiserver)
#   apiserver.sh stop       stops the one start started (make apiserver-stop)
#   apiserver.sh with CMD   runs CMD against a new, empty one in target/apiserver-test, with KUBECONFIG
#                           set and the built kubectl first on PATH, and stops it afterwards (make test)
# Every port is a free one picked at start, so a k3s (6443) or kind cluster on this machine is no obstacle.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/kubernetes/kubernetes-lib.sh
. "$ROOT/scripts/kubernetes/kubernetes-lib.sh"
LOG_PREFIX=apiserver
CLUSTER_NAME=platform-apiserver
# shellcheck source=scripts/kubernetes/control-plane-lib.sh
. "$ROOT/scripts/kubernetes/control-plane-lib.sh"

# The order they start in; they stop in the reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager)
# Service ClusterIPs are only allocated here, never routed: no node runs kube-proxy.
SERVICE_RANGE=10.96.0.0/16
SERVICE_IP=10.96.0.1

die() { echo "apiserver: $*" >&2; exit 1; }
start() {
  local started
  BIN=$("$ROOT/scripts/kubernetes/build.sh")
  if running kube-apiserver; then
    echo "apiserver: running already; KUBECONFIG=${DIR#"$ROOT"/}/kubeconfig"
    return
  fi
  command -v openssl >/dev/null || die "openssl is missing: apt-get install openssl"
  command -v curl >/dev/null || die "curl is missing: apt-get install curl"
  started=$(date +%s)
  stop >/dev/null
  rm -rf "$DIR"
  mkdir -p "$DIR/pki" "$DIR/logs"
  # The keys and the cluster-admin kubeconfig are for this user alone.
  chmod 700 "$DIR"
  PORT=$(free_port)
  SERVER=https://127.0.0.1:$PORT
  make_pki 127.0.0.1
  # A loopback advertise address stops the endpoint reconciler ("cannot use public IP 127.0.0.1"),
  # so the kubernetes Service gets no endpoints: nothing here dials it.
  APISERVER_FLAGS=(--endpoint-reconciler-type none)
  CONTROLLER_MANAGER_FLAGS=()
  start_control_plane 127.0.0.1
  # The kind and k3s overlays hold a Gateway and an HTTPRoute: the server checks them against these.
  "$ROOT/scripts/cluster/gateway-api-crds.sh" install "$BIN/kubectl" --kubeconfig "$DIR/kubeconfig"
  echo "apiserver: $KUBERNETES_VERSION on https://127.0.0.1:$PORT, up in $(( $(date +%s) - started )) s;" \
    "KUBECONFIG=${DIR#"$ROOT"/}/kubeconfig (logs in ${DIR#"$ROOT"/}/logs)" >&2
}

stop() {
  stop_components
  echo "apiserver: stopped (${DIR#"$ROOT"/})"
}

case "${1:-}" in
  start) DIR=${APISERVER_DIR:-$ROOT/target/apiserver}; start ;;
  stop) DIR=${APISERVER_DIR:-$ROOT/target/apiserver}; stop ;;
  with)
    shift
    [ $# -gt 0 ] || die "usage: $0 with command [args...]"
    DIR=$ROOT/target/apiserver-test
    trap 'stop >/dev/null 2>&1 || true' EXIT
    # A new, empty one every time, even where an interrupted run left one behind.
    stop >/dev/null
    start
    KUBECONFIG=$DIR/kubeconfig PATH="$BIN:$PATH" "$@"
    ;;
  *) die "usage: $0 start | stop | with command [args...]" ;;
esac
