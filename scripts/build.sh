#!/usr/bin/env bash
# make build: every service packaged (services/<name>/target/quarkus-app) and the e2e tool, no tests.
# With a JDK 17 or newer on the host, the Maven wrapper runs there; without one, in a container of
# BUILDER_IMAGE (scripts/lib.sh: Debian's OpenJDK 17, built here when missing) with the Maven
# downloads kept in a named volume, so that Docker is all make up needs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

if java_on_host; then
  exec "$ROOT/scripts/mvn-strict.sh" -B package -DskipTests
fi
"$ROOT/scripts/require-docker.sh"
echo "build: no JDK 17 or newer on this machine: building in $BUILDER_IMAGE (Maven downloads kept in volume $MAVEN_VOLUME)"
in_builder -- "$ROOT/scripts/mvn-strict.sh" -B package -DskipTests
