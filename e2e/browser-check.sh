#!/usr/bin/env bash
# Browser check of the two-service trace, as a user finds it: headless Chromium opens Zipkin's own web UI at the trace
# page of the response's trace ID, the page renders (React, data fetched by the page itself), and the rendered DOM
# must name both services; a screenshot of the page is written beside it.
#   e2e/browser-check.sh ZIPKIN_URL TRACE_ID OUT_DIR SERVICE...
set -euo pipefail
zipkin=$1 trace_id=$2 out=$3
shift 3
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
mkdir -p "$out"
url="$zipkin/zipkin/traces/$trace_id"

chrome() {
  # --virtual-time-budget lets the page fetch and render its data before the DOM is read or the picture is taken.
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1400,900 --virtual-time-budget=20000 --run-all-compositor-stages-before-draw "$@" 2>/dev/null
}

for attempt in 1 2 3; do
  chrome --dump-dom "$url" > "$out/zipkin-trace.html" || true
  missing=()
  for service in "$@"; do
    grep -q "$service" "$out/zipkin-trace.html" || missing+=("$service")
  done
  [ ${#missing[@]} -eq 0 ] && break
  sleep 5
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[e2e] FAIL browser: Zipkin's trace page for $trace_id does not show ${missing[*]} (DOM in $out/zipkin-trace.html)"
  exit 1
fi
if ! grep -q "$trace_id" "$out/zipkin-trace.html"; then
  echo "[e2e] FAIL browser: Zipkin's trace page does not show the trace ID $trace_id"
  exit 1
fi
chrome --screenshot="$out/zipkin-trace.png" "$url" >/dev/null
echo "[e2e] ok   browser: Zipkin's web UI shows trace $trace_id with spans of $* (screenshot $out/zipkin-trace.png)"
