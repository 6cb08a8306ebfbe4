#!/usr/bin/env bash
# make down: removes what make up created. kind: cloud-provider-kind (stopped first, so it removes
# its load balancers; any it left are removed after it), then the cluster.
# k3s and CLUSTER=current: the platform's namespaces and its cluster-wide objects (PLATFORM_SELECTOR);
# the cluster, its ingress controller and load balancers stay.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT=down
# shellcheck source=scripts/cluster/cluster-lib.sh
source "$ROOT/scripts/cluster/cluster-lib.sh"

# The log agents' state folder is a hostPath on every node that outlives their pods: once the agents
# have stopped, a pod on each node (k8s/teardown/log-agent-state-removal.yaml) removes it.
remove_log_agent_state() {
  local namespace agent=log-agent image state node pod
  namespace=$(sed -n 's/^namespace: *//p' "$ROOT/k8s/base/logging/kustomization.yaml")
  kube -n "$namespace" get daemonset "$agent" >/dev/null 2>&1 || return 0
  image=$(kube -n "$namespace" get daemonset "$agent" -o jsonpath='{.spec.template.spec.containers[0].image}')
  state=$(kube -n "$namespace" get daemonset "$agent" -o jsonpath='{.spec.template.spec.volumes[?(@.name=="state")].hostPath.path}')
  step "stopping the log agents, then removing their state folder $state from every node"
  kube -n "$namespace" delete daemonset "$agent" --cascade=foreground --wait=true --timeout=120s
  for node in $(kube get nodes -o jsonpath='{.items[*].metadata.name}'); do
    pod=log-agent-state-removal-$node
    sed -e "s|NODE_NAME|$node|g" -e "s|AGENT_IMAGE|$image|" -e "s|STATE_PARENT|${state%/*}|" -e "s|STATE_NAME|${state##*/}|" "$ROOT/k8s/teardown/log-agent-state-removal.yaml" \
      | kube -n "$namespace" apply -f - >/dev/null
    kube -n "$namespace" wait --for=jsonpath='{.status.phase}'=Succeeded "pod/$pod" --timeout=120s >/dev/null \
      || { kube -n "$namespace" describe "pod/$pod" >&2; die "$pod did not remove $state on $node"; }
  done
}

if [ "$CLUSTER" = kind ]; then
  command -v kind >/dev/null 2>&1 || die "kind is not installed, so there is no kind cluster to remove"
  if [ "$ENGINE" = docker ]; then
    # SIGTERM first: cloud-provider-kind then removes the load-balancer containers it created, which
    # it cannot do when killed. 30 s is its time to do so before docker kills it anyway.
    if [ -n "$(docker ps --all --quiet --filter "name=^$LB_PROVIDER_CONTAINER\$")" ]; then
      step "stopping $LB_PROVIDER_CONTAINER (it removes its load balancers), then removing it"
      docker stop --time 30 "$LB_PROVIDER_CONTAINER" >/dev/null
      docker rm "$LB_PROVIDER_CONTAINER" >/dev/null
    fi
    leftovers=$(docker ps --all --quiet --filter "label=$LB_CONTAINER_LABEL")
    if [ -n "$leftovers" ]; then
      containers=()
      read_lines containers <<<"$leftovers"
      step "removing ${#containers[@]} load-balancer container(s) cloud-provider-kind left behind"
      docker rm --force ${containers[@]+"${containers[@]}"} >/dev/null
    fi
  fi
  if kind_cluster_exists; then
    step "deleting kind cluster $KIND_CLUSTER_NAME"
    kind delete cluster --name "$KIND_CLUSTER_NAME"
  else
    step "no kind cluster $KIND_CLUSTER_NAME: nothing to delete"
  fi
else
  command -v kubectl >/dev/null 2>&1 || die "kubectl is missing: run make up once (fetches it into bin/) or install it"
  remove_log_agent_state
  step "deleting namespaces ${PLATFORM_NAMESPACES[*]} from $CLUSTER${CURRENT_CONTEXT:+ (context $CURRENT_CONTEXT)} (waits for their pods to stop)"
  kube delete namespace "${PLATFORM_NAMESPACES[@]}" --ignore-not-found --wait=true --timeout=300s
  step "deleting the platform's ClusterRoles and ClusterRoleBindings ($PLATFORM_SELECTOR)"
  kube delete clusterrole,clusterrolebinding -l "$PLATFORM_SELECTOR" --ignore-not-found
  if [ "$CLUSTER" = k3s ]; then
    # Traefik goes back to k3s' values. The Gateway API CRDs stay: others' Gateways may use them.
    step "deleting the platform's HelmChartConfig for k3s' Traefik ($PLATFORM_SELECTOR)"
    kube -n kube-system delete helmchartconfig -l "$PLATFORM_SELECTOR" --ignore-not-found
  fi
fi
echo "down: done"
