# shellcheck shell=bash
# Where the Kubernetes binaries built from tools/kubernetes live. Sourced, not run; the sourcing
# script sets ROOT.

# The Kubernetes release, read from the module that builds it: the one place it is written.
KUBERNETES_VERSION=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v[0-9]/ { print $2 }' "$ROOT/tools/kubernetes/go.mod")
[ -n "$KUBERNETES_VERSION" ] || { echo "kubernetes: tools/kubernetes/go.mod requires no k8s.io/kubernetes version" >&2; exit 1; }

# What build.sh builds: Kubernetes' own commands (k8s.io/kubernetes/cmd/<name>), then etcd. Each is a
# tool of tools/kubernetes/go.mod too, which keeps its modules in go.sum.
# shellcheck disable=SC2034 # used by the scripts that source this file
KUBERNETES_COMMANDS=(kube-apiserver kube-controller-manager kubectl)

# The binaries' folder: outside the clone, one per release and module (its go.sum), so that a new
# clone reuses them and a changed module builds afresh.
kubernetes_bin() {
  local sum
  sum=$(sha256sum "$ROOT/tools/kubernetes/go.sum" | cut -c1-12)
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/quarkus-k8s-platform/kubernetes/$KUBERNETES_VERSION-$sum/bin"
}
