#!/usr/bin/env bash
# Builds the Kubernetes parts the project runs (etcd, kube-apiserver, kube-controller-manager,
# kubectl) from the Go module in tools/kubernetes, once, into a cache outside the clone keyed by the
# Kubernetes version and the module's go.sum. Prints the directory of the binaries on stdout, and on
# stderr how long the build took (0 s when the binaries were cached).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/kubernetes/kubernetes-lib.sh
. "$ROOT/scripts/kubernetes/kubernetes-lib.sh"

bin=$(kubernetes_bin)
cached=true
for binary in "${KUBERNETES_COMMANDS[@]}" etcd; do
  [ -x "$bin/$binary" ] || cached=false
done
if [ "$cached" = true ]; then
  echo "kubernetes: $KUBERNETES_VERSION binaries cached in $bin (0 s)" >&2
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "kubernetes: no go on PATH: install Go 1.26 or newer (apt-get install golang-go is too old on Debian 12; use the Go tarball's toolchain)" >&2; exit 1; }

started=$(date +%s)
partial="$bin.partial"
rm -rf "$partial"
mkdir -p "$partial"
version_pkgs=(k8s.io/component-base/version k8s.io/client-go/pkg/version)
minor=${KUBERNETES_VERSION#v1.}
minor=${minor%%.*}
ldflags="-s -w"
for pkg in "${version_pkgs[@]}"; do
  ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean"
done
# Release builds' flags (Kubernetes' hack/lib/golang.sh): static, no test hooks, no gRPC tracing.
cd "$ROOT/tools/kubernetes"
echo "kubernetes: building $KUBERNETES_VERSION into $bin (about 7 min on 2 cores from empty Go caches, seconds from warm ones)" >&2
CGO_ENABLED=0 go build -trimpath -tags selinux,notest,grpcnotrace -ldflags "$ldflags" -o "$partial/" \
  "${KUBERNETES_COMMANDS[@]/#/k8s.io/kubernetes/cmd/}" >&2
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$partial/etcd" go.etcd.io/etcd/server/v3 >&2
rm -rf "$bin"
mv "$partial" "$bin"
echo "kubernetes: built in $(( $(date +%s) - started )) s" >&2
echo "$bin"
