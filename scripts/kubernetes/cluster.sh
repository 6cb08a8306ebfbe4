#!/usr/bin/env bash
# make cluster: a real Kubernetes of host processes, the study note's own setup. A control plane
# (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) on this host, and NODES nodes
# (default 2), each in its own network and mount namespace and cgroup: containerd, kubelet and
# kube-proxy, pods on a CNI bridge (which accepts NetworkPolicies and enforces none). With it:
# CoreDNS, Traefik as the default IngressClass, a default StorageClass with a local volume on every
# node, their images (docker import of binaries built here, no registry), and a registry on port
# 5000 for the platform's images. Everything is built from tools/kubernetes, tools/node and
# tools/traefik (build.sh) and cached outside the clone.
#   cluster.sh up     starts it (idempotent: says so when it runs) and makes it kubectl's current
#                     context; then: REGISTRY=127.0.0.1:5000 PLATFORM_HOST=platform.e2e.test
#                     INGRESS_ADDRESS=10.250.0.100 make up CLUSTER=current (docs/images-and-e2e.md)
#   cluster.sh ingress-address   prints where the Ingress answers (Traefik's external IP)
#   cluster.sh audit SECONDS     the platform's writes of the last SECONDS and who made each (concept page 04)
#   cluster.sh down   stops every process, removes the namespaces, cgroups, links, iptables rules,
#                     context, registry and CLUSTER_DIR (target/cluster): the host as it was
# Needs root (namespaces, cgroups, iptables), Docker, runc, iproute2, iptables, openssl, curl, gcc.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/kubernetes/kubernetes-lib.sh
. "$ROOT/scripts/kubernetes/kubernetes-lib.sh"
LOG_PREFIX=cluster
CLUSTER_NAME=quarkus-k8s-platform
# shellcheck source=scripts/kubernetes/control-plane-lib.sh
. "$ROOT/scripts/kubernetes/control-plane-lib.sh"

DIR=${CLUSTER_DIR:-$ROOT/target/cluster}
# Every write in namespace platform, as the API server records it (cluster.sh audit reads it).
AUDIT_LOG=$DIR/logs/kube-apiserver-audit.log
NODES=${NODES:-2}
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler)
# The nodes' network: a bridge on this host, one address a node; the API server listens on the
# bridge's address, where the nodes and the pods (through the kubernetes Service) reach it.
BRIDGE=qkp0
HOST_IP=10.250.0.1
NODE_PREFIX=10.250.0
PORT=6443
SERVER=https://$HOST_IP:$PORT
POD_RANGE=10.244.0.0/16
SERVICE_RANGE=10.96.0.0/16
SERVICE_IP=10.96.0.1
DNS_IP=10.96.0.10
# The Ingress's address: the external IP of Traefik's Service, which this host routes to the first
# node; kube-proxy there sends it on to a Traefik replica on either node.
INGRESS_IP=$NODE_PREFIX.100
# Every cgroup of the cluster's processes (pods included) sits below this one, in every hierarchy.
CGROUP=quarkus-k8s-platform
# Tags the iptables rules this script adds on the host, so that down removes exactly those.
RULE_COMMENT=quarkus-k8s-platform-cluster
# The registry make registry starts, as the nodes' containerd reaches it through the bridge.
REGISTRY_PORT=5000

die() { echo "cluster: $*" >&2; exit 1; }
step() { printf '==> %s %s\n' "$(date +%H:%M:%S)" "$*"; }

node_name() { echo "node-$1"; }
node_ip() { echo "$NODE_PREFIX.$((10 + $1))"; }
netns_of() { echo "qkp-$(node_name "$1")"; }
node_dir() { echo "$DIR/nodes/$(node_name "$1")"; }

# The cgroup hierarchies: one (cgroup v2), or one a controller (v1; systemd's named one too).
cgroup_hierarchies() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    echo /sys/fs/cgroup
  else
    find /sys/fs/cgroup -mindepth 1 -maxdepth 1 -type d ! -name unified
  fi
}

# Moves this shell into a cgroup, made where absent. A new cpuset cgroup of cgroup v1 starts with no
# CPUs and memory nodes, which refuses every task: it gets its parent's.
join_cgroup() { # hierarchy path
  local dir=$1 part
  for part in ${2//\// }; do
    if [ ! -d "$dir/$part" ]; then
      mkdir "$dir/$part"
      if [ -f "$dir/cpuset.cpus" ] && [ ! -f "$1/cgroup.controllers" ]; then
        cat "$dir/cpuset.cpus" > "$dir/$part/cpuset.cpus"
        cat "$dir/cpuset.mems" > "$dir/$part/cpuset.mems"
      fi
    fi
    dir=$dir/$part
  done
  echo "$BASHPID" > "$dir/cgroup.procs"
}

# Runs a command inside a node: its network and mount namespaces, its cgroup.
on_node() { # node-number command...
  local n=$1 hierarchy
  shift
  for hierarchy in $(cgroup_hierarchies); do
    join_cgroup "$hierarchy" "$CGROUP/$(node_name "$n")/system"
  done
  exec nsenter --net="/run/netns/$(netns_of "$n")" --mount="$DIR/ns/$(node_name "$n").mnt" -- "$@"
}

launch_on_node() { # node-number component binary args...
  local n=$1 component
  component=$(node_name "$n")-$2
  shift 2
  ( on_node "$n" "$@" ) > "$DIR/logs/$component.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$component.pid"
}

preflight() {
  local missing=() command
  [ "$(id -u)" -eq 0 ] || die "needs root: network namespaces, cgroups and iptables (sudo make cluster)"
  [ "$(uname -s)" = Linux ] || die "runs on Linux only; on macOS use make up (kind)"
  for command in ip iptables nsenter unshare openssl curl docker runc gcc findmnt; do
    command -v "$command" >/dev/null || missing+=("$command")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}: apt-get install iproute2 iptables util-linux openssl curl docker.io runc gcc libc6-dev"
  docker info >/dev/null 2>&1 || die "Docker is not running: start dockerd (the images of CoreDNS and pause are made with docker import)"
  case "$DIR/" in
    /var/lib/* | /var/log/*) die "CLUSTER_DIR=$DIR is below /var/lib or /var/log, which every node mounts over with its own: set CLUSTER_DIR= elsewhere" ;;
  esac
  if ip link show "$BRIDGE" >/dev/null 2>&1 && ! running kube-apiserver; then
    die "the bridge $BRIDGE exists but no cluster of this clone runs: make cluster-down, then make cluster"
  fi
}

# registry.k8s.io/pause's program from the kubernetes module's own source (build/pause), built
# static as its Makefile does; the tag is its Makefile's TAG.
pause_binary() {
  local source=$MODCACHE/k8s.io/kubernetes@$KUBERNETES_VERSION/build/pause out
  out=$(dirname "$(kubernetes_bin)")/pause-$PAUSE_VERSION
  if [ ! -x "$out" ]; then
    gcc -Os -Wall -Werror -static -DVERSION="v$PAUSE_VERSION" -o "$out.partial" "$source/linux/pause.c" \
      || die "cannot build pause.c: apt-get install gcc libc6-dev"
    mv "$out.partial" "$out"
  fi
  echo "$out"
}

# An image of one static binary, made with docker import unless Docker has it.
binary_image() { # image binary user
  local root
  docker image inspect "$1" >/dev/null 2>&1 && return
  root=$(mktemp -d)
  cp "$2" "$root/"
  tar -C "$root" -c . | docker import --change "ENTRYPOINT [\"/$(basename "$2")\"]" --change "USER $3" - "$1" >/dev/null
  rm -rf "$root"
}

network_up() {
  local n
  step "network: bridge $BRIDGE $HOST_IP/24, a namespace and an address a node"
  ip link add "$BRIDGE" type bridge
  ip addr add "$HOST_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  sysctl -qw net.ipv4.ip_forward=1
  # Docker sets the FORWARD policy to DROP; the nodes' and pods' traffic crosses this host's bridge.
  iptables -I FORWARD 1 -i "$BRIDGE" -m comment --comment "$RULE_COMMENT" -j ACCEPT
  iptables -I FORWARD 1 -o "$BRIDGE" -m comment --comment "$RULE_COMMENT" -j ACCEPT
  for n in $(seq 1 "$NODES"); do
    ip netns add "$(netns_of "$n")"
    ip link add "qkp-n$n" type veth peer name eth0 netns "$(netns_of "$n")"
    ip link set "qkp-n$n" master "$BRIDGE" up
    ip -n "$(netns_of "$n")" addr add "$(node_ip "$n")/24" dev eth0
    ip -n "$(netns_of "$n")" link set eth0 up
    ip -n "$(netns_of "$n")" link set lo up
    ip -n "$(netns_of "$n")" route add default via "$HOST_IP"
    ip netns exec "$(netns_of "$n")" sysctl -qw net.ipv4.ip_forward=1
  done
}

# A node's own mount namespace: its /var/lib and /var/log are its own folders, as on a machine of
# its own (the kubelet's pods and pod logs, the log agent's hostPaths, local volumes).
mounts_up() { # node-number
  local n=$1 node dir
  node=$(node_name "$n")
  dir=$(node_dir "$n")
  mkdir -p "$dir/var/lib" "$dir/var/log" "$DIR/ns"
  touch "$DIR/ns/$node.mnt"
  unshare --mount="$DIR/ns/$node.mnt" --propagation slave true
  nsenter --mount="$DIR/ns/$node.mnt" -- sh -c "mount --bind '$dir/var/lib' /var/lib && mount --bind '$dir/var/log' /var/log && mount --make-rshared /var/lib"
}

node_pki() { # node-number
  local n=$1 node
  node=$(node_name "$n")
  certificate "$node-kubelet" "/O=system:nodes/CN=system:node:$node"
  certificate "$node-serving" "/CN=$node" "IP:$(node_ip "$n"),DNS:$node"
  kubeconfig "$node-kubelet" "$(node_dir "$n")/kubelet.kubeconfig"
}

containerd_config() { # node-number
  local n=$1 dir
  dir=$(node_dir "$n")
  mkdir -p "$dir/containerd" "$dir/cni/net.d" "$dir/certs.d/127.0.0.1:$REGISTRY_PORT"
  # make registry's registry, which Docker pushes to on 127.0.0.1, over the bridge.
  printf '[host."http://%s:%s"]\n  capabilities = ["pull", "resolve"]\n' "$HOST_IP" "$REGISTRY_PORT" \
    > "$dir/certs.d/127.0.0.1:$REGISTRY_PORT/hosts.toml"
  cat > "$dir/containerd/config.toml" <<CONFIG
version = 3
root = "$dir/containerd/root"
state = "$dir/containerd/state"
[grpc]
  address = "$dir/containerd/containerd.sock"
[plugins."io.containerd.cri.v1.images"]
  [plugins."io.containerd.cri.v1.images".pinned_images]
    sandbox = "$PAUSE_IMAGE"
  [plugins."io.containerd.cri.v1.images".registry]
    config_path = "$dir/certs.d"
[plugins."io.containerd.cri.v1.runtime"]
  # No CAP_SYS_RESOURCE here (VMs, containers): never lower a container's OOM score below ours.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.cri.v1.runtime".cni]
    bin_dirs = ["$NODE_BIN"]
    conf_dir = "$dir/cni/net.d"
  [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
      BinaryName = "$(command -v runc)"
      Root = "$dir/runc"
      SystemdCgroup = false
# Two containerds on one host: NRI's socket would be shared.
[plugins."io.containerd.nri.v1.nri"]
  disable = true
CONFIG
}

kubelet_config() { # node-number
  local n=$1 dir
  dir=$(node_dir "$n")
  cat > "$dir/kubelet.yaml" <<CONFIG
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# cgroup v1 hosts (this VM, CI): refused from 1.35 on unless allowed.
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP/$(node_name "$n")
# No CAP_SYS_RESOURCE to lower its own score.
oomScoreAdj: 0
containerRuntimeEndpoint: unix://$dir/containerd/containerd.sock
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $DIR/pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $DIR/pki/$(node_name "$n")-serving.crt
tlsPrivateKeyFile: $DIR/pki/$(node_name "$n")-serving.key
clusterDomain: cluster.local
clusterDNS: [$DNS_IP]
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
failSwapOn: false
# The nodes share this host's disk: evict on a nearly full disk only.
evictionHard: {memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%}
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
CONFIG
  cat > "$dir/kube-proxy.yaml" <<CONFIG
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $DIR/kube-proxy.kubeconfig}
hostnameOverride: $(node_name "$n")
mode: iptables
clusterCIDR: $POD_RANGE
# The conntrack table size is the host's: leave it alone.
conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
CONFIG
}

# A node's pod network once the controller manager gave it a pod CIDR: the CNI bridge in the node,
# and a route to that CIDR through the node from this host and from every other node.
pod_network() { # node-number cidr
  local n=$1 cidr=$2 m dir
  dir=$(node_dir "$n")
  cat > "$dir/cni/net.d/10-platform.conflist" <<CONFIG
{
  "cniVersion": "1.0.0",
  "name": "platform",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$cidr"}]], "routes": [{"dst": "0.0.0.0/0"}],
              "dataDir": "$dir/cni/ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
CONFIG
  ip route replace "$cidr" via "$(node_ip "$n")"
  for m in $(seq 1 "$NODES"); do
    [ "$m" = "$n" ] || ip -n "$(netns_of "$m")" route replace "$cidr" via "$(node_ip "$n")"
  done
}

await_cmd() { # what command timeout-seconds
  local deadline=$(( $(date +%s) + $3 ))
  until eval "$2" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { stop; die "$1 did not happen within $3 s (logs in ${DIR#"$ROOT"/}/logs)"; }
    sleep 1
  done
}

up() {
  local started n node cidr
  BIN=$("$ROOT/scripts/kubernetes/build.sh")
  if running kube-apiserver; then
    echo "cluster: running already ($NODES nodes); kubectl context $CLUSTER_NAME"
    return
  fi
  preflight
  started=$(date +%s)
  NODE_BIN=$("$ROOT/scripts/kubernetes/build.sh" node)
  TRAEFIK_BIN=$("$ROOT/scripts/kubernetes/build.sh" traefik)
  MODCACHE=$(cd "$ROOT/tools/kubernetes" && go env GOMODCACHE)
  (cd "$ROOT/tools/kubernetes" && go mod download "k8s.io/kubernetes@$KUBERNETES_VERSION")
  local pause
  PAUSE_VERSION=$(sed -n 's/^TAG ?= *//p' "$MODCACHE/k8s.io/kubernetes@$KUBERNETES_VERSION/build/pause/Makefile")
  pause=$(pause_binary)
  PAUSE_IMAGE=localhost/pause:$PAUSE_VERSION
  COREDNS_IMAGE=localhost/coredns:$(module_version node github.com/coredns/coredns)
  TRAEFIK_IMAGE=localhost/traefik:$(module_version traefik github.com/traefik/traefik/v3)
  binary_image "$PAUSE_IMAGE" "$pause" 65535:65535
  binary_image "$COREDNS_IMAGE" "$NODE_BIN/coredns" 65532:65532
  binary_image "$TRAEFIK_IMAGE" "$TRAEFIK_BIN/traefik" 65532:65532

  rm -rf "$DIR"
  mkdir -p "$DIR/pki" "$DIR/logs"
  chmod 700 "$DIR"
  network_up
  step "control plane on $SERVER: etcd, kube-apiserver, kube-controller-manager, kube-scheduler"
  make_pki "$HOST_IP"
  certificate apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  certificate kube-scheduler "/CN=system:kube-scheduler"
  certificate kube-proxy "/CN=system:kube-proxy"
  kubeconfig kube-scheduler "$DIR/kube-scheduler.kubeconfig"
  kubeconfig kube-proxy "$DIR/kube-proxy.kubeconfig"
  # shellcheck disable=SC2054 # commas inside a flag's value
  APISERVER_FLAGS=(--enable-admission-plugins NodeRestriction
    --kubelet-client-certificate "$DIR/pki/apiserver-kubelet-client.crt"
    --kubelet-client-key "$DIR/pki/apiserver-kubelet-client.key"
    --kubelet-certificate-authority "$DIR/pki/ca.crt"
    --kubelet-preferred-address-types InternalIP,Hostname
    --audit-policy-file "$ROOT/k8s/local-cluster/audit-policy.yaml" --audit-log-path "$AUDIT_LOG"
    --audit-log-maxsize 100 --audit-log-maxbackup 1)
  CONTROLLER_MANAGER_FLAGS=(--allocate-node-cidrs --cluster-cidr "$POD_RANGE" --node-cidr-mask-size 24
    --service-cluster-ip-range "$SERVICE_RANGE")
  start_control_plane "$HOST_IP"
  launch kube-scheduler --kubeconfig "$DIR/kube-scheduler.kubeconfig" --leader-elect=false --secure-port 0

  for n in $(seq 1 "$NODES"); do
    node=$(node_name "$n")
    step "$node at $(node_ip "$n"): containerd, kubelet, kube-proxy"
    mounts_up "$n"
    node_pki "$n"
    containerd_config "$n"
    kubelet_config "$n"
    PATH="$NODE_BIN:$PATH" launch_on_node "$n" containerd "$NODE_BIN/containerd" --config "$(node_dir "$n")/containerd/config.toml"
    await_cmd "$node's containerd" "'$NODE_BIN/ctr' --address '$(node_dir "$n")/containerd/containerd.sock' version" 30
    # ctr warns about cgroup v1 on every call: only its errors are shown.
    docker save "$PAUSE_IMAGE" "$COREDNS_IMAGE" "$TRAEFIK_IMAGE" \
      | "$NODE_BIN/ctr" --address "$(node_dir "$n")/containerd/containerd.sock" -n k8s.io images import --all-platforms - \
        2> >(grep -v DEPRECATION >&2) >/dev/null
    launch_on_node "$n" kubelet "$BIN/kubelet" --config "$(node_dir "$n")/kubelet.yaml" \
      --kubeconfig "$(node_dir "$n")/kubelet.kubeconfig" --hostname-override "$node" --node-ip "$(node_ip "$n")" \
      --root-dir /var/lib/kubelet
    launch_on_node "$n" kube-proxy "$BIN/kube-proxy" --config "$(node_dir "$n")/kube-proxy.yaml"
  done
  for n in $(seq 1 "$NODES"); do
    node=$(node_name "$n")
    await_cmd "$node's registration and pod CIDR" \
      "[ -n \"\$(kubectl_admin get node $node -o jsonpath='{.spec.podCIDR}')\" ]" 60
    cidr=$(kubectl_admin get node "$node" -o jsonpath='{.spec.podCIDR}')
    pod_network "$n" "$cidr"
  done
  step "make registry's registry on 0.0.0.0:$REGISTRY_PORT, where the nodes pull REGISTRY=127.0.0.1:$REGISTRY_PORT from"
  REGISTRY_LISTEN=0.0.0.0:$REGISTRY_PORT "$ROOT/scripts/registry.sh" start
  ip netns exec "$(netns_of 1)" curl -fsS --max-time 5 -o /dev/null "http://$HOST_IP:$REGISTRY_PORT/v2/" \
    || { stop; die "the nodes cannot reach the registry at $HOST_IP:$REGISTRY_PORT (one listening on 127.0.0.1 alone?): make registry-down, then make cluster"; }
  step "add-ons: CoreDNS, Traefik, the local StorageClass and a volume on every node"
  addons
  await_cmd "every node Ready" "kubectl_admin wait --for=condition=Ready node --all --timeout=5s" 90
  await_cmd "CoreDNS" "kubectl_admin -n kube-system rollout status deployment/coredns --timeout=5s" 90
  await_cmd "Traefik" "kubectl_admin -n traefik rollout status deployment/traefik --timeout=5s" 90
  use_context
  step "cluster: $NODES nodes Ready in $(( $(date +%s) - started )) s; kubectl context $CLUSTER_NAME; logs in ${DIR#"$ROOT"/}/logs"
  kubectl_admin get nodes -o wide
}

kubectl_admin() {
  "$BIN/kubectl" --kubeconfig "$DIR/kubeconfig" "$@"
}

# CoreDNS, the Gateway API CRDs, Traefik and the StorageClass, with this cluster's addresses and images;
# a local PersistentVolume on every node (no provisioner runs: the volumes are made here).
addons() {
  local n node
  sed -e "s|@DNS_IP@|$DNS_IP|g" -e "s|@COREDNS_IMAGE@|$COREDNS_IMAGE|g" "$ROOT/k8s/local-cluster/coredns.yaml" | kubectl_admin apply -f - >/dev/null
  # Before Traefik, whose Gateway provider watches them and whose file holds a GatewayClass.
  "$ROOT/scripts/cluster/gateway-api-crds.sh" install "$BIN/kubectl" --kubeconfig "$DIR/kubeconfig"
  # Warns that Services' externalIPs are deprecated; they still work, and no LoadBalancer provider runs.
  sed -e "s|@INGRESS_IP@|$INGRESS_IP|g" -e "s|@TRAEFIK_IMAGE@|$TRAEFIK_IMAGE|g" "$ROOT/k8s/local-cluster/traefik.yaml" \
    | kubectl_admin apply -f - 2>/dev/null >/dev/null
  ip route replace "$INGRESS_IP/32" via "$(node_ip 1)"
  kubectl_admin apply -f "$ROOT/k8s/local-cluster/storage.yaml" >/dev/null
  for n in $(seq 1 "$NODES"); do
    node=$(node_name "$n")
    mkdir -p "$(node_dir "$n")/var/lib/local-volumes/volume"
    chmod 0777 "$(node_dir "$n")/var/lib/local-volumes/volume"
    sed -e "s|@NODE@|$node|g" "$ROOT/k8s/local-cluster/volume.yaml" | kubectl_admin apply -f - >/dev/null
  done
}

# The cluster-admin's credentials in the user's kubeconfig, as the current context.
use_context() {
  local pki=$DIR/pki
  "$BIN/kubectl" config set-cluster "$CLUSTER_NAME" --server "$SERVER" --certificate-authority "$pki/ca.crt" --embed-certs >/dev/null
  "$BIN/kubectl" config set-credentials "$CLUSTER_NAME-admin" --client-certificate "$pki/admin.crt" \
    --client-key "$pki/admin.key" --embed-certs >/dev/null
  "$BIN/kubectl" config set-context "$CLUSTER_NAME" --cluster "$CLUSTER_NAME" --user "$CLUSTER_NAME-admin" >/dev/null
  "$BIN/kubectl" config use-context "$CLUSTER_NAME" >/dev/null
}

# Every process of the cluster, pods included: all in its cgroups, then the control plane.
stop() {
  local hierarchy pids _
  for _ in $(seq 1 30); do
    pids=$(cat_procs)
    [ -n "$pids" ] || break
    # shellcheck disable=SC2086 # one PID a word
    kill -9 $pids 2>/dev/null || true
    sleep 0.3
  done
  [ -z "$(cat_procs)" ] || echo "cluster: processes left in cgroup $CGROUP: $(cat_procs | tr '\n' ' ')" >&2
  for hierarchy in $(cgroup_hierarchies); do
    [ ! -d "$hierarchy/$CGROUP" ] || find "$hierarchy/$CGROUP" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  stop_components
}

cat_procs() {
  local hierarchy
  for hierarchy in $(cgroup_hierarchies); do
    [ ! -d "$hierarchy/$CGROUP" ] || find "$hierarchy/$CGROUP" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -u
}

down() {
  local n netns mnt
  [ "$(id -u)" -eq 0 ] || die "needs root, as make cluster did (sudo make cluster-down)"
  step "stopping every process of the cluster"
  stop
  for mnt in "$DIR"/ns/*.mnt; do
    [ -e "$mnt" ] || continue
    umount "$mnt" 2>/dev/null || true
  done
  for netns in $(ip netns list | awk '$1 ~ /^qkp-node-/ { print $1 }'); do
    ip netns delete "$netns"
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
  ip route show | awk -v prefix="$NODE_PREFIX." '$2 == "via" && index($3, prefix) == 1 { print $1 }' \
    | while read -r route; do ip route delete "$route"; done
  while iptables -S FORWARD | grep -q -- "--comment $RULE_COMMENT"; do
    iptables -S FORWARD | grep -m 1 -- "--comment $RULE_COMMENT" | sed 's/^-A/-D/' | xargs iptables
  done
  if command -v kubectl >/dev/null && kubectl config get-contexts "$CLUSTER_NAME" >/dev/null 2>&1; then
    kubectl config delete-context "$CLUSTER_NAME" >/dev/null 2>&1
    kubectl config delete-cluster "$CLUSTER_NAME" >/dev/null
    kubectl config delete-user "$CLUSTER_NAME-admin" >/dev/null
  fi
  if [ -d "$DIR" ]; then
    ! findmnt -rn -o TARGET | grep -qF "$DIR/" || die "something is still mounted below $DIR: findmnt | grep $DIR"
    rm -rf "$DIR"
  fi
  "$ROOT/scripts/registry.sh" stop
  step "cluster: removed"
}

# The platform's writes of the last SECONDS, from the API server's audit log
# (k8s/local-cluster/audit-policy.yaml), one a line: who, the verb, resource[/subresource], name
# (empty for a pod created under a generated name: the name is the API server's answer).
audit() { # seconds
  [[ "${1:-}" =~ ^[0-9]+$ ]] || die "usage: $0 audit SECONDS (the platform's writes of the last SECONDS)"
  [ -f "$AUDIT_LOG" ] || die "no $AUDIT_LOG: make cluster is not running"
  local since who ref
  since=$(date -u -d "-$1 seconds" +%Y-%m-%dT%H:%M:%S)
  who='.*"verb":"([a-z]+)","user":\{"username":"([^"]+)".*'
  ref='"objectRef":\{"resource":"([a-z]+)","namespace":"[a-z-]+"(,"name":"([^"]+)")?[^}]*'
  awk -v since="$since" -F'"requestReceivedTimestamp":"' '$2 >= since' "$AUDIT_LOG" \
    | sed -E -n -e "s/$who$ref\"subresource\":\"([a-z]+)\"\\}.*/\\2 \\1 \\3\\/\\6 \\5/p;t" -e "s/$who$ref\\}.*/\\2 \\1 \\3 \\5/p"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  ingress-address) echo "$INGRESS_IP" ;;
  audit) audit "${2:-}" ;;
  *) die "usage: $0 up | down | ingress-address | audit SECONDS" ;;
esac
