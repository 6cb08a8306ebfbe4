#!/usr/bin/env bash
# The Gateway API CRDs pinned in scripts/cluster/versions.sh (standard channel), from the module's
# zip on the Go module proxy, its SHA-256 checked the first time; cached outside the clone, by
# version. Used by make cluster, make up (kind, k3s) and make test's API server.
#   gateway-api-crds.sh                          prints their folder
#   gateway-api-crds.sh install KUBECTL [ARG...]  applies them with that kubectl command (server-side:
#                                                one CRD is larger than apply's annotation may be) and
#                                                waits until the API server serves those the platform uses
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# sha256_of
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/cluster/versions.sh
source "$ROOT/scripts/cluster/versions.sh"
die() { echo "gateway-api-crds: $*" >&2; exit 1; }

module=sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION
cache=${XDG_CACHE_HOME:-$HOME/.cache}/quarkus-k8s-platform/gateway-api/$GATEWAY_API_VERSION-${GATEWAY_API_SHA256:0:16}
if [ ! -d "$cache/standard" ]; then
  command -v curl >/dev/null 2>&1 || die "curl is missing: apt-get install curl (brew install curl)"
  command -v unzip >/dev/null 2>&1 || die "unzip is missing: apt-get install unzip (brew install unzip)"
  url=https://proxy.golang.org/sigs.k8s.io/gateway-api/@v/$GATEWAY_API_VERSION.zip
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.fetch.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "gateway-api-crds: fetching $url" >&2
  curl -fsSL --retry 3 --max-time 300 -o "$work/module.zip" "$url" || die "cannot download $url"
  [ "$(sha256_of "$work/module.zip")" = "$GATEWAY_API_SHA256" ] \
    || die "$url does not match the checksum pinned in scripts/cluster/versions.sh: not used"
  unzip -q "$work/module.zip" "$module/config/crd/standard/*" -d "$work"
  # A rename, so a folder that exists is whole.
  mv "$work/$module/config/crd/standard" "$cache/standard"
fi
case "${1:-}" in
  '') echo "$cache/standard" ;;
  install)
    shift
    [ $# -gt 0 ] || die "usage: $0 install KUBECTL [ARG...]"
    # --force-conflicts: on k3s another manager (its Traefik CRD chart) may have applied them first.
    "$@" apply --server-side --force-conflicts -f "$cache/standard" >/dev/null
    "$@" wait --for condition=Established --timeout=60s \
      crd/gatewayclasses.gateway.networking.k8s.io crd/gateways.gateway.networking.k8s.io \
      crd/httproutes.gateway.networking.k8s.io >/dev/null
    ;;
  *) die "usage: $0 [install KUBECTL [ARG...]]" ;;
esac
