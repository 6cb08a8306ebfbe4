#!/usr/bin/env bash
# make bench-logs-query: what the log query API's bounds hold on a table of LINES (default 1,000,000)
# lines. Fills logs.log_lines in a PostgreSQL of its own (scripts/with-postgres.sh) with lines spread
# over the last 50 minutes, starts the collector's image as its pod runs it (scripts/bench/pods.sh), then asks it
# each query REPEAT times (default 5) with curl and prints the status and the median and slowest time:
#   - accepted queries that read the most: the newest and the deepest page allowed, a pod with no
#     lines, and text searches that match nothing over the widest window allowed, so that they read
#     every line they may;
#   - hostile ones, each a 400 before the database is asked: a page past the bound, contains without
#     since, contains over 30 days, the largest page number the old API took.
# Ends with the worst accepted query's median and the slowest refusal. A benchmark, not a test.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/bench/pods.sh
. "$ROOT/scripts/bench/pods.sh"

readonly LINES=${LINES:-1000000} REPEAT=${REPEAT:-5}
bench_database "$0" "$@"
require_images bench-logs-query "logs:$(project_version)"

port=$(service_port logs)
prepare_local_collector bench-logs-query

started=$SECONDS
# One line every 3 ms back from now: 1,000,000 lines span 50 minutes, all inside one search window.
PGPASSWORD=$DB_PASSWORD psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d logs -qc "
  INSERT INTO logs.log_lines (node, namespace, pod, container, stream, logged_at, message, source_file, source_offset)
  SELECT 'node-' || (i % 2), 'platform', 'orders-' || (i % 20), 'orders', 'stdout',
         now() - i * interval '3 milliseconds', 'GET /api/orders 200 request ' || md5(i::text), '1:' || (i % 100), i
  FROM generate_series(1, $LINES) AS i;
  ANALYZE logs.log_lines;" >/dev/null
echo "bench-logs-query: $LINES lines stored in $((SECONDS - started)) s"

trap remove_pods EXIT
trap 'exit 130' INT TERM
collector=$(start_pod "$(pod_limit cpu)" "$(pod_limit memory)" "logs:$(project_version)")
await_pod bench-logs-query "$collector" "http://127.0.0.1:$port/q/health/ready"

# An instant this many minutes ago, as the API takes it (GNU date, else BSD date).
minutes_ago() {
  date -u -d "-$1 min" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v-"$1"M +%Y-%m-%dT%H:%M:%SZ
}

worst_accepted=0 slowest_refusal=0 failed=0
printf '%-58s %6s %10s %10s\n' query status median_ms max_ms
ask() { # expected-status query
  local expected=$1 query=$2 status times median max
  times=$(for _ in $(seq 1 "$REPEAT"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $LOGS_READ_TOKEN" \
      "http://127.0.0.1:$port/api/logs?$query"
  done)
  status=$(awk '{print $1}' <<<"$times" | sort -u | tr '\n' ' ')
  status=${status% }
  median=$(awk '{printf "%d\n", $2 * 1000}' <<<"$times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
  max=$(awk '{printf "%d\n", $2 * 1000}' <<<"$times" | sort -n | tail -n 1)
  printf '%-58s %6s %10s %10s\n' "${query:0:58}" "$status" "$median" "$max"
  if [ "$status" != "$expected" ]; then
    echo "  expected $expected" >&2
    failed=$((failed + 1))
  elif [ "$expected" = 200 ]; then
    [ "$median" -le "$worst_accepted" ] || worst_accepted=$median
  else
    [ "$max" -le "$slowest_refusal" ] || slowest_refusal=$max
  fi
}

window=$(minutes_ago 59)
ask 200 "limit=500"
ask 200 "limit=500&page=19"
ask 200 "pod=nobody-0&limit=500"
ask 200 "contains=no-such-text&since=$window&limit=500"
ask 200 "pod=orders-1&contains=no-such-text&since=$window&limit=500"
ask 200 "contains=no-such-text&since=$window&limit=1&page=9999"
ask 400 "limit=500&page=20"
ask 400 "contains=x"
ask 400 "contains=x&since=$(minutes_ago 43200)"
ask 400 "limit=500&page=100000"

echo "bench-logs-query: worst accepted query, median of $REPEAT: $worst_accepted ms on $LINES lines"
echo "bench-logs-query: slowest refusal (400): $slowest_refusal ms (bound: 100 ms)"
[ "$failed" = 0 ] || { echo "bench-logs-query: $failed queries answered another status than expected" >&2; exit 1; }
