#!/usr/bin/env bash
# A workload no one here wrote: Spring PetClinic's owner page (GET /owners/1: Thymeleaf, Spring Data JPA on H2, the
# resource chain's webjar links), in three JVMs at once: PetClinic as it is ("none"), with the starter added as its
# only change ("starter", every default on, spans to a local OTLP sink), and as it is under the OpenTelemetry Java agent
# ("agent", traces only with the IDs in the MDC, spans to the same sink). All three are pinned to one shared core, so
# that a noisy machine slows all three alike; the ratios of CPU per request to "none" in the same round are reported,
# with their medians over the rounds.
#
#   benchmarks/petclinic.sh PETCLINIC_SOURCE [--no-build] [--out FILE]
#
#   PETCLINIC_SOURCE  a PetClinic checkout (https://github.com/spring-projects/spring-petclinic) or a .tar.gz of one
#   --no-build        reuse the two PetClinic jars of the last run (in WORK_DIR)
#
# Build: the source is copied to WORK_DIR (PetClinic's own tree is never touched), its Spring Boot parent set to
# BOOT_VERSION and built as it is; then the starter of this checkout is published into a file repository
# (scripts/local-repository.sh; nothing goes into ~/.m2), its dependency added to the copy's pom.xml and built again.
# PetClinic's build runs with a local repository of its own (WORK_DIR/m2) on top of ~/.m2 as a read-only cache
# (maven.repo.local.tail), and without its formatting and licence checks.
#
# Each run: the three JVMs start on WARM_CPUS, get WARMUP seconds of load on WARM_CPUS (the JIT compiles on the free
# core), then every thread of all three is pinned to APP_CPU, and ROUNDS rounds of DURATION seconds follow; in each
# round the three get RATE requests/s each at the same time (one wrk per JVM on WRK_CPU, paced by a wrk script as in
# load.sh), and CPU per request is each JVM's utime+stime from /proc/<pid>/stat over the round divided by the
# requests it served.
#
# Environment (defaults in brackets):
#   ROUNDS [7]  DURATION [30]  WARMUP [120]  RATE [30] requests/s per JVM (three times that on the shared core: at
#               6-10 ms of CPU per owner page once warm, about 60-90% of it; the results say when a JVM fell behind)
#   APP_CPU [1]  WRK_CPU [0]  WARM_CPUS [0-(cores-1)]  PORT [18090] (none; starter PORT+1, agent PORT+2, sink PORT+3)
#   BOOT_VERSION [this build's spring-boot.version; "keep" leaves PetClinic's]  AGENT_VERSION [2.31.1]
#   AGENT_CONFIG [agent-traces] the agent's options, one of load.sh's peers (agent: its defaults)
#   JAVA_OPTS ["-Xmx512m -XX:ActiveProcessorCount=1"]  WORK_DIR [benchmarks/target/petclinic]
#   ENDPOINT [/owners/1]
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

source_dir=""
build=true
out=benchmarks/target/results/petclinic.json
while [ $# -gt 0 ]; do
	case "$1" in
		--no-build) build=false ;;
		--out) out="$2"; shift ;;
		-h|--help) sed -n '2,33p' "$0"; exit 0 ;;
		-*) echo "petclinic.sh: unknown option $1" >&2; exit 2 ;;
		*) source_dir="$1" ;;
	esac
	shift
done
[ -n "$source_dir" ] || $build || source_dir=unused
[ -n "$source_dir" ] || { echo "usage: benchmarks/petclinic.sh PETCLINIC_SOURCE [--no-build] [--out FILE]" >&2; exit 2; }

ROUNDS=${ROUNDS:-7}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-120}
RATE=${RATE:-30}
APP_CPU=${APP_CPU:-1}
WRK_CPU=${WRK_CPU:-0}
WARM_CPUS=${WARM_CPUS:-0-$(($(nproc) - 1))}
PORT=${PORT:-18090}
SINK_PORT=$((PORT + 3))
ENDPOINT=${ENDPOINT:-/owners/1}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx512m -XX:ActiveProcessorCount=1"}
WORK_DIR=${WORK_DIR:-benchmarks/target/petclinic}
AGENT_VERSION=${AGENT_VERSION:-2.31.1}
AGENT_JAR=$root/benchmarks/target/opentelemetry-javaagent-$AGENT_VERSION.jar
if [ -z "${BOOT_VERSION:-}" ]; then
	BOOT_VERSION=$(sed -n 's:.*<spring-boot.version>\(.*\)</spring-boot.version>.*:\1:p' pom.xml | head -n 1)
fi
# The agent's options: load.sh's AGENT_CONFIG (configurations.sh), under PetClinic's name.
# shellcheck source=benchmarks/configurations.sh
source benchmarks/configurations.sh
AGENT_CONFIG=${AGENT_CONFIG:-agent-traces}
[ -n "${CONFIG_JVM_OPTIONS[$AGENT_CONFIG]:-}" ] || { echo "petclinic.sh: AGENT_CONFIG is agent or agent-traces" >&2; exit 2; }
AGENT_OPTIONS="${CONFIG_JVM_OPTIONS[$AGENT_CONFIG]} -Dotel.service.name=petclinic"

command -v wrk >/dev/null || { echo "petclinic.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "petclinic.sh: taskset is missing (util-linux)" >&2; exit 1; }
mkdir -p "$WORK_DIR"
WORK_DIR=$(cd "$WORK_DIR" && pwd)
mvn_petclinic() {
	"$root/mvnw" -q -B -ntp -f "$WORK_DIR/source/pom.xml" -Dmaven.repo.local="$WORK_DIR/m2" \
		-Dmaven.repo.local.tail="$HOME/.m2/repository" -DskipTests -Dcheckstyle.skip -Dspring-javaformat.skip=true \
		-Dnohttp.skip -Denforcer.skip package "$@"
}

if $build; then
	echo "== Copying PetClinic from $source_dir"
	rm -rf "$WORK_DIR/source"
	mkdir -p "$WORK_DIR/source"
	if [ -f "$source_dir" ]; then
		tar xzf "$source_dir" -C "$WORK_DIR/source" --strip-components=1
	else
		(cd "$source_dir" && tar cf - --exclude=./target --exclude=./.git .) | tar xf - -C "$WORK_DIR/source"
	fi
	[ -f "$WORK_DIR/source/pom.xml" ] || { echo "petclinic.sh: no pom.xml in $source_dir" >&2; exit 1; }
	if [ "$BOOT_VERSION" != keep ]; then
		# The parent is the first <version> after spring-boot-starter-parent.
		sed -i "/<artifactId>spring-boot-starter-parent<\/artifactId>/{n;s:<version>[^<]*</version>:<version>$BOOT_VERSION</version>:}" \
			"$WORK_DIR/source/pom.xml"
	fi
	echo "== Building PetClinic as it is (Spring Boot $(sed -n '/spring-boot-starter-parent/{n;s:.*<version>\(.*\)</version>.*:\1:p}' "$WORK_DIR/source/pom.xml"))"
	mvn_petclinic
	cp "$(ls "$WORK_DIR"/source/target/*.jar | grep -v -e sources -e original | head -n 1)" "$WORK_DIR/none.jar"

	echo "== Publishing the starter into a file repository"
	repository=$(scripts/local-repository.sh "$WORK_DIR/repository" 2>"$WORK_DIR/local-repository.log" | tail -n 1) || {
		tail -n 30 "$WORK_DIR/local-repository.log" >&2
		exit 1
	}
	version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' observability-spring-boot-starter/pom.xml)
	# The starter's artifacts of an earlier run must not shadow this build's.
	rm -rf "$WORK_DIR/m2/dev/secretlife"
	python3 - "$WORK_DIR/source/pom.xml" "$repository" "$version" <<'PY'
import sys
path, repository, version = sys.argv[1:]
pom = open(path).read()
dependency = """    <dependency>
      <groupId>dev.secretlife.observability</groupId>
      <artifactId>observability-spring-boot-starter</artifactId>
      <version>%s</version>
    </dependency>
  </dependencies>""" % version
repositories = """  <repositories>
    <repository>
      <id>observability-local</id>
      <url>%s</url>
    </repository>
  </repositories>
</project>""" % repository
# The project's own dependencies end at the first </dependencies> (plugins' come later); the repository goes last.
pom = pom.replace("  </dependencies>", dependency, 1)
head, tail = pom.rsplit("</project>", 1)
open(path, "w").write(head + repositories + tail)
PY
	echo "== Building PetClinic with the starter ($version)"
	mvn_petclinic
	cp "$(ls "$WORK_DIR"/source/target/*.jar | grep -v -e sources -e original | head -n 1)" "$WORK_DIR/starter.jar"
	if [ ! -f "$AGENT_JAR" ]; then
		echo "== Fetching the OpenTelemetry Java agent $AGENT_VERSION"
		./mvnw -q -B -ntp -N dependency:copy -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$AGENT_VERSION" \
			-DoutputDirectory=benchmarks/target
	fi
fi
for f in "$WORK_DIR/none.jar" "$WORK_DIR/starter.jar" "$AGENT_JAR"; do
	[ -f "$f" ] || { echo "petclinic.sh: $f is missing; run without --no-build" >&2; exit 1; }
done
jars() {
	unzip -l "$1" | grep -c 'BOOT-INF/lib/.*\.jar$'
}
echo "== Jars on the class path: none $(jars "$WORK_DIR/none.jar"), starter $(jars "$WORK_DIR/starter.jar")"
for port in "$PORT" $((PORT + 1)) $((PORT + 2)) "$SINK_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "petclinic.sh: port $port is in use; set PORT" >&2
		exit 1
	fi
done

work=$(mktemp -d)
declare -A pids=()
sink_pid=""
cleanup() {
	local pid
	for pid in "${pids[@]}" $sink_pid; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "petclinic.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

taskset -c "$WRK_CPU" python3 benchmarks/otlp-sink.py "$SINK_PORT" >"$work/sink.log" 2>&1 &
sink_pid=$!

# The fixed-rate wrk script (as load.sh's): each request takes the next slot of one schedule of RATE per second.
cat >"$work/fixed-rate.lua" <<'LUA'
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
function delay()
  local t = now_ms()
  next_slot_ms = (next_slot_ms or t) + interval_ms
  return math.max(0, next_slot_ms - t)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"socket_errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
LUA

CONFIGS="none starter agent"
declare -A ports=([none]=$PORT [starter]=$((PORT + 1)) [agent]=$((PORT + 2)))
common="--server.address=127.0.0.1 --management.health.db.enabled=false"
for config in $CONFIGS; do
	case "$config" in
		none) jar=$WORK_DIR/none.jar; options="" ; properties="" ;;
		starter) jar=$WORK_DIR/starter.jar; options=""
			properties="--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$SINK_PORT/v1/traces" ;;
		agent) jar=$WORK_DIR/none.jar; options=$AGENT_OPTIONS
			properties="" ;;
	esac
	# shellcheck disable=SC2086
	taskset -c "$WARM_CPUS" java $JAVA_OPTS $options -jar "$jar" $common --server.port="${ports[$config]}" $properties \
		>"$work/$config.log" 2>&1 &
	pids[$config]=$!
done
for config in $CONFIGS; do
	waited=0
	until grep -qs "Started .* (process running for" "$work/$config.log"; do
		if ! kill -0 "${pids[$config]}" 2>/dev/null || [ $waited -ge 3000 ]; then
			echo "petclinic.sh: PetClinic ($config) did not start; last lines of its log:" >&2
			tail -n 20 "$work/$config.log" >&2
			exit 1
		fi
		sleep 0.2
		waited=$((waited + 1))
	done
	status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$config]}$ENDPOINT")
	[ "$status" = 200 ] || { echo "petclinic.sh: GET $ENDPOINT answers $status ($config)" >&2; exit 1; }
	echo "   $config started: $(sed -n 's/.*\(Started .*\)/\1/p' "$work/$config.log" | head -n 1 | cut -c1-100)"
done
# The three are what they claim to be: the starter's request ID header only with the starter, the agent's banner only
# under the agent.
for config in $CONFIGS; do
	request_id=absent agent=absent
	curl -s -D - -o /dev/null "http://127.0.0.1:${ports[$config]}$ENDPOINT" | grep -qi '^X-Request-ID:' && request_id=present
	grep -qs 'opentelemetry-javaagent - version' "$work/$config.log" && agent=present
	case "$config" in
		none) wanted="request-id=absent agent=absent" ;;
		starter) wanted="request-id=present agent=absent" ;;
		agent) wanted="request-id=absent agent=present" ;;
	esac
	found="request-id=$request_id agent=$agent"
	[ "$found" = "$wanted" ] || { echo "petclinic.sh: $config: expected $wanted, found $found" >&2; exit 1; }
done

pin() {
	taskset -a -p -c "$2" "$1" >/dev/null 2>&1 || taskset -a -p -c "$2" "$1" >/dev/null
}
cpu_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

echo "== Warm-up: ${WARMUP}s, the three on cores $WARM_CPUS"
load_pids=()
for config in $CONFIGS; do
	taskset -c "$WRK_CPU" wrk -t 1 -c 2 -d "${WARMUP}s" --timeout 5s "http://127.0.0.1:${ports[$config]}$ENDPOINT" \
		>/dev/null &
	load_pids+=($!)
done
for pid in "${load_pids[@]}"; do
	wait "$pid"
done
for config in $CONFIGS; do
	pin "${pids[$config]}" "$APP_CPU"
done

samples=$work/samples.jsonl
: >"$samples"
clock_ticks=$(getconf CLK_TCK)
for round in $(seq 1 "$ROUNDS"); do
	declare -A before=()
	load_pids=()
	for config in $CONFIGS; do
		before[$config]=$(cpu_ticks "${pids[$config]}")
		RATE=$RATE taskset -c "$WRK_CPU" wrk -t 1 -c 2 -d "${DURATION}s" --timeout 5s -s "$work/fixed-rate.lua" \
			"http://127.0.0.1:${ports[$config]}$ENDPOINT" >"$work/wrk-$config.txt" &
		load_pids+=($!)
	done
	for pid in "${load_pids[@]}"; do
		wait "$pid"
	done
	for config in $CONFIGS; do
		python3 - "$config" "$round" "$(sed -n 's/^RESULT //p' "$work/wrk-$config.txt")" "${before[$config]}" \
			"$(cpu_ticks "${pids[$config]}")" "$clock_ticks" >>"$samples" <<'PY'
import json, sys
config, round_, result, before, after, ticks = sys.argv[1:]
r = json.loads(result)
if r["non2xx"] or r["socket_errors"]:
    sys.exit("petclinic.sh: %s: %d non-2xx answers, %d socket errors" % (config, r["non2xx"], r["socket_errors"]))
print(json.dumps({"config": config, "round": int(round_), "requests": r["requests"], "p99_us": r["p99_us"],
                  "requests_per_second": r["requests"] / (r["duration_us"] / 1e6),
                  "cpu_us_per_request": (int(after) - int(before)) * 1e6 / int(ticks) / max(r["requests"], 1)}))
PY
	done
	python3 - "$samples" "$round" <<'PY'
import json, sys
rows = {s["config"]: s for s in map(json.loads, open(sys.argv[1])) if s["round"] == int(sys.argv[2])}
none = rows["none"]["cpu_us_per_request"]
print("   round %s: CPU per request none %.0f µs, starter %.0f µs (%.2f×), agent %.0f µs (%.2f×)" % (
    sys.argv[2], none, rows["starter"]["cpu_us_per_request"], rows["starter"]["cpu_us_per_request"] / none,
    rows["agent"]["cpu_us_per_request"], rows["agent"]["cpu_us_per_request"] / none))
PY
done
sent=$(curl -sf "http://127.0.0.1:$SINK_PORT/counts" || echo '{}')

mkdir -p "$(dirname "$out")"
python3 - "$samples" "$out" "$sent" "$(jars "$WORK_DIR/none.jar")" "$(jars "$WORK_DIR/starter.jar")" "$(cat /proc/loadavg)" <<PY
import json, statistics, sys
samples = [json.loads(line) for line in open(sys.argv[1])]
rounds = {}
for s in samples:
    rounds.setdefault(s["round"], {})[s["config"]] = s
result = {"settings": {"endpoint": "$ENDPOINT", "rounds": $ROUNDS, "duration_s": $DURATION, "warmup_s": $WARMUP,
                       "rate_per_jvm": $RATE, "app_cpu": "$APP_CPU", "java_opts": "$JAVA_OPTS",
                       "boot_version": "$BOOT_VERSION", "agent_version": "$AGENT_VERSION",
                       "agent_config": "$AGENT_CONFIG",
                       "loadavg_at_end": sys.argv[6]},
          "jars": {"none": int(sys.argv[4]), "starter": int(sys.argv[5])},
          "sent_to_sink": json.loads(sys.argv[3]), "rounds": [rounds[r] for r in sorted(rounds)]}
print("== PetClinic GET $ENDPOINT, %d rounds, three JVMs at once on core $APP_CPU (load average at the end: %s)"
      % (len(rounds), " ".join(sys.argv[6].split()[:3])))
for config in ("none", "starter", "agent"):
    cpu = [r[config]["cpu_us_per_request"] for r in rounds.values()]
    ratios = [r[config]["cpu_us_per_request"] / r["none"]["cpu_us_per_request"] for r in rounds.values()]
    p99 = [r[config]["p99_us"] / 1000 for r in rounds.values()]
    rate = statistics.median([r[config]["requests_per_second"] for r in rounds.values()])
    result[config] = {"cpu_us_per_request_median": statistics.median(cpu), "ratio_to_none_median": statistics.median(ratios),
                      "ratio_to_none_min": min(ratios), "ratio_to_none_max": max(ratios),
                      "p99_ms_median": statistics.median(p99), "requests_per_second_median": rate}
    print("   %-8s CPU per request %6.0f µs, ratio to none %.3f (%.2f–%.2f), p99 %.2f ms, %.0f requests/s%s" % (
        config, statistics.median(cpu), statistics.median(ratios), min(ratios), max(ratios), statistics.median(p99),
        rate, "" if rate >= 0.95 * $RATE else " (below the rate: the shared core did not keep up)"))
over = lambda c: result[c]["ratio_to_none_median"] - 1
print("   starter's overhead %.2f vs the agent's %.2f: %s" % (over("starter"), over("agent"),
      "below the agent's" if over("starter") < over("agent") else "not below the agent's"))
json.dump(result, open(sys.argv[2], "w"), indent=1)
PY
echo "== Results: $out"
