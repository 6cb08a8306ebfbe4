#!/usr/bin/env bash
# Builds the tools of a Go module in tools/ (kubernetes: etcd and Kubernetes' commands; node:
# containerd, the CNI plugins, CoreDNS; traefik: Traefik), once, into a cache outside the clone keyed
# by the module's go.sum. Prints the directory of the binaries on stdout, and on stderr how long the
# build took (0 s when the binaries were cached).
#   build.sh [kubernetes|node|traefik]   (default kubernetes)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/kubernetes/kubernetes-lib.sh
. "$ROOT/scripts/kubernetes/kubernetes-lib.sh"

module=${1:-kubernetes}
[ -f "$ROOT/tools/$module/go.mod" ] || { echo "kubernetes: no module tools/$module: build.sh kubernetes, node or traefik" >&2; exit 1; }
bin=$(module_bin "$module")
mapfile -t packages < <(module_tools "$module")
[ ${#packages[@]} -gt 0 ] || { echo "kubernetes: tools/$module/go.mod lists no tool" >&2; exit 1; }
cached=true
for package in "${packages[@]}"; do
  [ -x "$bin/$(binary_name "$package")" ] || cached=false
done
if [ "$cached" = true ]; then
  echo "kubernetes: tools/$module binaries cached in $bin (0 s)" >&2
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "kubernetes: no go on PATH: install Go 1.26 or newer (apt-get install golang-go is too old on Debian 12; use the Go tarball's toolchain)" >&2; exit 1; }

started=$(date +%s)
partial="$bin.partial"
rm -rf "$partial"
mkdir -p "$partial"
ldflags="-s -w"
tags=""
case "$module" in
  kubernetes)
    minor=${KUBERNETES_VERSION#v1.}
    minor=${minor%%.*}
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
      ldflags+=" -X $pkg.gitTreeState=clean"
    done
    # Release builds' flags (Kubernetes' hack/lib/golang.sh): no test hooks, no gRPC tracing.
    tags=selinux,notest,grpcnotrace
    echo "kubernetes: building $KUBERNETES_VERSION into $bin (about 10 min on 2 cores from empty Go caches, seconds from warm ones)" >&2 ;;
  traefik)
    # Its own build script: stubs stand in for the modules the Go proxy refuses (tools/traefik/build.sh).
    echo "kubernetes: building Traefik into $bin (about 6 min on 2 cores from empty Go caches)" >&2
    "$ROOT/tools/traefik/build.sh" "$partial/traefik" >&2 ;;
  node)
    ldflags+=" -X github.com/containerd/containerd/v2/version.Version=$(module_version node github.com/containerd/containerd/v2)"
    echo "kubernetes: building containerd, the CNI plugins and CoreDNS into $bin (about 8 min on 2 cores from empty Go caches)" >&2 ;;
esac
cd "$ROOT/tools/$module"
# Static binaries: they run on any Linux host, in a node's namespaces and in an image of their own.
[ "$module" = traefik ] || CGO_ENABLED=0 go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$partial/" "${packages[@]}" >&2
for package in "${packages[@]}"; do
  built=$(go_binary_name "$package")
  [ "$built" = "$(binary_name "$package")" ] || mv "$partial/$built" "$partial/$(binary_name "$package")"
done
rm -rf "$bin"
mv "$partial" "$bin"
echo "kubernetes: built in $(( $(date +%s) - started )) s" >&2
echo "$bin"
