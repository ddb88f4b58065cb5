#!/usr/bin/env bash
# The sample app's requests in-process: the application as it starts from its jar, then MockMvc with every filter it
# registers, one thread, no servlet container, no sockets, no scheduler between wrk and Tomcat. Each configuration runs
# in a JVM of its own, interleaved A B A B, pinned to one core; the number is the request thread's CPU time per request.
# A diagnostic for the whole-application cost (load.sh's question) that resolves a few microseconds where load.sh on a
# small VM resolves tens: it is not part of run.sh's suite and has no target.
#
#   benchmarks/in-process/run.sh [--no-build] [--startup]
#     --no-build: compile what changed instead of packaging everything
#     --startup:  instead of requests, STARTS (7) cold starts of each of STARTUP_CONFIGS ("on off bare"), interleaved,
#                 and where the time goes by Spring's startup steps (StartupSteps.java): the starter's own share
#
# Settings (environment): ENDPOINT (/products/1), PAIRS (3), WARM (150000 requests before measuring), N (40000
# requests per round), ROUNDS (3 per run), APP_CPU (1), JAVA_OPTS ("-Xmx512m -XX:ActiveProcessorCount=1", as load.sh),
# CONFIGS ("on off"; also: no-request-id no-json-logs no-request-log no-jdbc no-tracing, and the keeping ones:
# sampling-0 keep-0 keep-10 keep-0-buffer buffer), SINK_PORT (18091) and SINK_CPU (0) of the OTLP sink. Prints the
# request thread's CPU, the process's CPU (span export included) and the request thread's allocation per request.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=true
startup=false
for arg in "$@"; do
	case "$arg" in
		--no-build) build=false ;;
		--startup) startup=true ;;
		*) echo "in-process/run.sh: unknown option $arg" >&2; exit 2 ;;
	esac
done
ENDPOINT=${ENDPOINT:-/products/1}
PAIRS=${PAIRS:-3}
WARM=${WARM:-150000}
N=${N:-40000}
ROUNDS=${ROUNDS:-3}
APP_CPU=${APP_CPU:-1}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx512m -XX:ActiveProcessorCount=1"}
CONFIGS=${CONFIGS:-"on off"}
# shellcheck source=benchmarks/configurations.sh
source benchmarks/configurations.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The sample app's test class path (the starter's modules from this build, spring-test for MockMvc). A lifecycle phase
# is needed either way: with the dependency goal alone, Maven would take the starter's modules from the local
# repository (a stale "mvn install", or nothing) instead of this checkout.
goals="compile dependency:build-classpath"
$build && goals="package dependency:build-classpath"
# shellcheck disable=SC2086
./mvnw -q -B -ntp -pl sample-app -am $goals -DskipTests -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt"
classpath="sample-app/target/classes:$(cat "$work/cp.txt")"
javac -d "$work/classes" -cp "$classpath" benchmarks/in-process/InProcessRequests.java \
	benchmarks/in-process/StartupSteps.java

# Spans go over OTLP/HTTP to the benchmarks' sink (as in load.sh), so that export costs what it costs against a
# collector that keeps up; the sink runs on another core than the app.
SINK_PORT=${SINK_PORT:-18091}
taskset -c "${SINK_CPU:-0}" python3 benchmarks/otlp-sink.py "$SINK_PORT" >"$work/sink.log" 2>&1 &
sink_pid=$!
trap 'kill "$sink_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export_to_sink="--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$SINK_PORT/v1/traces"

if $startup; then
	# Startup: STARTS cold starts per configuration, interleaved, on every core (no pinning: a start is
	# multi-threaded); each prints its STARTUP line (StartupSteps.java).
	for start in $(seq 1 "${STARTS:-7}"); do
		for config in ${STARTUP_CONFIGS:-on off bare}; do
			# shellcheck disable=SC2086
			java ${STARTUP_JAVA_OPTS:-"-Xmx512m"} -cp "$work/classes:$classpath" StartupSteps --server.port=0 \
				--management.health.db.enabled=false $export_to_sink ${CONFIG_PROPERTIES[$config]} \
				>"$work/app.log" 2>"$work/err.log" || {
				echo "in-process: the $config start failed; last lines:" >&2
				tail -n 20 "$work/err.log" "$work/app.log" >&2
				exit 1
			}
			line=$(grep '^STARTUP ' "$work/err.log")
			echo "start $start $config: $line"
			[ "$start" = 1 ] && sed -n 's/^BEAN /  own time of: /p' "$work/err.log"
			echo "$config ${line#STARTUP }" >>"$work/startups.txt"
		done
	done
	python3 - "$work/startups.txt" <<'PY'
import statistics, sys
sys.path.insert(0, "benchmarks")
from report import difference_interval
runs = {}
for line in open(sys.argv[1]):
    config, ready, refresh, *owners = line.split()
    run = {"ready": float(ready), "refresh": float(refresh)}
    run.update({k: float(v) for k, v in (o.split("=") for o in owners)})
    runs.setdefault(config, []).append(run)
keys = ["ready", "refresh", "starter", "tracing", "app", "other", "framework"]
print("Startup, medians over %s starts (ms): ready = JVM start to ready; refresh = the context's refresh; the rest "
      "= own time of Spring's startup steps by owner (bean instantiation by the declaring class; framework = steps "
      "that are not a bean's instantiation)" % {c: len(v) for c, v in runs.items()})
print("  %-6s " % "config" + " ".join("%9s" % k for k in keys))
for config, values in runs.items():
    print("  %-6s " % config + " ".join("%9.0f" % statistics.median(v[k] for v in values) for k in keys))
for base in ("off", "bare"):
    if "on" in runs and base in runs:
        on = [v["ready"] for v in runs["on"]]
        other = [v["ready"] for v in runs[base]]
        low, high = difference_interval(on, other)
        print("  on - %s, ready: %+.0f ms (95%% interval %+.0f to %+.0f)"
              % (base, statistics.median(on) - statistics.median(other), low, high))
PY
	exit 0
fi

results="$work/results.txt"
for pair in $(seq 1 "$PAIRS"); do
	for config in $CONFIGS; do
		# shellcheck disable=SC2086
		taskset -c "$APP_CPU" java $JAVA_OPTS -cp "$work/classes:$classpath" -Dendpoint="$ENDPOINT" -Dwarm="$WARM" \
			-Dn="$N" -Drounds="$ROUNDS" InProcessRequests --server.port=0 --management.health.db.enabled=false \
			$export_to_sink ${CONFIG_PROPERTIES[$config]} >"$work/app.log" 2>"$work/err.log" || {
			echo "in-process: the $config run failed; last lines:" >&2
			tail -n 20 "$work/err.log" "$work/app.log" >&2
			exit 1
		}
		rounds=$(sed -n 's/^RESULT \([0-9.]*\) .*/\1/p' "$work/err.log" | tr '\n' ' ')
		process=$(sed -n 's/^RESULT [0-9.]* \([0-9.]*\) .*/\1/p' "$work/err.log" | tr '\n' ' ')
		allocated=$(sed -n 's/^RESULT [0-9.]* [0-9.]* [0-9.]* \([0-9]*\)$/\1/p' "$work/err.log" | tr '\n' ' ')
		echo "pair $pair $config: thread CPU per request (µs) $rounds; process CPU (µs) $process; allocated (B) $allocated"
		echo "$config $rounds" >>"$results"
		echo "$config $process" >>"$results.process"
		echo "$config $allocated" >>"$results.allocated"
	done
done
python3 - "$results" "$ENDPOINT" <<'PY'
import statistics, sys
def medians(path):
    runs = {}
    for line in open(path):
        config, *rounds = line.split()
        runs.setdefault(config, []).append(statistics.median(float(r) for r in rounds))
    return runs
runs = medians(sys.argv[1])
process = medians(sys.argv[1] + ".process")
allocated = medians(sys.argv[1] + ".allocated")
print("GET %s, medians of %s runs (each the median of its rounds):" % (sys.argv[2], {c: len(v) for c, v in runs.items()}))
base = statistics.median(runs["off"]) if "off" in runs else None
for config, values in runs.items():
    m = statistics.median(values)
    extra = " (%.2f times off, +%.1f µs)" % (m / base, m - base) if base and config != "off" else ""
    print("  %-14s %6.1f µs thread CPU per request; runs %s%s; process CPU %.1f µs; allocated %.0f B per request" % (
        config, m, ", ".join("%.1f" % v for v in values), extra, statistics.median(process[config]),
        statistics.median(allocated[config])))
PY
