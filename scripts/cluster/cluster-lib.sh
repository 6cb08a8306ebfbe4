# shellcheck shell=bash
# Shared by up, down, doctor and the drills: which cluster, how to reach it, how images get in.
# Sourced, not run; the sourcing script sets ROOT and SCRIPT (its name, for messages).
# shellcheck disable=SC2034 # the variables here are used by the scripts that source this file

# A failure inside $(...) stops the script too (bash drops set -e in command substitutions), where
# the bash has the option (4.4 and later; macOS's bash 3.2 does not).
shopt -s inherit_errexit 2>/dev/null || true

# project_version, port_free, container_engine, IMAGE_SERVICES, HTTP_SERVICES
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/cluster/versions.sh
source "$ROOT/scripts/cluster/versions.sh"

CLUSTER=${CLUSTER:-kind}
# Tools fetched by make up land here, and are used before anything else on PATH.
TOOLS_BIN=${TOOLS_BIN:-$ROOT/bin}
PATH=$TOOLS_BIN:$PATH
KIND_CONFIG=$ROOT/k8s/kind/cluster.yaml
KIND_CLUSTER_NAME=$(sed -n 's/^name: *//p' "$KIND_CONFIG")
# The cloud-provider-kind container make up starts for this cluster, and removes with it.
LB_PROVIDER_CONTAINER=$KIND_CLUSTER_NAME-cloud-provider-kind
# The label cloud-provider-kind puts on each load-balancer container it creates for a cluster
# (NodeCCMLabelKey in its pkg/constants/constants.go, v0.11.1): make down removes what it left.
LB_CONTAINER_LABEL=io.x-k8s.cloud-provider-kind.cluster=$KIND_CLUSTER_NAME
# And the one naming the Service a load-balancer container serves, <cluster>/<namespace>/<name>.
LB_SERVICE_LABEL=io.x-k8s.cloud-provider-kind.loadbalancer.name
K3S_KUBECONFIG=${K3S_KUBECONFIG:-/etc/rancher/k3s/k3s.yaml}
NAMESPACE=$(sed -n 's/^namespace: *//p' "$ROOT/k8s/base/app/kustomization.yaml")
# Every namespace the platform creates (make down on k3s deletes them).
read_lines PLATFORM_NAMESPACES < <(sed -n '/^kind: Namespace/,/^---/s/^  name: *//p' "$ROOT/k8s/base/namespaces.yaml")
[ ${#PLATFORM_NAMESPACES[@]} -gt 0 ] || { echo "no Namespace in k8s/base/namespaces.yaml" >&2; exit 1; }
# The label of the platform's cluster-wide objects (the gateway's ClusterRole and its binding), which
# deleting its namespaces leaves behind.
# shellcheck disable=SC2034 # used by the scripts that source this file
PLATFORM_SELECTOR=app.kubernetes.io/part-of=quarkus-k8s-platform
OVERLAY=$ROOT/k8s/overlays/$CLUSTER
# The name the Ingress answers besides localhost (ingress/ingress.yaml; make up adds its rule): a DNS
# name, since a rule's host cannot be an address. CLUSTER=current needs it: localhost is not there.
PLATFORM_HOST=${PLATFORM_HOST:-}
[ "$PLATFORM_HOST" != localhost ] || PLATFORM_HOST=""
CURRENT_NEEDS_HOST="CLUSTER=current needs PLATFORM_HOST=<a name that resolves to your Ingress controller>: the Ingress answers only localhost and that name"
# Where the Ingress answers, by the name its rules give: kind and k3s publish it on this host;
# CLUSTER=current at PLATFORM_HOST, once its controller has published an address, unless INGRESS_URL
# is given.
INGRESS_URL_GIVEN=${INGRESS_URL:-}
INGRESS_URL=${INGRESS_URL:-http://${PLATFORM_HOST:-localhost}}
# Where the Gateway API route answers (ingress/gateway-api/httproute.yaml): the same way in, under its
# own name, gateway-api.localhost and, with PLATFORM_HOST, gateway-api.PLATFORM_HOST.
GATEWAY_API_HOST=$(sed -n 's/^    - \([a-z0-9-]*\)\.localhost$/\1/p' "$ROOT/ingress/gateway-api/httproute.yaml")
GATEWAY_URL=${GATEWAY_URL:-http://$GATEWAY_API_HOST.${PLATFORM_HOST:-localhost}}
NODEPORT=$(sed -n 's/^ *nodePort: *//p' "$ROOT/k8s/base/app/gateway/exposure.yaml")
E2E_JAR=$ROOT/tools/e2e/target/quarkus-app/quarkus-run.jar

die() { echo "$SCRIPT: $*" >&2; exit 1; }
# Progress for long steps: a timestamp, so a slow one is visible as slow.
step() { printf '==> %s %s\n' "$(date +%H:%M:%S)" "$*"; }

case "$CLUSTER" in
  kind | k3s | current) ;;
  *) die "CLUSTER must be kind, k3s or current, not '$CLUSTER'" ;;
esac
if [ -n "$PLATFORM_HOST" ] && { [[ ! "$PLATFORM_HOST" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ ]] \
  || [[ "$PLATFORM_HOST" =~ ^[0-9.]+$ ]]; }; then
  die "PLATFORM_HOST must be a DNS name in lower case, without port or scheme, not an address: '$PLATFORM_HOST'"
fi
# Where the images go (host[:port][/path]): empty for kind load or k3s' import.
REGISTRY=${REGISTRY:-}

# kubectl against the platform's cluster: kind's context, k3s' kubeconfig, or (CLUSTER=current) the
# context that was current when the script started, even if another becomes current meanwhile.
CURRENT_CONTEXT=""
if [ "$CLUSTER" = current ]; then
  command -v kubectl >/dev/null 2>&1 || die "CLUSTER=current needs kubectl on PATH: apt-get install kubectl (Debian), or see kubernetes.io/docs/tasks/tools"
  CURRENT_CONTEXT=$(kubectl config current-context 2>/dev/null) \
    || die "CLUSTER=current needs a current kubectl context: kubectl config use-context <name>"
fi
kube() {
  case "$CLUSTER" in
    kind) kubectl --context "kind-$KIND_CLUSTER_NAME" "$@" ;;
    k3s) kubectl --kubeconfig "$K3S_KUBECONFIG" "$@" ;;
    *) kubectl --context "$CURRENT_CONTEXT" "$@" ;;
  esac
}

# The cluster's nodes, one "name architecture" line each.
nodes_with_architecture() {
  kube get nodes -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.nodeInfo.architecture}{"\n"}{end}' < /dev/null
}

# The IngressClasses annotated as the cluster's default, one per line (there should be at most one).
default_ingress_classes() {
  kube get ingressclass -o \
    jsonpath='{range .items[?(@.metadata.annotations.ingressclass\.kubernetes\.io/is-default-class=="true")]}{.metadata.name}{"\n"}{end}' \
    < /dev/null
}

# Why the images built here would not reach every node, or nothing when they would. kind loads them
# into every node; k3s imports them into this machine's containerd only; any other cluster pulls.
images_unreachable() {
  local nodes=() name arch here others=""
  [ -z "$REGISTRY" ] || return 0
  case "$CLUSTER" in
    kind) return 0 ;;
    current)
      echo "CLUSTER=current pulls every image from a registry: make registry (or use yours), then REGISTRY=<host:port> CLUSTER=current make up"
      return ;;
  esac
  while read -r name arch; do
    [ -z "$name" ] || nodes+=("$name")
  done < <(nodes_with_architecture)
  [ ${#nodes[@]} -gt 1 ] || return 0
  here=$(hostname)
  for name in ${nodes[@]+"${nodes[@]}"}; do
    [ "$name" = "$here" ] || others="$others $name"
  done
  echo "k3s has ${#nodes[@]} nodes, and without REGISTRY the images go into this machine's containerd only: the pods of ${IMAGE_SERVICES[*]} scheduled on${others} would stay in ErrImagePull; make registry, then REGISTRY=<this host's address>:5000 CLUSTER=k3s make up (docs/beyond-one-machine.md)"
}

ENGINE=$(container_engine)

# Where the engine's container addresses cannot be reached from this host: its containers run in a
# VM (macOS, Windows; Docker Desktop on any system, WSL2's integration included). There
# cloud-provider-kind publishes each load balancer's port on the host (--enable-lb-port-mapping; at
# v0.11.1 on the same port number, pkg/loadbalancer/server.go), and the LoadBalancer URL is 127.0.0.1.
engine_in_vm() {
  [ "$(uname -s)" != Linux ] || [ "$(docker info --format '{{.OperatingSystem}}' 2>/dev/null)" = "Docker Desktop" ]
}
# How to get Docker, on the machines docs/local-cluster.md lists.
INSTALL_DOCKER="install Docker (Linux: apt-get install docker.io; macOS: Docker Desktop, colima, OrbStack or Rancher Desktop)"
# The cluster path needs Docker itself: kind load docker-image always calls docker, and
# cloud-provider-kind is started with the Docker socket. make up refuses podman with this line.
PODMAN_REFUSAL="make up needs Docker, not podman: kind load docker-image and cloud-provider-kind use docker and its socket (podman works for make images); $INSTALL_DOCKER"

# k3s' containerd and kubeconfig belong to root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

kind_cluster_exists() {
  kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER_NAME"
}

# Puts the images where the cluster's container runtime finds them (imagePullPolicy IfNotPresent).
load_images() {
  if [ "$CLUSTER" = kind ]; then
    kind load docker-image --name "$KIND_CLUSTER_NAME" "$@"
  else
    docker save "$@" | as_root k3s ctr images import -
  fi
}

# This engine's CPU architecture, as Kubernetes names it.
engine_architecture() {
  local arch
  arch=$(docker info --format '{{.Architecture}}')
  case "$arch" in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    *) echo "$arch" ;;
  esac
}

# Builds these services at this version and pushes them to REGISTRY for the nodes' architectures;
# sets PUSHED (one service=digest per image). The engine's own architecture alone: docker build,
# tag, push. Any other, or several: docker buildx, one manifest list per image. Progress goes to
# stderr, so a caller may print what it needs on stdout.
publish_images() { # version service...
  local version=$1 archs=() platforms svc output digest
  shift
  read_lines archs < <(nodes_with_architecture | awk 'NF == 2 { print $2 }' | sort -u)
  [ ${#archs[@]} -gt 0 ] || die "the cluster lists no nodes (kubectl get nodes)"
  PUSHED=()
  if [ ${#archs[@]} -eq 1 ] && [ "${archs[0]}" = "$(engine_architecture)" ]; then
    step "building $*, version $version, for ${archs[0]}" >&2
    VERSION=$version "$ROOT/images/build-images.sh" "$@" >&2
    for svc in "$@"; do
      step "pushing $REGISTRY/$svc:$version" >&2
      docker tag "$svc:$version" "$REGISTRY/$svc:$version"
      output=$(docker push "$REGISTRY/$svc:$version" < /dev/null)
      digest=$(sed -n 's/.*digest: \(sha256:[0-9a-f]\{64\}\).*/\1/p' <<<"$output")
      [ -n "$digest" ] || die "docker push $REGISTRY/$svc:$version reported no digest: $output"
      PUSHED+=("$svc=$digest")
    done
  else
    platforms=$(printf 'linux/%s,' ${archs[@]+"${archs[@]}"})
    platforms=${platforms%,}
    step "the nodes run ${platforms//linux\//}: building $*, version $version, for $platforms with docker buildx" >&2
    VERSION=$version PLATFORMS=$platforms PUSH_TO=$REGISTRY "$ROOT/images/build-images.sh" "$@" >&2
    for svc in "$@"; do
      digest=$(docker buildx imagetools inspect "$REGISTRY/$svc:$version" --format '{{.Manifest.Digest}}' < /dev/null)
      [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || die "$REGISTRY/$svc:$version has no manifest list digest: $digest"
      PUSHED+=("$svc=$digest")
    done
  fi
}

# The images of others the platform runs (PostgreSQL's), as its manifests name them.
third_party_images() {
  # The image is written once, with a YAML anchor (image: &image name:tag@digest); the aliases
  # (*image) repeat it.
  sed -n 's/^ *image: *\(&[A-Za-z]* *\)\{0,1\}\([^ *]\)/\2/p' "$ROOT/k8s/base/app/postgres/statefulset.yaml"
}

# Copies each third-party image into REGISTRY, since a cluster that pulls from there alone (an
# air-gapped one) finds nothing on Docker Hub; sets MIRRORED (one name:tag=digest each). The manifests
# pin each by digest, which the pull checks; the copy keeps the name and tag. The engine's own
# architecture alone: docker pull (when absent), tag, push. Any other, or several: docker buildx
# imagetools create copies the whole manifest list. POSTGRES_IMAGE names a local image to copy in
# PostgreSQL's place (make e2e: the offline one, where Docker Hub is out of reach).
mirror_images() {
  local archs=() image source target digest output
  read_lines archs < <(nodes_with_architecture | awk 'NF == 2 { print $2 }' | sort -u)
  MIRRORED=()
  for image in $(third_party_images); do
    source=$image
    case "$image" in postgres:*) source=${POSTGRES_IMAGE:-$image} ;; esac
    target=$REGISTRY/${image%@*}
    step "copying $source to $target" >&2
    if [ ${#archs[@]} -eq 1 ] && [ "${archs[0]}" = "$(engine_architecture)" ]; then
      docker image inspect "$source" >/dev/null 2>&1 || docker pull --quiet "$source" >&2 < /dev/null
      docker tag "$source" "$target"
      output=$(docker push "$target" < /dev/null)
      digest=$(sed -n 's/.*digest: \(sha256:[0-9a-f]\{64\}\).*/\1/p' <<<"$output")
    else
      docker buildx imagetools create --tag "$target" "$source" >&2 < /dev/null
      digest=$(docker buildx imagetools inspect "$target" --format '{{.Manifest.Digest}}' < /dev/null)
    fi
    [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || die "$target has no digest after the copy: $digest"
    MIRRORED+=("${image%@*}=$digest")
  done
}

url_host() { # url
  local host=${1#*://}
  echo "${host%%[:/]*}"
}

# The platform's HTTPRoute, where it is installed, once Traefik has accepted it: its smoke suite runs
# at GATEWAY_URL too. On k3s Traefik's Gateway provider may still be starting (make up just turned it on).
gateway_api_installed() {
  kube -n "$NAMESPACE" get httproute platform -o name < /dev/null >/dev/null 2>&1 || return 1
  kube -n "$NAMESPACE" wait httproute/platform --timeout=120s \
    --for=jsonpath='{.status.parents[0].conditions[?(@.type=="Accepted")].status}'=True < /dev/null >/dev/null \
    || die "Traefik has not accepted httproute/platform within 120 s: kubectl -n $NAMESPACE describe httproute platform says why"
}

require_e2e_jar() {
  [ -f "$E2E_JAR" ] || die "tools/e2e is not built: run make build"
}

# The e2e tool (smoke suite, drill traffic) on the host's JDK 17+, else in the builder container
# (scripts/lib.sh in_builder), which gets LOGS_READ_TOKEN by name from this environment. There, on
# kind, it joins the kind network and reaches the Ingress at the control-plane node, whose port 80 is
# Traefik's; on k3s (Linux) it shares the host's network. Where the Ingress's name does not lead to
# it (INGRESS_ADDRESS; kind's node from the builder), the tool's JVM resolves the Ingress's and the
# Gateway's names from a hosts file, and its Chromium as the JVM does (WorkloadsPageCommand). So it
# does for a *.localhost URL (the Gateway's): browsers and curl send such names to 127.0.0.1, the JVM
# asks the system's resolver, which may not know them.
e2e_tool() { # the tool's arguments
  local resolution="" address=${INGRESS_ADDRESS:-} host hosts=$ROOT/target/ingress-hosts where=host arg
  if ! java_on_host; then
    where=$CLUSTER
    [ "$CLUSTER" != kind ] \
      || address=$(docker inspect -f '{{(index .NetworkSettings.Networks "kind").IPAddress}}' "$KIND_CLUSTER_NAME-control-plane")
  fi
  host=$(url_host "$INGRESS_URL")
  for arg in "$@"; do
    case "$arg" in http://*.localhost | http://*.localhost[:/]*) address=${address:-127.0.0.1} ;; esac
  done
  if [ -n "$address" ]; then
    mkdir -p "$ROOT/target"
    { echo "$address $host $(url_host "$GATEWAY_URL")"; [ "$host" = localhost ] || echo "127.0.0.1 localhost"; } > "$hosts"
    resolution=-Djdk.net.hosts.file=$hosts
  fi
  case "$where" in
    host) java ${resolution:+"$resolution"} -jar "$E2E_JAR" "$@" ;;
    kind) in_builder --network kind --env LOGS_READ_TOKEN -- java ${resolution:+"$resolution"} -jar "$E2E_JAR" "$@" ;;
    *) in_builder --network host --env LOGS_READ_TOKEN -- java ${resolution:+"$resolution"} -jar "$E2E_JAR" "$@" ;;
  esac
}

# The install's log read token, out of its Secret: how a person gets it (make up prints this line).
READER_TEMPLATE='{{.data.token | base64decode}}'
LOG_READER_HOWTO="kubectl -n $NAMESPACE get secret logs-read-token -o go-template='$READER_TEMPLATE'"
# The same token in LOGS_READ_TOKEN for the smoke suite's log checks: from the cluster, through the
# environment, never on a command line. Set beforehand, it is kept (make smoke against another install).
export_logs_read_token() {
  [ -n "${LOGS_READ_TOKEN:-}" ] || LOGS_READ_TOKEN=$(kube -n "$NAMESPACE" get secret logs-read-token \
    -o go-template="$READER_TEMPLATE" < /dev/null 2>/dev/null) || true
  export LOGS_READ_TOKEN
}

# What a failing wait shows: the pods that are not ready and the latest events of the namespace.
explain_failure() {
  echo "--- pods in $NAMESPACE" >&2
  kube -n "$NAMESPACE" get pods -o wide >&2 || true
  echo "--- latest events in $NAMESPACE" >&2
  kube -n "$NAMESPACE" get events --sort-by=.lastTimestamp 2>&1 | tail -n 25 >&2 || true
}

# The "minor" fields of kubectl version -o json on stdin, one per line: client first, then server.
version_minors() {
  sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p'
}

# The minor version of a kubectl binary's client, e.g. 37.
kubectl_minor() {
  "$1" version --client -o json 2>/dev/null | version_minors | head -n 1
}

# A kubectl more than one minor version away from the pinned one is not supported against the
# cluster: then the pinned one is fetched into TOOLS_BIN, which comes first on PATH.
ensure_kubectl() {
  local found minor pinned=${KUBECTL_VERSION#v1.}
  pinned=${pinned%%.*}
  found=$(command -v kubectl 2>/dev/null) || true
  if [ -n "$found" ]; then
    minor=$(kubectl_minor "$found")
    if [ -n "$minor" ] && [ "$minor" -ge $((pinned - 1)) ] && [ "$minor" -le $((pinned + 1)) ]; then
      return 0
    fi
    echo "$SCRIPT: $found is kubectl 1.${minor:-?}, more than one minor version from $KUBECTL_VERSION: fetching that"
  fi
  fetch_tool kubectl
}

# Fetches the pinned release of a tool unless the one found (its version, empty when there is
# none) is that release; WHY says what needs that release.
ensure_release() {
  local name=$1 found=$2 pinned=$3 why=$4
  [ "$found" != "$pinned" ] || return 0
  [ -z "$found" ] || echo "$SCRIPT: found $name $found, $why $name $pinned: fetching that"
  fetch_tool "$name"
}

# kind must be the pinned release: the node image digest is built for it.
ensure_kind() {
  local found
  found=$(kind version 2>/dev/null) || true
  found=${found#kind }
  ensure_release kind "${found%% *}" "$KIND_VERSION" "the node image needs"
}

# helm must be the pinned release, not whichever is on PATH (a GitHub runner has Helm 3): the
# Traefik chart and make up's flags were checked with it.
ensure_helm() {
  local found
  found=$(helm version --template '{{.Version}}' 2>/dev/null) || true
  ensure_release helm "$found" "$HELM_VERSION" "the Traefik chart was checked with"
}

# Downloads a pinned tool into TOOLS_BIN, checked against the SHA-256 pinned for it in versions.sh.
fetch_tool() {
  local name=$1 os arch url archive expected actual
  command -v curl >/dev/null 2>&1 || die "$name is missing and so is curl to fetch it: apt-get install curl"
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "no $name download for $(uname -m): install $name yourself" ;;
  esac
  case "$name" in
    kind) url=https://github.com/kubernetes-sigs/kind/releases/download/$KIND_VERSION/kind-$os-$arch ;;
    kubectl) url=https://dl.k8s.io/release/$KUBECTL_VERSION/bin/$os/$arch/kubectl ;;
    helm) url=https://get.helm.sh/helm-$HELM_VERSION-$os-$arch.tar.gz ;;
    *) die "no pinned download for $name" ;;
  esac
  expected=$(printf '%s\n' "$TOOL_SHA256" | awk -v tool="$name" -v platform="$os-$arch" '$1 == tool && $2 == platform { print $3 }')
  [ -n "$expected" ] || die "no checksum for $name on $os-$arch in scripts/cluster/versions.sh (TOOL_SHA256): install $name yourself"
  step "fetching $name into $TOOLS_BIN from $url"
  mkdir -p "$TOOLS_BIN"
  archive=$(mktemp "$TOOLS_BIN/.$name.XXXXXX")
  curl -fsSL --retry 3 --max-time 300 -o "$archive" "$url" || { rm -f "$archive"; die "cannot download $url"; }
  actual=$(sha256_of "$archive") || { rm -f "$archive"; die "cannot check $name's checksum: install coreutils (sha256sum) or perl (shasum)"; }
  if [ "$actual" != "$expected" ]; then
    rm -f "$archive"
    die "$name from $url does not match the checksum pinned in scripts/cluster/versions.sh: not installed"
  fi
  if [ "$name" = helm ]; then
    tar -xzf "$archive" -C "$TOOLS_BIN" --strip-components=1 "$os-$arch/helm"
    rm -f "$archive"
  else
    mv "$archive" "$TOOLS_BIN/$name"
  fi
  chmod 0755 "$TOOLS_BIN/$name"
}

# On CLUSTER=current the Ingress answers at PLATFORM_HOST once its controller has published an
# address on it, which that name must resolve to (INGRESS_URL overrides, e.g. where the name is
# reached otherwise): make up, make smoke and the drills all go through it. On kind and k3s the
# Ingress answers at localhost.
find_ingress_url() {
  [ "$CLUSTER" = current ] && [ -z "$INGRESS_URL_GIVEN" ] || return 0
  [ -n "$PLATFORM_HOST" ] || die "$CURRENT_NEEDS_HOST"
  local address=""
  for _ in $(seq 1 60); do
    address=$(kube -n "$NAMESPACE" get ingress platform \
      -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}' < /dev/null) || true
    [ -z "$address" ] || break
    sleep 2
  done
  [ -n "$address" ] || die "ingress/platform got no address from its controller within 120 s: set INGRESS_URL= to where it answers"
  step "the Ingress's controller published $address: $PLATFORM_HOST must resolve to it"
}
