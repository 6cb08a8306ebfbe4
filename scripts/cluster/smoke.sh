#!/usr/bin/env bash
# make smoke: the smoke suite (tools/e2e) against a base URL, default the Ingress of the local
# cluster and then its Gateway API route; on the host's JDK 17+, else in the builder container
# (cluster-lib.sh e2e_tool).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT=smoke
# shellcheck source=scripts/cluster/cluster-lib.sh
source "$ROOT/scripts/cluster/cluster-lib.sh"
require_e2e_jar
if [ -n "${1:-}" ]; then INGRESS_URL=$1; else find_ingress_url; fi
export_logs_read_token
e2e_tool smoke --base-url "$INGRESS_URL"
# Through the Gateway API route too, where make up installed it, unless BASE_URL names one entry point.
if [ -z "${1:-}" ] && gateway_api_installed; then
  step "the same suite through the Gateway API route at $GATEWAY_URL"
  e2e_tool smoke --base-url "$GATEWAY_URL" --wait-seconds 60
fi
