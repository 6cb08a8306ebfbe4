#!/usr/bin/env bash
# make down: removes what make up created. kind: the cluster and its cloud-provider-kind container.
# k3s: only the platform's namespaces; k3s itself, its Traefik and ServiceLB stay.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT=down
# shellcheck source=scripts/cluster/lib.sh
source "$ROOT/scripts/cluster/lib.sh"

if [ "$CLUSTER" = kind ]; then
  command -v kind >/dev/null 2>&1 || die "kind is not installed, so there is no kind cluster to remove"
  if kind_cluster_exists; then
    step "deleting kind cluster $KIND_CLUSTER_NAME"
    kind delete cluster --name "$KIND_CLUSTER_NAME"
  else
    step "no kind cluster $KIND_CLUSTER_NAME: nothing to delete"
  fi
  if [ -n "$ENGINE" ] && [ -n "$("$ENGINE" ps --all --quiet --filter "name=^$LB_PROVIDER_CONTAINER\$")" ]; then
    step "removing container $LB_PROVIDER_CONTAINER"
    "$ENGINE" rm --force "$LB_PROVIDER_CONTAINER" >/dev/null
  fi
else
  command -v kubectl >/dev/null 2>&1 || die "kubectl is missing: run make up once (fetches it into bin/) or install it"
  step "deleting namespaces ${PLATFORM_NAMESPACES[*]} from k3s (waits for their pods to stop)"
  kube delete namespace "${PLATFORM_NAMESPACES[@]}" --ignore-not-found --wait=true --timeout=300s
fi
echo "down: done"
