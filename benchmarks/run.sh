#!/usr/bin/env bash
# Runs the whole benchmark suite and writes the markdown results table with the machine's description.
#
#   benchmarks/run.sh               JMH (every benchmark, -prof gc), then the whole-application load test (load.sh)
#   benchmarks/run.sh --smoke       every JMH benchmark once, briefly (under two minutes): keeps them compiling and
#                                   running in CI; its numbers are not measurements
#   benchmarks/run.sh --jmh-only    the JMH part of a full run, without load.sh
#   benchmarks/run.sh --features    also measure each feature's own cost in the whole application (load.sh --features)
#   benchmarks/run.sh --peers       also measure the OpenTelemetry Java agent in the whole application (load.sh --peers)
#   benchmarks/run.sh --petclinic DIR  also PetClinic (source in DIR, or a .tar.gz) with none, the starter, the agent
#   benchmarks/run.sh --update-doc  also replace the results in src-docs/src/docs/benchmarks.md
#   benchmarks/run.sh --no-build    use the benchmarks.jar (and sample-app jar) already built
#   benchmarks/run.sh -- ARGS       pass ARGS on to JMH, e.g. -- 'Jdbc.*' to run one group
#
# Environment: JMH_OPTS replaces the iteration settings of the mode (e.g. JMH_OPTS="-f 1 -wi 3 -i 3");
# load.sh reads its own (PAIRS, WARMUP, SETTLE_STEP, SETTLE_MAX, STEADY, DURATION, RATE, CONNECTIONS, STARTUPS,
# WARM_CPUS; see load.sh).
# Output: benchmarks/target/results/{jmh.json,load.json,petclinic.json,results.md}.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
load=true
build=true
update_doc=false
features=""
peers=""
petclinic=""
jmh_args=()
while [ $# -gt 0 ]; do
	case "$1" in
		--smoke) mode=smoke; load=false ;;
		--jmh-only) load=false ;;
		--features) features=--features ;;
		--peers) peers=--peers ;;
		--petclinic) petclinic="$2"; shift ;;
		--no-build) build=false ;;
		--update-doc) update_doc=true ;;
		--) shift; jmh_args=("$@"); break ;;
		-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
		*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

if [ "$mode" = smoke ]; then
	iterations="-f 1 -wi 1 -w 100ms -i 1 -r 200ms"
else
	iterations="-f 2 -wi 5 -w 1s -i 5 -r 1s"
fi
if [ -n "${JMH_OPTS:-}" ]; then
	iterations="$JMH_OPTS"
	[ "$mode" = full ] && mode=custom
fi

# The whole-application parts need wrk and taskset: say so now, not after the JMH part's half hour.
if $load || [ -n "$petclinic" ]; then
	for tool_package in wrk:wrk taskset:util-linux; do
		command -v "${tool_package%%:*}" >/dev/null || {
			echo "run.sh: ${tool_package%%:*} is missing (apt-get install ${tool_package#*:}), needed by load.sh and petclinic.sh" >&2
			exit 1
		}
	done
fi

results=benchmarks/target/results
jar=benchmarks/target/benchmarks.jar
if $build || [ ! -f "$jar" ]; then
	echo "== Building benchmarks.jar"
	./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
fi
mkdir -p "$results"
rm -f "$results/jmh.json" "$results/load.json" "$results/petclinic.json"

# The load average before the suite starts: afterwards it mostly shows the suite's own load.
cat /proc/loadavg >"$results/loadavg" 2>/dev/null || true
# How busy the machine is, measured over three seconds: the load average still counts the build above.
{ grep '^cpu ' /proc/stat; sleep 3; grep '^cpu ' /proc/stat; } >"$results/cpu-before" 2>/dev/null || true
# JdbcPostgresBenchmarks runs against a private PostgreSQL (scripts/postgres.sh: Debian's package, installed when run
# as root), started here and stopped on exit. Where none can be started, that group is left out and its target is
# reported as not measured.
export POSTGRES_PORT=${POSTGRES_PORT:-55439} POSTGRES_DB=benchmarks
jmh_excludes=()
if BENCHMARKS_POSTGRES_URL=$(scripts/postgres.sh start | tail -n 1); then
	export BENCHMARKS_POSTGRES_URL
	trap 'scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
else
	echo "run.sh: no PostgreSQL could be started; JdbcPostgresBenchmarks is left out" >&2
	jmh_excludes=(-e JdbcPostgresBenchmarks)
fi
echo "== JMH ($mode: $iterations)"
# shellcheck disable=SC2086
java -jar "$jar" $iterations -bm avgt -tu ns -prof gc -rf json -rff "$results/jmh.json" "${jmh_excludes[@]}" \
	"${jmh_args[@]}"
scripts/postgres.sh stop >/dev/null 2>&1 || true

report_args=(--jmh "$results/jmh.json" --mode "$mode" --out "$results/results.md" --loadavg "$results/loadavg"
	--cpu-before "$results/cpu-before")
if $load; then
	echo "== Whole application (load.sh)"
	benchmarks/load.sh $($build || echo --no-build) $features $peers --out "$results/load.json"
	report_args+=(--load "$results/load.json")
fi
if [ -n "$petclinic" ]; then
	echo "== PetClinic (petclinic.sh)"
	benchmarks/petclinic.sh "$petclinic" --out "$results/petclinic.json"
	report_args+=(--petclinic "$results/petclinic.json")
fi
if $update_doc; then
	report_args+=(--update-doc src-docs/src/docs/benchmarks.md)
fi
python3 benchmarks/report.py "${report_args[@]}"
echo "== Results: $results/results.md"
cat "$results/results.md"
