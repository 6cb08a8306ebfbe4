#!/usr/bin/env bash
# make manifests: copies what quarkus-kubernetes generated from each HTTP service's configuration
# into k8s/base/app/<service>/generated.yaml, the committed copy users apply, under a header that
# says where it comes from. GeneratedManifestsTest (tests/manifests) fails when they differ; it
# compares YAML documents, so the header (comments only) does not count.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
for service in "${HTTP_SERVICES[@]}"; do
  generated="$ROOT/services/$service/target/kubernetes/kubernetes.yml"
  [ -f "$generated" ] || { echo "sync-manifests: $generated is missing: run make build first" >&2; exit 1; }
  {
    echo "# Generated: do not edit. quarkus-kubernetes writes this Deployment and ClusterIP Service from the"
    echo "# quarkus.kubernetes.*, quarkus.http.port and quarkus.application.* keys in"
    echo "# services/$service/src/main/resources/application.properties and"
    echo "# libs/service-web/src/main/resources/META-INF/microprofile-config.properties."
    echo "# Regenerate: make manifests (scripts/sync-manifests.sh). What Quarkus cannot express is in"
    echo "# k8s/base/app/patches/, applied to every generated Deployment by label."
    cat "$generated"
  } > "$ROOT/k8s/base/app/$service/generated.yaml"
done
echo "sync-manifests: k8s/base/app/*/generated.yaml now match the build"
