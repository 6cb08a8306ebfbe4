#!/usr/bin/env bash
# Runs the Maven wrapper and fails when Quarkus warned about an unknown configuration key.
# Quarkus only warns, so a typo in quarkus.kubernetes.* would silently change the generated
# manifests; here it fails the build instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
log="$root/target/maven.log"
mkdir -p "$root/target"
"$root/mvnw" "$@" 2>&1 | tee "$log"
if grep -q 'Unrecognized configuration key' "$log"; then
  grep 'Unrecognized configuration key' "$log" | sort -u >&2
  echo "mvn-strict: unknown configuration keys above; fix their spelling or remove them" >&2
  exit 1
fi
