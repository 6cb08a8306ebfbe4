#!/usr/bin/env bash
# make run: PostgreSQL as for tests, batch migrate, every HTTP service on its own 127.0.0.1 port,
# then batch seed through catalog's API. Ctrl-C stops everything it started.
# With a command (run-local.sh command [args...]): runs it once all are ready, with their URLs and
# tokens exported (CATALOG_URL, CATALOG_WRITE_TOKEN, ...), then stops everything and exits with its
# status. make test's contract run uses this.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"


if [ -z "${PG_PORT:-}" ]; then
  PG_DATABASES=$DATABASES exec "$ROOT/scripts/with-postgres.sh" "$0" "$@"
fi

for s in "${HTTP_SERVICES[@]}"; do
  jar_of "$s" >/dev/null
  port=$(service_port "$s")
  port_free "$port" || { echo "run: port $port for $s is in use; stop what holds it (ss -ltnp 'sport = :$port')" >&2; exit 1; }
done
port=$(ingest_port)
port_free "$port" || { echo "run: port $port for the log ingest is in use; stop what holds it (ss -ltnp 'sport = :$port')" >&2; exit 1; }

export_local_env
export QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
# No Ingress here: the gateway forwards the page's /api/<service> calls itself (LocalEdge).
export APP_LOCAL_EDGE_ENABLED=true
batch migrate

mkdir -p "$ROOT/target/run"
pids=()
stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null || true
    # Their status is the signal's; the run's is the command's (or 0).
    wait "${pids[@]}" 2>/dev/null || true
  fi
  echo "run: stopped"
}
trap stop INT TERM EXIT

for s in "${HTTP_SERVICES[@]}"; do
  java -jar "$(jar_of "$s")" >"$ROOT/target/run/$s.log" 2>&1 &
  pids+=($!)
done

for s in "${HTTP_SERVICES[@]}"; do
  url="http://127.0.0.1:$(service_port "$s")"
  await_ready run "$s" "$url" "target/run/$s.log"
  printf '  %-8s %s   (log: target/run/%s.log)\n' "$s" "$url" "$s"
done
# The catalog owns its products: seed writes them through its API, with the write token.
batch seed
if [ $# -gt 0 ]; then
  status=0
  "$@" || status=$?
  exit "$status"
fi
echo "run: all services ready; open http://127.0.0.1:$(service_port gateway)/ . Ctrl-C stops everything."
echo "run: catalog writes take Authorization: Bearer $CATALOG_WRITE_TOKEN (set CATALOG_WRITE_TOKEN to choose it)"
echo "run: log searches (the page's, GET /api/logs) take Authorization: Bearer $LOGS_READ_TOKEN (set LOGS_READ_TOKEN to choose it)"
wait
