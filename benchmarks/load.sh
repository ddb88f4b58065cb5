#!/usr/bin/env bash
# Whole-application cost of the starter: the sample app with every feature on against the same jar with every
# observability.* feature switched off, under load from wrk on 127.0.0.1, the app and wrk pinned to different
# cores, runs interleaved (on, off, on, off, ...), each measured in the JIT's steady state. Also the time to "Started".
#
#   benchmarks/load.sh [--no-build] [--features] [--keep] [--peers] [--out FILE]  (run.sh calls it; results go to FILE as JSON)
#
#   --features  also runs the app with all features on but one, for each feature, interleaved with on and off:
#               the difference to "on" is what that one feature costs per request
#   --keep      also runs the configurations of keeping failed and slow units (KEEP_CONFIGS, default "sampling-1
#               sampling-0 keep-0 buffer"; see configurations.sh), interleaved with on and off
#   --peers     (with "bare": every feature off and Spring Boot's tracing removed, neither starter nor agent, the
#               base of both overheads) also runs the peers a user would pick instead, interleaved with on and off: the same jar with every
#               observability.* feature and Boot's own tracing off, under the OpenTelemetry Java agent
#               (AGENT_VERSION, fetched into benchmarks/target/ with ./mvnw dependency:copy), once with its defaults
#               (agent) and once traces only with the IDs in the MDC (agent-traces); see configurations.sh
#
# Every configuration that traces sends its spans over OTLP/HTTP to benchmarks/otlp-sink.py on 127.0.0.1:SINK_PORT
# (started and stopped here, on WRK_CPU, answers 200 and counts): span export costs what it costs against a
# collector that keeps up. "off" has Spring Boot's tracing defaults (10% sampling, no exporter).
#
# Each run: the app starts on WARM_CPUS and gets WARMUP seconds of load on all endpoints at once there (the JIT
# compiles on the free core); then every thread of the JVM is pinned to APP_CPU and, per endpoint, the load goes on
# in SETTLE_STEP chunks until two chunks in a row cost the same CPU per request (within STEADY), at most SETTLE_MAX
# seconds; then DURATION seconds are measured. The JVM is sized for the one core it is measured on
# (-XX:ActiveProcessorCount=1). A Spring Boot app of this size keeps its JIT compiler busy for minutes under load on
# one core (C2 compiles of 0.1-1 s each), the more code per request the longer: a short warm-up measures the compiler.
#
# Environment (defaults in brackets):
#   PAIRS [5]            rounds; each round runs every configuration once, each run a fresh JVM
#   WARMUP [90]          seconds of load on all endpoints at once on WARM_CPUS before pinning
#   SETTLE_STEP [10]     seconds per steady-state check chunk;  SETTLE_MAX [60]  their limit per endpoint
#   STEADY [0.03]        relative difference of CPU per request between two chunks that counts as steady
#   DURATION [15]        seconds measured on each endpoint, under each of the two loads (below)
#   RATE [2000]          requests per second of the fixed-rate load; 0 leaves it out
#   CONNECTIONS [4]      wrk's connections (one wrk thread)
#   STARTUPS [10]        cold starts of each of on/off for the startup median; the starts of the load runs count,
#                        the missing ones are added as starts without load
#   APP_CPU [1]          the core the app is measured on;  WRK_CPU [0]  wrk's core;  WARM_CPUS [0-(cores-1)]
#   PORT [18080]         the app's port on 127.0.0.1;  SINK_PORT [PORT+1]  the OTLP sink's
#   AGENT_VERSION [2.31.1] the OpenTelemetry Java agent of --peers;  PEERS ["agent agent-traces"]  which of them
#   ENDPOINTS            ["/hello /products/1"], the first without database access, the second with one query
#   JAVA_OPTS            ["-Xmx512m -XX:ActiveProcessorCount=1"] the app's JVM options
#   LOG_DIR [/dev/shm]   where the app's console output goes during a run (tmpfs: see below)
#
# Two loads per endpoint, one after the other in the same JVM, each measured for DURATION seconds:
# - fixed rate: RATE requests per second, the way a service runs most of the time (below saturation). Debian has no
#   fixed-rate generator (wrk2 is not packaged), so a wrk script paces the requests: each one takes the next slot of a
#   single schedule (RATE per second, LuaJIT's clock), whichever of the CONNECTIONS connections is free sends it. The
#   rate is the same for every configuration as long as the app keeps up (the achieved rate is reported); latency is
#   wrk's, from the request's send. A 5 s lead-in at that rate precedes the measured seconds.
# - saturation: the CONNECTIONS connections send back to back (closed loop): the most the app serves on one core and
#   what each request costs then.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

build=true
features=false
peers=false
keep=false
out=benchmarks/target/results/load.json
while [ $# -gt 0 ]; do
	case "$1" in
		--no-build) build=false ;;
		--features) features=true ;;
		--peers) peers=true ;;
		--keep) keep=true ;;
		--out) out="$2"; shift ;;
		-h|--help) sed -n '2,50p' "$0"; exit 0 ;;
		*) echo "load.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

PAIRS=${PAIRS:-5}
WARMUP=${WARMUP:-90}
SETTLE_STEP=${SETTLE_STEP:-10}
SETTLE_MAX=${SETTLE_MAX:-60}
STEADY=${STEADY:-0.03}
DURATION=${DURATION:-15}
RATE=${RATE:-2000}
LEAD_IN=5  # seconds at the fixed rate before its measured seconds
CONNECTIONS=${CONNECTIONS:-4}
STARTUPS=${STARTUPS:-10}
APP_CPU=${APP_CPU:-1}
WRK_CPU=${WRK_CPU:-0}
WARM_CPUS=${WARM_CPUS:-0-$(($(nproc) - 1))}
PORT=${PORT:-18080}
SINK_PORT=${SINK_PORT:-$((PORT + 1))}
AGENT_VERSION=${AGENT_VERSION:-2.31.1}
AGENT_JAR=benchmarks/target/opentelemetry-javaagent-$AGENT_VERSION.jar
for peer in ${PEERS:-}; do
	case "$peer" in
		agent|agent-traces) ;;
		*) echo "load.sh: unknown peer $peer in PEERS (agent, agent-traces)" >&2; exit 2 ;;
	esac
done
ENDPOINTS=${ENDPOINTS:-"/hello /products/1"}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx512m -XX:ActiveProcessorCount=1"}
LOG_DIR=${LOG_DIR:-$( [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}

# In both configurations: keep traffic on loopback; /actuator/metrics lets the script check the JDBC switch.
COMMON_PROPERTIES="--server.address=127.0.0.1 --server.port=$PORT --management.health.db.enabled=false \
--management.endpoints.web.exposure.include=health,metrics,beans"
# Where the configurations that trace export their spans: the sink (see the header).
EXPORT_PROPERTIES="--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$SINK_PORT/v1/traces"
# The configurations (on, off, one feature off each): see configurations.sh. Before each configuration is measured,
# check_switches proves that the switches took effect.
# shellcheck source=benchmarks/configurations.sh
source benchmarks/configurations.sh
CONFIGS="on off"
$features && CONFIGS="$CONFIGS no-request-id no-json-logs no-request-log no-jdbc no-tracing"
$keep && CONFIGS="$CONFIGS ${KEEP_CONFIGS:-sampling-1 sampling-0 keep-0 buffer}"
$peers && CONFIGS="$CONFIGS bare ${PEERS:-agent agent-traces}"

command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "load.sh: taskset is missing (util-linux)" >&2; exit 1; }
if $build; then
	echo "== Building the sample app"
	./mvnw -q -B -ntp -pl sample-app -am package -DskipTests
fi
if $peers && [ ! -f "$AGENT_JAR" ]; then
	echo "== Fetching the OpenTelemetry Java agent $AGENT_VERSION"
	./mvnw -q -B -ntp -N dependency:copy -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$AGENT_VERSION" \
		-DoutputDirectory=benchmarks/target
fi
jar=$(ls sample-app/target/sample-app-*.jar 2>/dev/null | grep -v -e sources -e original | head -n 1)
[ -n "$jar" ] || { echo "load.sh: no sample-app jar; build it or drop --no-build" >&2; exit 1; }
for port in "$PORT" "$SINK_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "load.sh: port $port is in use; set PORT or SINK_PORT" >&2
		exit 1
	fi
done

work=$(mktemp -d)
# The app's console (one JSON summary line per request, ~5 MB/s at 8,000 requests/s, close to 1 GB per run) goes to
# tmpfs, so that this VM's disk and its writeback do not enter the numbers: in production the console is a pipe to the
# container runtime. Each run's log is removed after the run.
logs=$(mktemp -d -p "$LOG_DIR")
samples="$work/samples.jsonl"
: >"$samples"
app_pid=""
sink_pid=""
cleanup() {
	if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
		kill "$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
	fi
	if [ -n "$sink_pid" ]; then
		kill "$sink_pid" 2>/dev/null || true
		wait "$sink_pid" 2>/dev/null || true
	fi
	rm -rf "$work" "$logs"
}
trap cleanup EXIT
trap 'echo "load.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# The OTLP sink, on wrk's core: in production the collector is another process, usually another machine.
taskset -c "$WRK_CPU" python3 benchmarks/otlp-sink.py "$SINK_PORT" >"$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 100); do
	curl -sf -o /dev/null "http://127.0.0.1:$SINK_PORT/counts" && break
	kill -0 "$sink_pid" 2>/dev/null || { echo "load.sh: the OTLP sink did not start:" >&2; cat "$work/sink.log" >&2; exit 1; }
	sleep 0.1
done
# sink_counts: the sink's counts so far, as JSON
sink_counts() {
	curl -sf "http://127.0.0.1:$SINK_PORT/counts"
}

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"socket_errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
LUA
# The fixed-rate script: the report above plus a delay() that paces the requests to RATE per second (see the header).
{
	cat <<'LUA'
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } pacing_timespec;
int clock_gettime(int clock_id, pacing_timespec *tp);
]]
local now = ffi.new("pacing_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
  return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
end
local interval_ms = 1000 / tonumber(os.getenv("RATE"))
local next_slot_ms = nil
-- wrk asks before each request how many milliseconds to wait: until the next free slot of the schedule
function delay()
  local t = now_ms()
  next_slot_ms = (next_slot_ms or t) + interval_ms
  return math.max(0, next_slot_ms - t)
end
LUA
	cat "$work/report.lua"
} >"$work/fixed-rate.lua"

clock_ticks=$(getconf CLK_TCK)
cpu_ticks() {
	# utime + stime of the whole JVM, fields 14 and 15 of /proc/PID/stat (counted after the command name)
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# start_app CONFIG LOG: starts the jar on WARM_CPUS, waits for "Started", sets app_pid and started_ms
start_app() {
	local config=$1 log=$2
	# shellcheck disable=SC2086
	taskset -c "$WARM_CPUS" java $JAVA_OPTS ${CONFIG_JVM_OPTIONS[$config]:-} -jar "$jar" $COMMON_PROPERTIES \
		${CONFIG_PROPERTIES[$config]} $(export_properties "$config") >"$log" 2>&1 &
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

# pin_app CPUS: moves every thread of the JVM (and the threads it creates later) to CPUS
pin_app() {
	# A thread that ends while taskset walks the list makes it fail: once more then.
	taskset -a -p -c "$1" "$app_pid" >/dev/null 2>&1 || taskset -a -p -c "$1" "$app_pid" >/dev/null
}

# wrk_run SECONDS ENDPOINT [SCRIPT]: the saturating load (report.lua) or the fixed rate (fixed-rate.lua)
wrk_run() {
	RATE=$RATE taskset -c "$WRK_CPU" wrk -t 1 -c "$CONNECTIONS" -d "${1}s" --timeout 5s -s "$work/${3:-report.lua}" \
		"http://127.0.0.1:$PORT$2"
}

# export_properties CONFIG: EXPORT_PROPERTIES where the starter's tracing is on (the agent has its own options)
export_properties() {
	case "$1" in
		off|no-tracing|bare|agent|agent-traces) ;;
		*) echo "$EXPORT_PROPERTIES" ;;
	esac
}

# expect CONFIG FEATURE: "present" when FEATURE is on in CONFIG, else "absent"
expect() {
	case "$1" in
		on) echo present ;;
		off|bare|agent|agent-traces) echo absent ;;
		"no-$2") echo absent ;;
		*) echo present ;;
	esac
}

# check_switches CONFIG ENDPOINT LOG: the switches of CONFIG took effect. With the starter on, X-Request-ID is
# echoed, the response has a traceresponse header, the app writes request summary lines (as JSON) and has JDBC
# statement timers; with it off, none of these; with one feature off, all but that one.
check_switches() {
	local config=$1 endpoint=$2 log=$3 headers status
	headers=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT$endpoint") || {
		echo "load.sh: GET $endpoint failed in configuration $config" >&2
		exit 1
	}
	status=$(printf '%s' "$headers" | head -n 1 | awk '{ print $2 }')
	if [ "$status" != 200 ]; then
		echo "load.sh: GET $endpoint answers $status in configuration $config; measuring it would be meaningless" >&2
		exit 1
	fi
	curl -s -o /dev/null "http://127.0.0.1:$PORT/products/1"
	sleep 0.3
	local request_id=absent trace_header=absent summary=absent json=absent timers=absent
	printf '%s' "$headers" | grep -qi '^X-Request-ID:' && request_id=present
	printf '%s' "$headers" | grep -qi '^traceresponse:' && trace_header=present
	grep -qs '"logger":"observability.request"\|observability\.request ' "$log" && summary=present
	grep -qs '"logger":"observability.request"' "$log" && json=present
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/metrics/jdbc.query")" = 200 ] &&
		timers=present
	# Boot's own tracer (Micrometer Tracing on OpenTelemetry) is there in every configuration but the agent's; the
	# agent announces itself in the log.
	local boot_tracer=absent agent=absent
	curl -s "http://127.0.0.1:$PORT/actuator/beans" | grep -q '"micrometerOtelTracer"' && boot_tracer=present
	grep -qs 'opentelemetry-javaagent - version' "$log" && agent=present
	local found="request-id=$request_id tracing=$trace_header request-log=$summary json-logs=$json jdbc=$timers"
	found="$found boot-tracer=$boot_tracer agent=$agent"
	local wanted="request-id=$(expect "$config" request-id) tracing=$(expect "$config" tracing)"
	wanted="$wanted request-log=$(expect "$config" request-log)"
	# JSON summary lines need both the request log and JSON logs.
	if [ "$(expect "$config" request-log)" = present ]; then
		wanted="$wanted json-logs=$(expect "$config" json-logs)"
	else
		wanted="$wanted json-logs=absent"
	fi
	wanted="$wanted jdbc=$(expect "$config" jdbc)"
	case "$config" in
		agent|agent-traces) wanted="$wanted boot-tracer=absent agent=present" ;;
		bare) wanted="$wanted boot-tracer=absent agent=absent" ;;
		*) wanted="$wanted boot-tracer=present agent=absent" ;;
	esac
	if [ "$found" != "$wanted" ]; then
		echo "load.sh: configuration $config, GET $endpoint: expected $wanted, found $found" >&2
		exit 1
	fi
}

# cpu_per_request SECONDS ENDPOINT [SCRIPT]: runs wrk for SECONDS, prints "CPU-us-per-request wrk-result-json"
cpu_per_request() {
	local before after result
	before=$(cpu_ticks "$app_pid")
	result=$(wrk_run "$1" "$2" "${3:-}" | sed -n 's/^RESULT //p')
	after=$(cpu_ticks "$app_pid")
	python3 -c '
import json, sys
r = json.loads(sys.argv[1])
print("%.1f" % ((int(sys.argv[3]) - int(sys.argv[2])) * 1e6 / int(sys.argv[4]) / max(r["requests"], 1)), sys.argv[1])
' "$result" "$before" "$after" "$clock_ticks"
}

# warm_up: WARMUP seconds of load on every endpoint at once, the app on WARM_CPUS; then the app is pinned to APP_CPU
warm_up() {
	local endpoint pid pids=()
	pin_app "$WARM_CPUS"
	for endpoint in $ENDPOINTS; do
		taskset -c "$WRK_CPU" wrk -t 1 -c 2 -d "${WARMUP}s" --timeout 5s "http://127.0.0.1:$PORT$endpoint" >/dev/null &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
	pin_app "$APP_CPU"
}

measure() {
	local config=$1 pair=$2 endpoint=$3
	if ! kill -0 "$app_pid" 2>/dev/null; then
		echo "load.sh: the app ($config) has exited; last lines of its log:" >&2
		tail -n 20 "$logs/app-$config-$pair.log" >&2
		exit 1
	fi
	# Steady state: two chunks in a row within STEADY of each other (the JIT may still compile after the warm-up).
	local settled=0 previous="" current
	while :; do
		current=$(cpu_per_request "$SETTLE_STEP" "$endpoint" | cut -d' ' -f1)
		settled=$((settled + SETTLE_STEP))
		if [ -n "$previous" ] && python3 -c 'import sys; a, b, t = map(float, sys.argv[1:]); sys.exit(abs(a - b) > t * b)' \
			"$current" "$previous" "$STEADY"; then
			break
		fi
		if [ "$settled" -ge "$SETTLE_MAX" ]; then
			echo "   (not steady after ${settled}s pinned: $previous then $current µs per request; measuring anyway)"
			break
		fi
		previous=$current
	done
	local measured fixed_rate=""
	measured=$(cpu_per_request "$DURATION" "$endpoint")
	if [ "$RATE" != 0 ]; then
		wrk_run "$LEAD_IN" "$endpoint" fixed-rate.lua >/dev/null
		fixed_rate=$(cpu_per_request "$DURATION" "$endpoint" fixed-rate.lua)
	fi
	python3 - "$config" "$pair" "$endpoint" "$settled" "$measured" "$fixed_rate" >>"$samples" <<'PY'
import json, sys
config, pair, endpoint, settled, measured, fixed_rate = sys.argv[1:]

def parse(line):
    cpu_us, result = line.split(" ", 1)
    r = json.loads(result)
    if r["non2xx"] or r["socket_errors"]:
        sys.exit("load.sh: %s %s: %d non-2xx answers, %d socket errors"
                 % (config, endpoint, r["non2xx"], r["socket_errors"]))
    return {"requests": r["requests"], "p50_us": r["p50_us"], "p99_us": r["p99_us"],
            "requests_per_second": r["requests"] / (r["duration_us"] / 1e6), "cpu_us_per_request": float(cpu_us)}

sample = {"kind": "load", "config": config, "pair": int(pair), "endpoint": endpoint, "settle_seconds": int(settled)}
sample.update(parse(measured))
if fixed_rate:
    sample["fixed_rate"] = parse(fixed_rate)
print(json.dumps(sample))
PY
	echo "   $config round $pair GET $endpoint: $(tail -n 1 "$samples")"
}

# record_export CONFIG PAIR BEFORE AFTER: what the run sent to the sink (the sink's counts before and after it);
# fails the run when a configuration that traces sent no spans, or one that does not sent any
record_export() {
	python3 - "$@" >>"$samples" <<'PY'
import json, sys
config, pair, before, after = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
sent = {path: {k: after[path][k] - before.get(path, {}).get(k, 0) for k in ("requests", "bytes")} for path in after}
sent = {path: v for path, v in sent.items() if v["requests"]}
# At sampling 0 nothing is exported: the benchmark's requests neither fail nor are slow.
exports = config not in ("off", "no-tracing", "bare", "sampling-0", "keep-0", "keep-0-buffer")
if exports != ("/v1/traces" in sent):
    sys.exit("load.sh: configuration %s sent %s to the OTLP sink, expected %s" % (
        config, json.dumps(sent) if sent else "nothing", "spans" if exports else "nothing"))
print(json.dumps({"kind": "export", "config": config, "pair": pair, "sent": sent}))
PY
	echo "   $1 round $2 sent to the OTLP sink: $(tail -n 1 "$samples")"
}

record_startup() {
	echo "{\"kind\": \"startup\", \"config\": \"$1\", \"ms\": $started_ms}" >>"$samples"
	echo "   $1 started in $started_ms ms"
}

declare -A starts=([on]=0 [off]=0)
for pair in $(seq 1 "$PAIRS"); do
	for config in $CONFIGS; do
		echo "== Round $pair/$PAIRS, configuration $config"
		sink_before=$(sink_counts)
		start_app "$config" "$logs/app-$config-$pair.log"
		record_startup "$config"
		if [ "$config" = on ] || [ "$config" = off ]; then
			starts[$config]=$((starts[$config] + 1))
		fi
		for endpoint in $ENDPOINTS; do
			check_switches "$config" "$endpoint" "$logs/app-$config-$pair.log"
		done
		warm_up
		for endpoint in $ENDPOINTS; do
			measure "$config" "$pair" "$endpoint"
		done
		stop_app
		record_export "$config" "$pair" "$sink_before" "$(sink_counts)"
		rm -f "$logs/app-$config-$pair.log"
	done
done
while [ "${starts[on]}" -lt "$STARTUPS" ] || [ "${starts[off]}" -lt "$STARTUPS" ]; do
	for config in on off; do
		if [ "${starts[$config]}" -lt "$STARTUPS" ]; then
			echo "== Cold start $((starts[$config] + 1))/$STARTUPS, configuration $config"
			start_app "$config" "$logs/start-$config.log"
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
description = ("wrk, 1 thread, $CONNECTIONS connections, pinned to core(s) $WRK_CPU; "
               "the app measured on core $APP_CPU with JAVA_OPTS '$JAVA_OPTS'; $PAIRS interleaved rounds, each run a "
               "fresh JVM; ${WARMUP}s of warm-up on all endpoints at once with the app on cores $WARM_CPUS, then, "
               "pinned to core $APP_CPU, each endpoint loaded in ${SETTLE_STEP}s chunks until two in a row cost the same CPU per request "
               "(within $STEADY, at most ${SETTLE_MAX}s), then ${DURATION}s measured at saturation (the connections send back "
               "to back)" + ("" if $RATE == 0 else " and, after a ${LEAD_IN}s lead-in, ${DURATION}s at a fixed rate of $RATE "
               "requests/s (a wrk script paces them)") + "; latencies are wrk's, CPU time "
               "is the JVM's utime+stime over the measured seconds divided by the requests served. "
               "Ratios are medians over the rounds of on/off.")
result = {
    "settings": {"description": description, "configs": "$CONFIGS".split(), "rate": $RATE,
                 "connections": $CONNECTIONS},
    "endpoints": {e: {"pairs": [p for _, p in sorted(pairs.items()) if "on" in p and "off" in p]}
                  for e, pairs in endpoints.items()},
    "startup": {c: [s["ms"] for s in samples if s["kind"] == "startup" and s["config"] == c] for c in "$CONFIGS".split()},
    "export": {c: [s["sent"] for s in samples if s["kind"] == "export" and s["config"] == c] for c in "$CONFIGS".split()},
}
json.dump(result, open(sys.argv[2], "w"), indent=1)
PY
echo "== Whole-application results: $out"
