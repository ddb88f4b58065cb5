#!/usr/bin/env bash
# Screenshots of what e2e/run.sh proved, for the docs: the two-service trace in Zipkin's UI and a Prometheus graph.
#   e2e/screenshots.sh ZIPKIN_URL PROMETHEUS_URL TRACE_ID OUT_DIR
set -euo pipefail
zipkin=$1 prometheus=$2 trace_id=$3 out=$4
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

shoot() { # file url
  # Real time, not --virtual-time-budget: the Prometheus UI takes "now" from the browser's clock.
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1400,900 --timeout=10000 --screenshot="$1" "$2" >/dev/null 2>&1
  echo "[e2e] screenshot $1"
}

shoot "$out/zipkin-trace.png" "$zipkin/zipkin/traces/$trace_id"
query=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' \
  'histogram_quantile(0.99, sum by (le, job, uri) (rate(http_server_requests_seconds_bucket[1m])))')
shoot "$out/prometheus-latency.png" "$prometheus/graph?g0.expr=$query&g0.tab=0&g0.range_input=2m&g0.show_exemplars=1"
query=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' \
  'sum by (job, operation) (rate(jdbc_query_seconds_count[1m]))')
shoot "$out/prometheus-jdbc.png" "$prometheus/graph?g0.expr=$query&g0.tab=1"
