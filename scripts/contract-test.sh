#!/usr/bin/env bash
# make test's contract run: schemathesis, a property-based tester nobody here wrote, reads each HTTP
# service's own OpenAPI document (/q/openapi) and tries it as a client author would, every check and
# every phase (examples, coverage, fuzzing, stateful), against the packaged services as make run
# starts them, with the catalog's write token and the logs' read token. Any finding fails the run.
# schemathesis comes from tests/contract/requirements.txt, in a virtual environment under the cache,
# keyed by that file, made once. Reports go to target/contract/<service>/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

requirements=$ROOT/tests/contract/requirements.txt
venv=${XDG_CACHE_HOME:-$HOME/.cache}/quarkus-k8s-platform/schemathesis/$(sha256_of "$requirements" | cut -c1-16)
# Fixed, so that a run is reproducible: the same seed tries the same inputs on the same code.
readonly SEED=${CONTRACT_SEED:-20261207}
readonly EXAMPLES=${CONTRACT_EXAMPLES:-50}

if [ "${1:-}" != --against-running ]; then
  if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -c 'import venv, ensurepip' 2>/dev/null \
      || { echo "contract: python3 with venv is missing: apt-get install python3-venv" >&2; exit 1; }
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$requirements" \
      || { rm -rf "$venv"; echo "contract: pip could not install $requirements (PyPI reachable?)" >&2; exit 1; }
  fi
  exec "$ROOT/scripts/run-local.sh" "$0" --against-running
fi

# The token each service's protected operations take; the others take none.
token_of() {
  case $1 in
    catalog) echo "$CATALOG_WRITE_TOKEN" ;;
    logs) echo "$LOGS_READ_TOKEN" ;;
  esac
}

failed=()
for s in "${HTTP_SERVICES[@]}"; do
  url="http://127.0.0.1:$(service_port "$s")"
  reports="$ROOT/target/contract/$s"
  rm -rf "$reports"
  mkdir -p "$reports"
  auth=()
  token=$(token_of "$s")
  [ -z "$token" ] || auth=(-H "Authorization: Bearer $token")
  if ! "$venv/bin/schemathesis" --config-file "$ROOT/tests/contract/schemathesis.toml" run "$url/q/openapi" --url "$url" "${auth[@]}" \
      --checks all --phases examples,coverage,fuzzing,stateful --max-examples "$EXAMPLES" --seed "$SEED" \
      --generation-database none --workers 1 --no-color \
      --report junit --report-dir "$reports" >"$reports/output.txt" 2>&1; then
    failed+=("$s")
    sed -n '/^Failures:/,$p' "$reports/output.txt" >&2
  fi
  # The run's count of test cases, e.g. "591 generated, 591 passed".
  echo "contract: $s ($url/q/openapi): $(grep -E '^ +[0-9]+ generated' "$reports/output.txt" | tail -n 1 | xargs)"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "contract: findings in ${failed[*]}; the whole output is in target/contract/<service>/output.txt" >&2
  exit 1
fi
echo "contract: every service keeps its OpenAPI document"
