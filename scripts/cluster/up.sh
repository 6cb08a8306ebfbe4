#!/usr/bin/env bash
# make up: the platform on a cluster, from nothing to a passing smoke suite, idempotently.
#   CLUSTER=kind (default)  creates the kind cluster from k8s/kind/cluster.yaml if absent, installs
#                           Traefik and cloud-provider-kind, loads the images with kind load
#   CLUSTER=k3s             uses the running k3s (its kubeconfig, Traefik and ServiceLB), imports
#                           the images into its containerd (one node; more need REGISTRY)
#   CLUSTER=current         uses the current kubectl context as it is: installs nothing, uses its
#                           IngressClass (INGRESS_CLASS, else the default); needs REGISTRY
#   REGISTRY=host[:port][/path]  pushes the images there (for every architecture of the nodes) and
#                           applies them by digest; REGISTRY_PULL_SECRET=1 adds your Docker credentials
#                           as the pods' imagePullSecret
# Both then create the per-install Secrets when absent (k8s/base/app/install-secrets), apply
# k8s/overlays/$CLUSTER, wait for the setup Job and every rollout, run the smoke
# suite through the Ingress and the HTTPRoute and print the URLs. make up runs `up.sh --preflight`
# (Docker, the pinned tools and Gateway API CRDs fetched, the doctor's required checks) before make
# build, so a missing tool stops it before a minute of building; then `up.sh`, which expects both to
# have run.
# Env: BASE_IMAGE (images' Java base), WAIT_SECONDS (300). The images are tagged with the pom's
# version, the tag the manifests name.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT=up
# shellcheck source=scripts/cluster/cluster-lib.sh
source "$ROOT/scripts/cluster/cluster-lib.sh"
WAIT_SECONDS=${WAIT_SECONDS:-300}
VERSION=$(project_version)

preflight() {
  case "$ENGINE" in
    docker) ;;
    podman) die "$PODMAN_REFUSAL" ;;
    *) die "docker is not installed: $INSTALL_DOCKER" ;;
  esac
  if [ "$CLUSTER" = kind ]; then
    ensure_kind
    ensure_kubectl
    ensure_helm
  elif [ "$CLUSTER" = k3s ]; then
    command -v k3s >/dev/null 2>&1 || die "k3s is not installed: curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=$K3S_VERSION sh -"
    ensure_kubectl
  else
    [ -n "$PLATFORM_HOST" ] || [ -n "$INGRESS_URL_GIVEN" ] || die "$CURRENT_NEEDS_HOST"
    ensure_kubectl
  fi
  # Fetched now, with the tools: a missing unzip or a wrong download stops make up before the build.
  [ "$CLUSTER" = current ] || "$ROOT/scripts/cluster/gateway-api-crds.sh" >/dev/null
  "$ROOT/scripts/cluster/doctor.sh" --preflight
  # Before the build: a rollout that cannot finish is refused now, not after 300 s of waiting.
  local problem
  problem=$(images_unreachable)
  [ -z "$problem" ] || die "$problem"
}

prepare_kind() {
  if kind_cluster_exists; then
    step "kind cluster $KIND_CLUSTER_NAME exists: keeping it"
  else
    step "creating kind cluster $KIND_CLUSTER_NAME ($KIND_NODE_IMAGE), 1-3 minutes"
    kind create cluster --name "$KIND_CLUSTER_NAME" --config "$KIND_CONFIG" --image "$KIND_NODE_IMAGE" --wait 180s
  fi
  step "Gateway API CRDs $GATEWAY_API_VERSION (server-side apply: no change when already there)"
  "$ROOT/scripts/cluster/gateway-api-crds.sh" install kubectl --context "kind-$KIND_CLUSTER_NAME"
  step "Traefik chart $TRAEFIK_CHART_VERSION (helm upgrade --install: no change when already there)"
  helm upgrade --install traefik traefik --repo "$TRAEFIK_CHART_REPO" --version "$TRAEFIK_CHART_VERSION" \
    --kube-context "kind-$KIND_CLUSTER_NAME" --namespace traefik --create-namespace \
    --values "$ROOT/k8s/kind/traefik-values.yaml" --wait --timeout "${WAIT_SECONDS}s"
  if [ -n "$(docker ps --quiet --filter "name=^$LB_PROVIDER_CONTAINER\$")" ]; then
    step "cloud-provider-kind is running"
  else
    step "starting cloud-provider-kind (LoadBalancer addresses) as container $LB_PROVIDER_CONTAINER"
    docker rm --force "$LB_PROVIDER_CONTAINER" >/dev/null 2>&1 || true
    # Only LoadBalancer Services: Traefik is the Ingress, and no Gateway API is wanted.
    local mapping=()
    ! engine_in_vm || mapping=(--enable-lb-port-mapping)
    docker run --detach --name "$LB_PROVIDER_CONTAINER" --restart unless-stopped --network kind \
      --volume /var/run/docker.sock:/var/run/docker.sock "$CLOUD_PROVIDER_KIND_IMAGE" \
      --enable-default-ingress=false --gateway-channel=disabled ${mapping[@]+"${mapping[@]}"}
  fi
}

# On a freshly started k3s the Traefik Deployment does not exist yet (its helm-install Job creates
# it), and rollout status fails at once on a missing Deployment: wait up to 120 s for it first.
prepare_k3s() {
  step "Gateway API CRDs $GATEWAY_API_VERSION, and k3s' Traefik with its Gateway provider (k8s/k3s/traefik-config.yaml)"
  "$ROOT/scripts/cluster/gateway-api-crds.sh" install kubectl --kubeconfig "$K3S_KUBECONFIG"
  if kube -n kube-system get helmchartconfig traefik -o name >/dev/null 2>&1 \
    && [ -z "$(kube -n kube-system get helmchartconfig traefik -l "$PLATFORM_SELECTOR" -o name --ignore-not-found)" ]; then
    step "kube-system/helmchartconfig traefik is yours: kept (it needs the values of k8s/k3s/traefik-config.yaml)"
  else
    kube apply -f "$ROOT/k8s/k3s/traefik-config.yaml" >/dev/null
  fi
  step "waiting for k3s' Traefik"
  for _ in $(seq 1 60); do
    if kube -n kube-system get deployment traefik >/dev/null 2>&1; then
      kube -n kube-system rollout status deployment/traefik --timeout="${WAIT_SECONDS}s"
      return
    fi
    sleep 2
  done
  die "k3s has no Traefik Deployment after 120s: kubectl -n kube-system get jobs shows its helm-install job (k3s installed with --disable traefik needs a reinstall without it)"
}

# Any cluster, as it is: nothing is installed. The Ingress gets its IngressClass (INGRESS_CLASS, else
# the cluster's default), and the NetworkPolicies admit that controller's namespace (INGRESS_NAMESPACE,
# else read from its pods) and keep the nodes' pod CIDRs out of the gateway's outside rule.
prepare_current() {
  step "using kubectl context $CURRENT_CONTEXT as it is: no ingress controller or load balancer is installed"
  INGRESS_CLASS=${INGRESS_CLASS:-$(default_ingress_classes | head -n 1)}
  [ -n "$INGRESS_CLASS" ] \
    || die "the cluster has no default IngressClass: install an ingress controller, or name a class with INGRESS_CLASS= (kubectl get ingressclass)"
  kube get ingressclass "$INGRESS_CLASS" -o name < /dev/null >/dev/null 2>&1 \
    || die "there is no IngressClass $INGRESS_CLASS: kubectl get ingressclass lists the cluster's"
  INGRESS_NAMESPACE=${INGRESS_NAMESPACE:-$(controller_namespace "$INGRESS_CLASS")}
  [ -n "$INGRESS_NAMESPACE" ] \
    || die "cannot tell which namespace IngressClass $INGRESS_CLASS's controller runs in: set INGRESS_NAMESPACE="
  read_lines POD_CIDRS < <(kube get nodes -o jsonpath='{range .items[*]}{.spec.podCIDR}{"\n"}{end}' < /dev/null | sed '/^$/d' | sort -u)
  local cidrs=${POD_CIDRS[*]+"${POD_CIDRS[*]}"}
  step "IngressClass $INGRESS_CLASS, its controller in namespace $INGRESS_NAMESPACE; pod CIDRs: ${cidrs:-none on the nodes}"
  # The Gateway's listener takes Traefik's web entry point by its port: only Traefik's class will do.
  if kube get gatewayclass traefik -o name < /dev/null >/dev/null 2>&1; then
    GATEWAY_API=1
    step "GatewayClass traefik: the HTTPRoute of ingress/gateway-api comes too"
  else
    step "no GatewayClass traefik: the Ingress alone (ingress/gateway-api needs Traefik's Gateway provider)"
  fi
}

# The namespace of the controller an IngressClass names, from the label its chart puts on its pods.
controller_namespace() { # ingress class
  local selector
  case "$(kube get ingressclass "$1" -o jsonpath='{.spec.controller}' < /dev/null)" in
    traefik.io/ingress-controller) selector=app.kubernetes.io/name=traefik ;;
    k8s.io/ingress-nginx) selector=app.kubernetes.io/name=ingress-nginx ;;
    *) return 0 ;;
  esac
  kube get pods --all-namespaces -l "$selector" -o jsonpath='{.items[0].metadata.namespace}' < /dev/null
}

# kind's nodes reach a registry on this host's loopback through the kind network's gateway: each
# node's containerd gets a hosts.toml (its config_path is /etc/containerd/certs.d from kind v0.27 on)
# that sends REGISTRY there over plain HTTP. Checked from a node before anything is applied.
point_kind_nodes_at_registry() {
  local host=${REGISTRY%%/*} gateway node target
  case "$host" in
    127.0.0.1:* | localhost:*) ;;
    *) return 0 ;;
  esac
  gateway=$(docker network inspect kind --format '{{range .IPAM.Config}}{{.Gateway}} {{end}}' | tr ' ' '\n' | grep -m 1 '^[0-9.]*$')
  target=$gateway:${host##*:}
  for node in $(kind get nodes --name "$KIND_CLUSTER_NAME"); do
    docker exec "$node" mkdir -p "/etc/containerd/certs.d/$host"
    printf '[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n' "$target" \
      | docker exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/$host/hosts.toml"
  done
  docker exec "$KIND_CLUSTER_NAME-control-plane" curl -fsS --max-time 5 -o /dev/null "http://$target/v2/" \
    || die "kind's nodes cannot reach the registry at $target (it answers on $host here): make registry-down, then REGISTRY_LISTEN=0.0.0.0:${host##*:} make registry"
}

# Your Docker credentials for REGISTRY as the Secret registry-credentials in both namespaces, when
# REGISTRY_PULL_SECRET=1 asks for it; deploy_kustomization names it on every ServiceAccount. Only that
# registry's entry of config.json goes in (registry-entry.awk), to kubectl through a file
# descriptor: your other registries' credentials stay here.
ensure_pull_secret() {
  local config=${DOCKER_CONFIG:-$HOME/.docker}/config.json host=${REGISTRY%%/*} entry namespace
  entry=$(awk -v host="$host" -f "$ROOT/scripts/cluster/registry-entry.awk" "$config" 2>/dev/null) \
    || die "$config holds no credentials for $host: docker login $host (a credential helper keeps them elsewhere: create the Secret registry-credentials yourself)"
  for namespace in "${PLATFORM_NAMESPACES[@]}"; do
    step "secret registry-credentials in $namespace: the entry for $host in $config, no other"
    kube -n "$namespace" create secret generic registry-credentials --type=kubernetes.io/dockerconfigjson \
      --from-file=.dockerconfigjson=<(printf '%s\n' "$entry") --dry-run=client -o yaml < /dev/null | kube apply -f - >/dev/null
  done
}

# One kustomize images: entry: the image of this name, run from REGISTRY by tag and digest.
image_entry() { # name tag digest
  printf '  - name: %s\n    newName: %s\n    newTag: %s\n    digest: %s\n' "$1" "$REGISTRY/$1" "$2" "$3"
}

# What make up applies, written each time to target/deploy/$CLUSTER (never committed): the
# cluster's overlay (on CLUSTER=current the base, the Ingress and, with GATEWAY_API=1, its HTTPRoute)
# and what only this install knows: the pushed images by digest, the pull secret, PLATFORM_HOST's
# rules, and on CLUSTER=current the IngressClass, its controller's namespace in the NetworkPolicies
# and the nodes' pod CIDRs.
deploy_kustomization() {
  local dir=$ROOT/target/deploy/$CLUSTER pushed mirrored image cidrs
  mkdir -p "$dir"
  {
    echo "# Written by make up (scripts/cluster/up.sh) for this install; never committed."
    echo "apiVersion: kustomize.config.k8s.io/v1beta1"
    echo "kind: Kustomization"
    echo "resources:"
    if [ "$CLUSTER" = current ]; then
      printf '  - ../../../k8s/base\n  - ../../../ingress\n'
      [ "$GATEWAY_API" != 1 ] || printf 'components:\n  - ../../../ingress/gateway-api\n'
    else
      echo "  - ../../../k8s/overlays/$CLUSTER"
    fi
    if [ ${#PUSHED[@]} -gt 0 ]; then
      echo "images:"
      # name:tag@digest: the digest is what runs, the tag (a service's version) what people and the
      # drills read.
      for pushed in ${PUSHED[@]+"${PUSHED[@]}"}; do
        image_entry "${pushed%%=*}" "$VERSION" "${pushed#*=}"
      done
      for mirrored in ${MIRRORED[@]+"${MIRRORED[@]}"}; do
        image=${mirrored%%=*}
        image_entry "${image%%:*}" "${image#*:}" "${mirrored#*=}"
      done
    fi
    if [ "$CLUSTER" = current ] || [ "${REGISTRY_PULL_SECRET:-}" = 1 ] || [ -n "$PLATFORM_HOST" ]; then
      echo "patches:"
    fi
    if [ -n "$PLATFORM_HOST" ]; then
      # localhost's rule once more, for PLATFORM_HOST: the same paths under a second host.
      printf '  - target:\n      kind: Ingress\n      name: platform\n    patch: |-\n'
      printf '      - op: copy\n        from: /spec/rules/0\n        path: /spec/rules/-\n'
      printf '      - op: replace\n        path: /spec/rules/1/host\n        value: %s\n' "$PLATFORM_HOST"
      if [ "$GATEWAY_API" = 1 ]; then
        printf '  - target:\n      kind: HTTPRoute\n      name: platform\n    patch: |-\n'
        printf '      - op: add\n        path: /spec/hostnames/-\n        value: %s\n' "$GATEWAY_API_HOST.$PLATFORM_HOST"
      fi
    fi
    if [ "$CLUSTER" = current ]; then
      printf '  - target:\n      kind: Ingress\n      name: platform\n    patch: |-\n'
      printf '      - op: replace\n        path: /spec/ingressClassName\n        value: %s\n' "$INGRESS_CLASS"
      printf '  - target:\n      kind: NetworkPolicy\n      labelSelector: quarkus-k8s-platform/ingress-controller-peer=first\n    patch: |-\n'
      printf '      - op: replace\n        path: /spec/ingress/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name\n'
      printf '        value: %s\n' "$INGRESS_NAMESPACE"
      # Another controller's pods carry other labels: its namespace alone names it.
      printf '      - op: remove\n        path: /spec/ingress/0/from/0/podSelector\n'
      if [ ${#POD_CIDRS[@]} -gt 0 ]; then
        cidrs=$(printf '%s, ' ${POD_CIDRS[@]+"${POD_CIDRS[@]}"})
        printf '  - target:\n      kind: NetworkPolicy\n      name: gateway-ingress\n    patch: |-\n'
        printf '      - op: replace\n        path: /spec/ingress/1/from/0/ipBlock/except\n        value: [%s]\n' "${cidrs%, }"
      fi
    fi
    if [ "${REGISTRY_PULL_SECRET:-}" = 1 ]; then
      printf '  - target:\n      kind: ServiceAccount\n    patch: |-\n'
      printf '      - op: add\n        path: /imagePullSecrets\n        value: [{name: registry-credentials}]\n'
    fi
  } > "$dir/kustomization.yaml"
  echo "$dir"
}

# Each Secret of k8s/base/app/install-secrets, created with random values when absent and kept when
# present. A Secret listed for several namespaces holds one value in all of them: a namespace that
# lacks it gets the value another one holds. The values go to kubectl through a file descriptor,
# never its command line, which every user of the machine can read. The namespaces come first.
ensure_secrets() {
  local namespaces name keys namespace key values missing holder
  kube apply -f "$ROOT/k8s/base/namespaces.yaml" < /dev/null
  while read -r namespaces name keys; do
    case "$namespaces" in '' | '#'*) continue ;; esac
    missing="" holder=""
    for namespace in ${namespaces//,/ }; do
      if kube -n "$namespace" get secret "$name" -o name < /dev/null >/dev/null 2>&1; then
        step "secret $name exists in $namespace: keeping it"
        holder=${holder:-$namespace}
      else
        missing="$missing $namespace"
      fi
    done
    [ -n "$missing" ] || continue
    if [ -n "$holder" ]; then
      step "copying secret $name from $holder to$missing"
      # shellcheck disable=SC2016 # a kubectl template, not a shell expansion
      values=$(kube -n "$holder" get secret "$name" \
        -o go-template='{{range $k, $v := .data}}{{$k}}={{$v | base64decode}}{{"\n"}}{{end}}' < /dev/null)
    else
      step "creating secret $name with random values for $keys in$missing"
      values=$(for key in $keys; do printf '%s=%s\n' "$key" "$(random_hex 24)"; done)
    fi
    for namespace in $missing; do
      kube -n "$namespace" create secret generic "$name" --from-env-file=<(printf '%s\n' "$values") < /dev/null >/dev/null
    done
  done < "$ROOT/k8s/base/app/install-secrets"
}

# A Job's pod template cannot change: a setup Job that ran another template (another image, another
# env) is replaced, not patched. The Job carries the digest of the Job document it was applied from
# (an annotation, which apply leaves alone), and the one about to be applied is rendered to compare.
SETUP_DIGEST=quarkus-k8s-platform/applied-digest
setup_job_digest() { # kustomization
  local rendered=$ROOT/target/up/setup-job.yaml
  mkdir -p "$(dirname "$rendered")"
  kube kustomize "$1" < /dev/null \
    | awk '/^---$/ { if (job) printf "%s", doc; doc = ""; job = 0; next } { doc = doc $0 "\n" } /^kind: Job$/ { job = 1 }
           END { if (job) printf "%s", doc }' > "$rendered"
  sha256_of "$rendered"
}

replace_stale_setup_job() { # digest
  local name applied
  read -r name applied < <(kube -n "$NAMESPACE" get job setup --ignore-not-found \
    -o "jsonpath={.metadata.name} {.metadata.annotations.$SETUP_DIGEST}" < /dev/null) || true
  if [ -n "$name" ] && [ "$applied" != "$1" ]; then
    step "the setup Job ran another template: deleting it so this one can run"
    kube -n "$NAMESPACE" delete job setup --wait=true < /dev/null
  fi
}

wait_for_platform() {
  step "waiting for the setup Job (migrate, seed), at most ${WAIT_SECONDS}s"
  kube -n "$NAMESPACE" wait --for=condition=complete job/setup --timeout="${WAIT_SECONDS}s" \
    || { explain_failure; die "the setup Job did not complete within ${WAIT_SECONDS}s (events above)"; }
  for deployment in "${HTTP_SERVICES[@]}"; do
    step "waiting for deployment/$deployment"
    kube -n "$NAMESPACE" rollout status "deployment/$deployment" --timeout="${WAIT_SECONDS}s" \
      || { explain_failure; die "deployment/$deployment was not Available within ${WAIT_SECONDS}s (events above)"; }
  done
  step "waiting for the log agent DaemonSet"
  kube -n platform-logging rollout status daemonset/log-agent --timeout="${WAIT_SECONDS}s" \
    || { explain_failure; die "daemonset/log-agent was not ready within ${WAIT_SECONDS}s"; }
}

# The LoadBalancer's URL from this host: its address on the kind network, or, where the provider
# publishes it on the host, 127.0.0.1 and the published port (docker port of its container).
lb_url() { # address port
  local container published
  if [ "$CLUSTER" = kind ] && engine_in_vm; then
    container=$(docker ps --quiet --filter "label=$LB_SERVICE_LABEL=$KIND_CLUSTER_NAME/$NAMESPACE/gateway-lb")
    published=$(docker port "$container" "$2/tcp" 2>/dev/null | head -n 1)
    [ -n "$published" ] || return 1
    echo "http://127.0.0.1:${published##*:}/"
  else
    echo "http://$1:$2/"
  fi
}

# Whether GET /api/gateway/info answers through the load balancer within about 10 s.
lb_answers() {
  for _ in $(seq 1 10); do
    curl -fsS --max-time 5 -o /dev/null "${1}api/gateway/info" 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

# The addresses of the gateway, under the heading $1: printed after a failed smoke suite too, since
# they are where to look next.
print_urls() {
  local address="" port="" lb url node=127.0.0.1
  # kind publishes the NodePort on the host's loopback; on k3s the node's own address answers.
  [ "$CLUSTER" = kind ] || node=$(kube get nodes -o jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}')
  for _ in $(seq 1 30); do
    read -r address port < <(kube -n "$NAMESPACE" get service gateway-lb \
      -o jsonpath='{.status.loadBalancer.ingress[0].ip}{" "}{.spec.ports[0].port}{"\n"}') || true
    [ -z "$address" ] || [ -z "$port" ] || break
    sleep 2
  done
  lb="none yet: kubectl -n $NAMESPACE get service gateway-lb shows when it gets an address"
  if [ -n "$address" ] && [ -n "$port" ] && url=$(lb_url "$address" "$port"); then
    lb=$url
    if command -v curl >/dev/null 2>&1; then
      if lb_answers "$url"; then lb="$url   (answers)"; else lb="$url   (did not answer GET /api/gateway/info from this host within 10 s)"; fi
    fi
  fi
  echo
  echo "$1"
  echo "  Ingress       $INGRESS_URL/   (/api/catalog, /api/orders, /api/logs)"
  [ "$GATEWAY_API" != 1 ] || echo "  Gateway API   $GATEWAY_URL/   (the same routes as an HTTPRoute)"
  echo "  NodePort      http://$node:$NODEPORT/"
  echo "  LoadBalancer  $lb"
  echo "  Log search needs the install's read token (the page asks for it):"
  echo "    $LOG_READER_HOWTO"
  echo "Next: make smoke, make drill, make doctor; make down removes it."
}

if [ "${1:-}" = --preflight ]; then
  preflight
  exit 0
fi
[ -f "$E2E_JAR" ] || die "the services are not built: run make build (make up runs it)"
PUSHED=()
MIRRORED=()
# kind and k3s: their overlays hold the HTTPRoute, and prepare_* installs what it needs.
GATEWAY_API=1
[ "$CLUSTER" != current ] || GATEWAY_API=0
POD_CIDRS=()
"prepare_$CLUSTER"

if [ -n "$REGISTRY" ]; then
  publish_images "$VERSION" "${IMAGE_SERVICES[@]}"
  mirror_images
  [ "$CLUSTER" != kind ] || point_kind_nodes_at_registry
else
  step "building the images, version $VERSION"
  VERSION=$VERSION "$ROOT/images/build-images.sh"
  step "loading the images into $CLUSTER"
  load_images "${IMAGE_SERVICES[@]/%/:$VERSION}"
fi

ensure_secrets
[ "${REGISTRY_PULL_SECRET:-}" != 1 ] || ensure_pull_secret
deployed=$OVERLAY
if [ -n "$REGISTRY" ] || [ "$CLUSTER" = current ] || [ -n "$PLATFORM_HOST" ]; then
  deployed=$(deploy_kustomization)
fi
setup_digest=$(setup_job_digest "$deployed")
replace_stale_setup_job "$setup_digest"
step "applying ${deployed#"$ROOT"/}"
kube apply -k "$deployed"
kube -n "$NAMESPACE" annotate job setup "$SETUP_DIGEST=$setup_digest" --overwrite >/dev/null
wait_for_platform

find_ingress_url
step "smoke suite through the Ingress at $INGRESS_URL"
export_logs_read_token
if ! e2e_tool smoke --base-url "$INGRESS_URL" --wait-seconds 60; then
  print_urls "The platform is applied on $CLUSTER (version $VERSION), but the smoke suite failed:"
  die "the smoke suite failed through $INGRESS_URL (its report is above): make smoke runs it again, make doctor checks the cluster"
fi
if gateway_api_installed; then
  step "smoke suite through the Gateway API route at $GATEWAY_URL"
  if ! e2e_tool smoke --base-url "$GATEWAY_URL" --wait-seconds 60; then
    print_urls "The platform is applied on $CLUSTER (version $VERSION); it passed through the Ingress, not through the Gateway API route:"
    die "the smoke suite failed through $GATEWAY_URL (its report is above): make smoke runs it again, kubectl -n $NAMESPACE describe httproute platform shows Traefik's verdict"
  fi
fi
print_urls "The platform is up on $CLUSTER (version $VERSION):"
