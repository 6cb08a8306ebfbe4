#!/usr/bin/env bash
# make doctor: can the platform run here? One row per check with the fix next to each failure;
# exits 1 when a required check fails. CLUSTER=kind (default), k3s or current (the current kubectl
# context, as it is).
#   --preflight  only what must hold before make up creates anything (make up runs this)
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT=doctor
# shellcheck source=scripts/cluster/cluster-lib.sh
source "$ROOT/scripts/cluster/cluster-lib.sh"
PREFLIGHT=false
[ "${1:-}" != --preflight ] || PREFLIGHT=true

failed=0
rows=()
engine_running=false
# row RESULT CHECK DETAIL [FIX]: FAIL counts against the exit code, WARN does not.
row() {
  rows+=("$(printf '%-6s %-22s %s' "$1" "$2" "$3")")
  [ -z "${4:-}" ] || rows+=("$(printf '%-6s %-22s fix: %s' '' '' "$4")")
  [ "$1" != FAIL ] || failed=1
}

# Docker itself: kind load docker-image and cloud-provider-kind use the docker CLI and its socket.
check_engine() {
  if [ "$ENGINE" = podman ]; then
    row FAIL docker "only podman is installed: kind load docker-image and cloud-provider-kind need Docker" "$INSTALL_DOCKER; podman works for make images"
  elif [ -z "$ENGINE" ]; then
    row FAIL docker "not installed" "$INSTALL_DOCKER"
  elif docker info >/dev/null 2>&1; then
    row PASS docker "running"
    engine_running=true
  else
    row FAIL docker "installed but not running" "start it (Linux: systemctl start docker, or dockerd > /tmp/dockerd.log 2>&1 &; macOS: open Docker Desktop, or colima start)"
  fi
}

check_tool() {
  local name=$1 fix=$2
  if command -v "$name" >/dev/null 2>&1; then
    row PASS "$name" "$(command -v "$name")"
  else
    row FAIL "$name" "not on PATH nor in ${TOOLS_BIN#"$ROOT"/}/" "$fix"
  fi
}

# Which way the build, the smoke suite and the drills will run: on the host's JDK, or in a container.
check_java() {
  if java_on_host; then
    row PASS java "$(command -v java), JDK 17+: builds, smoke suite and drills run on the host"
  elif [ "$ENGINE" = docker ]; then
    row PASS java "no JDK 17+ on the host: builds, smoke suite and drills run in a $BUILDER_IMAGE container"
  else
    row FAIL java "no JDK 17+ on the host, and no Docker to build in a container" "$INSTALL_DOCKER, or a JDK 17"
  fi
}

# The engine's memory and CPUs against k8s/kind/engine-minimum.env, with the setting that raises
# them on that engine. A VM given N MiB reports a little less (its kernel keeps some): 90% passes.
check_engine_resources() {
  local minimum=$ROOT/k8s/kind/engine-minimum.env memory="" cpus="" os="" min_mib min_cpus fix
  min_mib=$(sed -n 's/^ENGINE_MEMORY_MIB=//p' "$minimum")
  min_cpus=$(sed -n 's/^ENGINE_CPUS=//p' "$minimum")
  read -r memory cpus os < <(docker info --format '{{.MemTotal}} {{.NCPU}} {{.OperatingSystem}}' 2>/dev/null) || true
  if ! [[ "$memory" =~ ^[0-9]+$ && "$cpus" =~ ^[0-9]+$ ]]; then
    row WARN "engine resources" "docker info did not say the engine's memory and CPUs"
    return
  fi
  memory=$((memory / 1024 / 1024))
  case "$os" in
    "Docker Desktop") fix="Docker Desktop: Settings > Resources > Advanced: Memory limit $min_mib MiB, CPU limit $min_cpus or more" ;;
    *OrbStack*) fix="OrbStack: orb config set memory_mib $min_mib; orb config set cpu $min_cpus; restart OrbStack" ;;
    *)
      if [ "$(uname -s)" = Linux ]; then
        fix="the engine has this machine's memory and CPUs: free some, or use a larger machine"
      else
        fix="colima: colima stop; colima start --cpu $min_cpus --memory $(((min_mib + 1023) / 1024)); Rancher Desktop: Preferences > Virtual Machine > Hardware"
      fi ;;
  esac
  if [ "$memory" -ge $((min_mib * 9 / 10)) ] && [ "$cpus" -ge "$min_cpus" ]; then
    row PASS "engine resources" "$memory MiB, $cpus CPUs (kind needs $min_mib MiB, $min_cpus CPUs)"
  else
    row FAIL "engine resources" "$memory MiB, $cpus CPUs: the platform on kind needs $min_mib MiB and $min_cpus CPUs" "$fix"
  fi
}

# Host ports kind publishes: free, or already held by this platform's own cluster.
check_ports() {
  local port ours=""
  [ "$ENGINE" != docker ] || ours=$(docker ps --quiet --filter "name=^$KIND_CLUSTER_NAME-control-plane\$" 2>/dev/null)
  for port in 80 443 "$NODEPORT"; do
    if port_free "$port"; then
      row PASS "host port $port" "free on 127.0.0.1"
    elif [ -n "$ours" ]; then
      row PASS "host port $port" "published by the $KIND_CLUSTER_NAME cluster"
    else
      row FAIL "host port $port" "in use by another program" "stop it (lsof -nP -iTCP:$port -sTCP:LISTEN shows which; on Linux also ss -ltnp 'sport = :$port')"
    fi
  done
}

check_kubeconfig() {
  if [ ! -e "$K3S_KUBECONFIG" ]; then
    row FAIL "k3s kubeconfig" "$K3S_KUBECONFIG does not exist" "start k3s (systemctl start k3s) or set K3S_KUBECONFIG"
  elif [ ! -r "$K3S_KUBECONFIG" ]; then
    row FAIL "k3s kubeconfig" "$K3S_KUBECONFIG is not readable by $(id -un)" "a private copy: sudo install -m 600 -o $(id -un) $K3S_KUBECONFIG ~/.kube/k3s.yaml, then K3S_KUBECONFIG=~/.kube/k3s.yaml (never chmod 644: every local user would be cluster-admin)"
  else
    row PASS "k3s kubeconfig" "$K3S_KUBECONFIG"
  fi
}

check_cluster() {
  local minors client server skew
  if ! kube get --raw /readyz >/dev/null 2>&1; then
    case "$CLUSTER" in
      kind) row FAIL "cluster reachable" "kind-$KIND_CLUSTER_NAME does not answer" "make up (creates it)" ;;
      k3s) row FAIL "cluster reachable" "k3s does not answer through $K3S_KUBECONFIG" "systemctl start k3s; journalctl -u k3s shows why it stopped" ;;
      *) row FAIL "cluster reachable" "context $CURRENT_CONTEXT does not answer" "kubectl config use-context <a reachable cluster>" ;;
    esac
    return
  fi
  row PASS "cluster reachable" "$CLUSTER API server ready"
  read_lines minors < <(kube version -o json 2>/dev/null | version_minors)
  client=${minors[0]:-}
  server=${minors[1]:-}
  if [ -z "$client" ] || [ -z "$server" ]; then
    row WARN "kubectl version skew" "could not read both versions from kubectl version"
  else
    skew=$((client > server ? client - server : server - client))
    if [ "$skew" -le 1 ]; then
      row PASS "kubectl version skew" "client 1.$client, server 1.$server"
    else
      row FAIL "kubectl version skew" "client 1.$client, server 1.$server: more than one minor apart" "make up (fetches kubectl $KUBECTL_VERSION into bin/, which the scripts use first)"
    fi
  fi
  # make up installs nothing into a cluster it did not make: what PostgreSQL's claim and the Ingress
  # need there must be there before the build, not found missing after it.
  if [ "$CLUSTER" = current ]; then
    check_storage_class
    check_ingress_classes
  fi
  # make up waits for k3s' own Traefik and ServiceLB itself: a freshly started k3s has neither yet,
  # and checks that its images reach every node on its own.
  [ "$PREFLIGHT" = false ] || return 0
  check_nodes
  [ -z "$REGISTRY" ] || [ "$CLUSTER" != k3s ] || check_registries_yaml
  if [ "$CLUSTER" = current ]; then
    check_load_balancers
  else
    check_traefik
    check_lb_provider
  fi
}

# The nodes with their architectures, and whether the images make up builds here reach them all.
check_nodes() {
  local list="" name arch problem
  while read -r name arch; do
    [ -z "$name" ] || list="$list, $name ($arch)"
  done < <(nodes_with_architecture 2>/dev/null)
  row PASS nodes "${list#, }"
  problem=$(images_unreachable)
  [ -z "$problem" ] || row WARN "images reach nodes" "$problem"
}

# k3s pulls over HTTPS unless /etc/rancher/k3s/registries.yaml names a plain-HTTP endpoint for the
# registry, on every node (docs/beyond-one-machine.md).
check_registries_yaml() {
  local file=/etc/rancher/k3s/registries.yaml host=${REGISTRY%%/*}
  if [ -r "$file" ] && grep -q "\"$host\"" "$file"; then
    row PASS "k3s registries.yaml" "$file names $host"
  else
    row WARN "k3s registries.yaml" "$file has no entry for $host: a plain-HTTP registry cannot be pulled from" \
      "on every node: mirrors: {\"$host\": {endpoint: [\"http://$host\"]}} in $file, then systemctl restart k3s (k3s-agent on agents)"
  fi
}

# PostgreSQL's volume claim names no StorageClass: the cluster's default provisions it.
check_storage_class() {
  local default
  default=$(kube get storageclass -o \
    jsonpath='{range .items[?(@.metadata.annotations.storageclass\.kubernetes\.io/is-default-class=="true")]}{.metadata.name}{" "}{end}' 2>/dev/null)
  if [ -n "$default" ]; then
    row PASS "default StorageClass" "$default"
  else
    row FAIL "default StorageClass" "none: PostgreSQL's PersistentVolumeClaim would stay Pending" \
      "mark one default: kubectl patch storageclass <name> -p '{\"metadata\":{\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}}}'"
  fi
}

check_ingress_classes() {
  local all default
  all=$(kube get ingressclass -o jsonpath='{range .items[*]}{.metadata.name}{" "}{end}' 2>/dev/null)
  default=$(default_ingress_classes 2>/dev/null | tr '\n' ' ')
  if [ -z "$all" ]; then
    row FAIL IngressClasses "none: nothing would serve the platform's Ingress" "install an ingress controller (Traefik, ingress-nginx) into the cluster"
  elif [ -n "${INGRESS_CLASS:-}" ]; then
    row PASS IngressClasses "${all% } (INGRESS_CLASS=$INGRESS_CLASS)"
  elif [ -n "$default" ]; then
    row PASS IngressClasses "${all% } (default: ${default% })"
  else
    row FAIL IngressClasses "${all% }, none of them the default" "name one: INGRESS_CLASS=<name> make up"
  fi
}

# Whether the cluster gives LoadBalancer Services an address, judged by the ones it has.
check_load_balancers() {
  local with=0 without=0 name address
  while read -r name address; do
    [ -n "$name" ] || continue
    if [ -n "$address" ]; then with=$((with + 1)); else without=$((without + 1)); fi
  done < <(kube get services --all-namespaces -o \
    jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.name}{" "}{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}{"\n"}{end}' 2>/dev/null)
  if [ "$with" -gt 0 ]; then
    row PASS "LoadBalancer addresses" "$with of $((with + without)) LoadBalancer Services have an address"
  elif [ "$without" -gt 0 ]; then
    row WARN "LoadBalancer addresses" "none of $without LoadBalancer Services has an address: gateway-lb will stay pending" \
      "a LoadBalancer provider (a cloud's, MetalLB, kube-vip); the Ingress and the NodePort work without one"
  else
    row WARN "LoadBalancer addresses" "no LoadBalancer Service yet to tell from"
  fi
}

check_traefik() {
  local namespace=traefik available
  [ "$CLUSTER" = kind ] || namespace=kube-system
  available=$(kube -n "$namespace" get deployment traefik -o jsonpath='{.status.availableReplicas}' 2>/dev/null)
  if [ "${available:-0}" -ge 1 ]; then
    row PASS "Traefik ready" "$available available in $namespace"
  elif [ "$CLUSTER" = kind ]; then
    row FAIL "Traefik ready" "no available Traefik pod in $namespace" "make up (installs chart $TRAEFIK_CHART_VERSION)"
  else
    row FAIL "Traefik ready" "no available Traefik pod in $namespace" "k3s ships Traefik unless installed with --disable traefik: reinstall without it"
  fi
}

check_lb_provider() {
  if [ "$CLUSTER" = kind ]; then
    if [ -n "$(docker ps --quiet --filter "name=^$LB_PROVIDER_CONTAINER\$" 2>/dev/null)" ]; then
      row PASS "LoadBalancer provider" "cloud-provider-kind container $LB_PROVIDER_CONTAINER running"
    else
      row FAIL "LoadBalancer provider" "cloud-provider-kind is not running" "make up (starts $CLOUD_PROVIDER_KIND_IMAGE)"
    fi
  elif kube -n kube-system get daemonsets -o name 2>/dev/null | grep -q '/svclb-'; then
    row PASS "LoadBalancer provider" "k3s ServiceLB"
  else
    row FAIL "LoadBalancer provider" "no ServiceLB daemonset in kube-system" "k3s ships ServiceLB unless installed with --disable servicelb: reinstall without it"
  fi
}

check_engine
check_java
if [ "$CLUSTER" = kind ]; then
  check_tool kind "make up fetches kind $KIND_VERSION into bin/ (or see kind.sigs.k8s.io/docs/user/quick-start)"
  check_tool kubectl "make up fetches kubectl $KUBECTL_VERSION into bin/ (or apt-get install kubectl)"
  check_tool helm "make up fetches helm $HELM_VERSION into bin/ (or see helm.sh/docs/intro/install)"
  [ "$engine_running" = false ] || check_engine_resources
  check_ports
  if [ "$PREFLIGHT" = false ]; then
    if kind_cluster_exists; then
      check_cluster
    else
      row FAIL "cluster reachable" "no kind cluster named $KIND_CLUSTER_NAME" "make up (creates it)"
    fi
  fi
elif [ "$CLUSTER" = k3s ]; then
  check_tool k3s "curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=$K3S_VERSION sh -"
  check_tool kubectl "make up fetches kubectl $KUBECTL_VERSION into bin/ (or use the one k3s installs)"
  check_kubeconfig
  command -v kubectl >/dev/null 2>&1 && check_cluster
else
  check_tool kubectl "make up fetches kubectl $KUBECTL_VERSION into bin/ (or apt-get install kubectl)"
  command -v kubectl >/dev/null 2>&1 && check_cluster
fi

echo "doctor: CLUSTER=$CLUSTER$([ "$PREFLIGHT" = false ] || echo ', preflight of make up')"
printf '%-6s %-22s %s\n' RESULT CHECK DETAIL
printf '%s\n' ${rows[@]+"${rows[@]}"}
if [ "$failed" -ne 0 ]; then
  echo "doctor: a required check failed; apply the fix shown next to it" >&2
  exit 1
fi
