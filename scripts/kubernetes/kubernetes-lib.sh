# shellcheck shell=bash
# Where the parts built from the Go modules in tools/ live. Sourced, not run; the sourcing script
# sets ROOT.
#   tools/kubernetes  Kubernetes' own commands and etcd (the control plane, the nodes' agents, kubectl)
#   tools/node        what a node runs beside them: containerd, the CNI plugins, CoreDNS
#   tools/traefik     the ingress controller
# Each module's `tool` block is the list of what gets built.

# The Kubernetes release, read from the module that builds it: the one place it is written.
KUBERNETES_VERSION=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v[0-9]/ { print $2 }' "$ROOT/tools/kubernetes/go.mod")
[ -n "$KUBERNETES_VERSION" ] || { echo "kubernetes: tools/kubernetes/go.mod requires no k8s.io/kubernetes version" >&2; exit 1; }

# The packages of a module's tool directives (a block, or one line), one per line.
module_tools() { # module (kubernetes, node or traefik)
  awk '/^tool \(/ { inside = 1; next } inside && /^\)/ { inside = 0; next } inside { print $1 } /^tool [^(]/ { print $2 }' \
    "$ROOT/tools/$1/go.mod"
}

# The name go build gives a package's binary: its last element, or the one before a trailing major
# version.
go_binary_name() { # package
  local name=${1##*/} parent=${1%/*}
  [[ ! "$name" =~ ^v[0-9]+$ ]] || name=${parent##*/}
  echo "$name"
}

# The name a built binary is kept under: go build's, but etcd's server is called etcd.
binary_name() { # package
  if [ "$1" = go.etcd.io/etcd/server/v3 ]; then echo etcd; else go_binary_name "$1"; fi
}

# A module's version as go.mod requires it, e.g. module_version node github.com/coredns/coredns.
module_version() { # module path
  awk -v path="$2" '$1 == "require" { $1 = ""; $0 = $0 } $1 == path && $2 ~ /^v[0-9]/ { print $2; exit }' "$ROOT/tools/$1/go.mod"
}

# A module's binaries' folder: outside the clone, one per module content (its go.sum), so that a
# new clone reuses them and a changed module builds afresh.
module_bin() { # module
  local sum
  sum=$(sha256sum "$ROOT/tools/$1/go.sum" | cut -c1-12)
  case "$1" in
    kubernetes) echo "${XDG_CACHE_HOME:-$HOME/.cache}/quarkus-k8s-platform/kubernetes/$KUBERNETES_VERSION-$sum/bin" ;;
    *) echo "${XDG_CACHE_HOME:-$HOME/.cache}/quarkus-k8s-platform/$1/$sum/bin" ;;
  esac
}

kubernetes_bin() {
  module_bin kubernetes
}
