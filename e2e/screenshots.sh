#!/usr/bin/env bash
# Screenshots of what e2e/run.sh proved, for the docs: the two-service trace in Zipkin's UI and a Prometheus graph.
#   e2e/screenshots.sh ZIPKIN_URL PROMETHEUS_URL TRACE_ID OUT_DIR
set -euo pipefail
zipkin=$1 prometheus=$2 trace_id=$3 out=$4
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

shoot() { # file url
  # --virtual-time-budget lets the pages load their data before the picture is taken.
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1400,900 --virtual-time-budget=15000 --run-all-compositor-stages-before-draw \
    --screenshot="$1" "$2" >/dev/null 2>&1
  echo "[e2e] screenshot $1"
}

shoot "$out/zipkin-trace.png" "$zipkin/zipkin/traces/$trace_id"
draw() { # file title legend-labels query
  python3 "$(dirname "$0")/promgraph.py" "$prometheus" "$2" "$3" "$4" > "${1%.png}.svg"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1300,760 --screenshot="$1" "file://${1%.png}.svg" >/dev/null 2>&1
  echo "[e2e] graph $1"
}

draw "$out/prometheus-latency.png" "p99 latency by service and route (seconds)" job,uri \
  'histogram_quantile(0.99, sum by (le, job, uri) (rate(http_server_requests_seconds_bucket[1m])))'
draw "$out/prometheus-jdbc.png" "JDBC statements per second by service and operation" job,operation \
  'sum by (job, operation) (rate(jdbc_query_seconds_count[1m]))'
