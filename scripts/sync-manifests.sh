#!/usr/bin/env bash
# make manifests: copies what quarkus-kubernetes generated from each service's configuration into
# k8s/base/app/generated/, the committed copy users apply. ManifestsTest fails when they differ.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
for service in catalog orders gateway logs; do
  generated="$root/services/$service/target/kubernetes/kubernetes.yml"
  [ -f "$generated" ] || { echo "sync-manifests: $generated is missing: run make build first" >&2; exit 1; }
  cp "$generated" "$root/k8s/base/app/generated/$service.yaml"
done
echo "sync-manifests: k8s/base/app/generated/ now matches the build"
