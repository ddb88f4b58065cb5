#!/usr/bin/env bash
# Whole-application cost of the starter: the sample app with every feature on (A) against the same jar with every
# observability.* feature switched off (B), under load from wrk on 127.0.0.1, the app and wrk pinned to different
# cores, runs interleaved A B A B. Also the time to "Started" of both.
#
#   benchmarks/load.sh [--no-build] [--out FILE]      (run.sh calls it; results go to FILE as JSON for report.py)
#
# Environment (defaults in brackets):
#   PAIRS [5]            A B pairs; each run is a fresh JVM
#   WARMUP [10]          seconds of load on each endpoint before measuring
#   DURATION [15]        seconds measured on each endpoint
#   CONNECTIONS [4]      wrk's connections (one wrk thread)
#   STARTUPS [10]        cold starts of each configuration for the startup median; the starts of the load runs
#                        count, the missing ones are added as starts without load
#   APP_CPU [1]          the core(s) the app is pinned to;  WRK_CPU [0]  the core wrk is pinned to
#   PORT [18080]         the app's port on 127.0.0.1
#   ENDPOINTS            ["/hello /products/1"], the first without database access, the second with one query
#   JAVA_OPTS [-Xmx512m] the app's JVM options
#
# wrk keeps a fixed number of connections busy (closed loop): Debian has no fixed-rate generator (wrk2 is not
# packaged), so both configurations get the same connection count and the rates are reported next to the latencies.
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
out=benchmarks/target/results/load.json
while [ $# -gt 0 ]; do
	case "$1" in
		--no-build) build=false ;;
		--out) out="$2"; shift ;;
		-h|--help) sed -n '2,24p' "$0"; exit 0 ;;
		*) echo "load.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

PAIRS=${PAIRS:-5}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-4}
STARTUPS=${STARTUPS:-10}
APP_CPU=${APP_CPU:-1}
WRK_CPU=${WRK_CPU:-0}
PORT=${PORT:-18080}
ENDPOINTS=${ENDPOINTS:-"/hello /products/1"}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx512m"}

# In both configurations: keep traffic on loopback; /actuator/metrics lets the script check the JDBC switch.
COMMON_PROPERTIES="--server.address=127.0.0.1 --server.port=$PORT --management.health.db.enabled=false \
--management.endpoints.web.exposure.include=health,metrics"
# B: every feature of the starter switched off by its documented kill switch (the names of the auto-configurations'
# @ConditionalOnBooleanProperty and of LoggingEnvironmentPostProcessor's LoggingProperties.enabled). Before each
# configuration is measured, check_switches proves that they took effect.
OFF_PROPERTIES="--observability.request-id.enabled=false --observability.logging.enabled=false \
--observability.request-log.enabled=false --observability.jdbc.enabled=false --observability.tracing.enabled=false"

command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "load.sh: taskset is missing (util-linux)" >&2; exit 1; }
if $build; then
	echo "== Building the sample app"
	./mvnw -q -B -ntp -pl sample-app -am package -DskipTests
fi
jar=$(ls sample-app/target/sample-app-*.jar 2>/dev/null | grep -v -e sources -e original | head -n 1)
[ -n "$jar" ] || { echo "load.sh: no sample-app jar; build it or drop --no-build" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	echo "load.sh: port $PORT is in use; set PORT" >&2
	exit 1
fi

work=$(mktemp -d)
samples="$work/samples.jsonl"
: >"$samples"
app_pid=""
cleanup() {
	if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
		kill "$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "load.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"socket_errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
LUA

clock_ticks=$(getconf CLK_TCK)
cpu_ticks() {
	# utime + stime of the whole JVM, fields 14 and 15 of /proc/PID/stat (counted after the command name)
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# start_app CONFIG LOG: starts the jar pinned to APP_CPU, waits for "Started", sets app_pid and started_ms
start_app() {
	local config=$1 log=$2 properties=$COMMON_PROPERTIES
	[ "$config" = off ] && properties="$properties $OFF_PROPERTIES"
	# shellcheck disable=SC2086
	taskset -c "$APP_CPU" java $JAVA_OPTS -jar "$jar" $properties >"$log" 2>&1 &
	app_pid=$!
	local waited=0
	until grep -qs "Started .* (process running for" "$log"; do
		if ! kill -0 "$app_pid" 2>/dev/null || [ $waited -ge 1500 ]; then
			echo "load.sh: the app ($config) did not start; last lines of its log:" >&2
			tail -n 20 "$log" >&2
			exit 1
		fi
		sleep 0.2
		waited=$((waited + 1))
	done
	# "Started SampleApplication in 3.2 seconds (process running for 3.9)": JVM start to ready
	started_ms=$(sed -n 's/.*Started .* (process running for \([0-9.]*\)).*/\1/p' "$log" | head -n 1 |
		awk '{ printf "%d", $1 * 1000 }')
}

stop_app() {
	kill "$app_pid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
	app_pid=""
}

wrk_run() {
	taskset -c "$WRK_CPU" wrk -t 1 -c "$CONNECTIONS" -d "${1}s" --timeout 5s -s "$work/report.lua" \
		"http://127.0.0.1:$PORT$2"
}

# check_switches CONFIG LOG: after the request measure() made, the app with the starter on has written a request
# summary line and has JDBC statement timers; with it off, neither (the X-Request-ID check is in measure()).
check_switches() {
	local config=$1 log=$2 summary=absent timers=absent
	curl -s -o /dev/null "http://127.0.0.1:$PORT/products/1"
	sleep 0.3
	grep -qs '"logger":"observability.request"\|observability\.request ' "$log" && summary=present
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/metrics/jdbc.query")" = 200 ] &&
		timers=present
	local expected=present
	[ "$config" = off ] && expected=absent
	if [ "$summary" != "$expected" ] || [ "$timers" != "$expected" ]; then
		echo "load.sh: starter $config, but request summary lines are $summary and jdbc.query timers $timers" >&2
		exit 1
	fi
}

measure() {
	local config=$1 pair=$2 endpoint=$3
	local status headers
	if ! kill -0 "$app_pid" 2>/dev/null; then
		echo "load.sh: the app ($config) has exited; last lines of its log:" >&2
		tail -n 20 "$work/app-$config-$pair.log" >&2
		exit 1
	fi
	headers=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT$endpoint") || {
		echo "load.sh: GET $endpoint failed in configuration $config" >&2
		exit 1
	}
	status=$(printf '%s' "$headers" | head -n 1 | awk '{ print $2 }')
	if [ "$status" != 200 ]; then
		echo "load.sh: GET $endpoint answers $status in configuration $config; measuring it would be meaningless" >&2
		exit 1
	fi
	# The request ID header shows that the switches took effect: echoed with the starter on, absent with it off.
	if printf '%s' "$headers" | grep -qi '^X-Request-ID:'; then
		[ "$config" = on ] || { echo "load.sh: GET $endpoint echoes X-Request-ID with the starter off" >&2; exit 1; }
	else
		[ "$config" = off ] || { echo "load.sh: GET $endpoint has no X-Request-ID with the starter on" >&2; exit 1; }
	fi
	check_switches "$config" "$work/app-$config-$pair.log"
	wrk_run "$WARMUP" "$endpoint" >/dev/null
	local before after result
	before=$(cpu_ticks "$app_pid")
	result=$(wrk_run "$DURATION" "$endpoint" | sed -n 's/^RESULT //p')
	after=$(cpu_ticks "$app_pid")
	python3 - "$config" "$pair" "$endpoint" "$result" "$before" "$after" "$clock_ticks" >>"$samples" <<'PY'
import json, sys
config, pair, endpoint, result, before, after, hz = sys.argv[1:]
r = json.loads(result)
if r["non2xx"] or r["socket_errors"]:
    sys.exit("load.sh: %s %s: %d non-2xx answers, %d socket errors" % (config, endpoint, r["non2xx"], r["socket_errors"]))
cpu_us = (int(after) - int(before)) * 1e6 / int(hz)
print(json.dumps({"kind": "load", "config": config, "pair": int(pair), "endpoint": endpoint,
                  "requests": r["requests"], "p50_us": r["p50_us"], "p99_us": r["p99_us"],
                  "requests_per_second": r["requests"] / (r["duration_us"] / 1e6),
                  "cpu_us_per_request": cpu_us / r["requests"] if r["requests"] else None}))
PY
	echo "   $config pair $pair GET $endpoint: $(tail -n 1 "$samples")"
}

record_startup() {
	echo "{\"kind\": \"startup\", \"config\": \"$1\", \"ms\": $started_ms}" >>"$samples"
	echo "   $1 started in $started_ms ms"
}

declare -A starts=([on]=0 [off]=0)
for pair in $(seq 1 "$PAIRS"); do
	for config in on off; do
		echo "== Pair $pair/$PAIRS, starter $config"
		start_app "$config" "$work/app-$config-$pair.log"
		record_startup "$config"
		starts[$config]=$((starts[$config] + 1))
		for endpoint in $ENDPOINTS; do
			measure "$config" "$pair" "$endpoint"
		done
		stop_app
	done
done
while [ "${starts[on]}" -lt "$STARTUPS" ] || [ "${starts[off]}" -lt "$STARTUPS" ]; do
	for config in on off; do
		if [ "${starts[$config]}" -lt "$STARTUPS" ]; then
			echo "== Cold start $((starts[$config] + 1))/$STARTUPS, starter $config"
			start_app "$config" "$work/start-$config.log"
			record_startup "$config"
			stop_app
			starts[$config]=$((starts[$config] + 1))
		fi
	done
done

mkdir -p "$(dirname "$out")"
python3 - "$samples" "$out" <<PY
import json, sys
samples = [json.loads(line) for line in open(sys.argv[1])]
endpoints = {}
for s in samples:
    if s["kind"] == "load":
        pairs = endpoints.setdefault(s["endpoint"], {})
        pairs.setdefault(s["pair"], {})[s["config"]] = s
description = ("wrk, 1 thread, $CONNECTIONS connections (closed loop, not fixed-rate), pinned to core(s) $WRK_CPU; "
               "the app pinned to core(s) $APP_CPU with JAVA_OPTS '$JAVA_OPTS'; $PAIRS interleaved pairs, each run a "
               "fresh JVM, ${WARMUP}s warm-up then ${DURATION}s measured per endpoint; latencies are wrk's, CPU time "
               "is the JVM's utime+stime over the measured seconds divided by the requests served. "
               "Ratios are medians over the pairs of on/off.")
result = {
    "settings": {"description": description},
    "endpoints": {e: {"pairs": [p for _, p in sorted(pairs.items()) if "on" in p and "off" in p]}
                  for e, pairs in endpoints.items()},
    "startup": {c: [s["ms"] for s in samples if s["kind"] == "startup" and s["config"] == c] for c in ("on", "off")},
}
json.dump(result, open(sys.argv[2], "w"), indent=1)
PY
echo "== Whole-application results: $out"
