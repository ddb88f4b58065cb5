#!/usr/bin/env bash
# Records one PetClinic jar of petclinic.sh (none.jar or starter.jar in its WORK_DIR) under a steady load with JFR:
# execution samples every 10 ms, every constructed exception and error (jdk.JavaExceptionThrow, jdk.JavaErrorThrow),
# then reads every request thread's ThreadLocalMap through an attached agent (ThreadLocalDump) and writes a heap
# histogram. Run two at once (none and starter, different ports) so that a noisy machine slows both alike.
#
#   benchmarks/petclinic-profile/profile.sh NAME JAR PORT OUT_DIR [application arguments...]
#
# Environment: WARM [60] seconds at 100 requests/s, DUR [90] seconds recorded at RATE [40] requests/s,
# SINK [18393] port of an OTLP sink (benchmarks/otlp-sink.py) for the starter's spans.
# Writes OUT_DIR/NAME.jfr, NAME-tl.txt (thread-locals), NAME-histo.txt, NAME-run.txt (wrk) and prints the process
# CPU ticks (of 10 ms) over the recorded window and the requests served. Summaries:
#   python3 benchmarks/petclinic-profile/jfr-summary.py OUT_DIR/NAME.jfr exc|samples|owners|callers|threadcpu|jit [N] ...
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=$1 jar=$2 port=$3 out=$4
shift 4
SINK=${SINK:-18393}
mkdir -p "$out/agent/classes"
javac -nowarn -d "$out/agent/classes" "$here/ThreadLocalDump.java"
printf 'Agent-Class: ThreadLocalDump\n' >"$out/agent/manifest.txt"
jar cfm "$out/agent/thread-local-dump.jar" "$out/agent/manifest.txt" -C "$out/agent/classes" .
jfc="$out/agent/profile-exceptions.jfc"
python3 - "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" "$jfc" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
for event in ("jdk.JavaExceptionThrow", "jdk.JavaErrorThrow"):
    s = re.sub(r'(<event name="%s">\s*<setting name="enabled"[^>]*>)false' % re.escape(event), r'\1true', s)
s = re.sub(r'(<event name="jdk.ExecutionSample">.*?<setting name="period"[^>]*>)[^<]*', r'\g<1>10 ms', s, flags=re.S)
open(sys.argv[2], "w").write(s)
PY
java -Xmx512m -XX:ActiveProcessorCount=1 -XX:FlightRecorderOptions:stackdepth=512 -jar "$jar" \
	--server.address=127.0.0.1 --management.health.db.enabled=false --server.port="$port" \
	--management.opentelemetry.tracing.export.otlp.endpoint="http://127.0.0.1:$SINK/v1/traces" "$@" >"$out/$name.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until grep -qs "Started .* (process running for" "$out/$name.log"; do
	kill -0 $pid 2>/dev/null || { tail -n 20 "$out/$name.log" >&2; exit 1; }
	sleep 0.2
done
cpu_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
RATE=100 wrk -t1 -c2 -d"${WARM:-60}s" -s "$here/fixed-rate.lua" "http://127.0.0.1:$port/owners/1" >"$out/$name-warm.txt"
jcmd $pid JFR.start name=profile settings="$jfc" >/dev/null
before=$(cpu_ticks $pid)
RATE=${RATE:-40} wrk -t1 -c2 -d"${DUR:-90}s" -s "$here/fixed-rate.lua" "http://127.0.0.1:$port/owners/1" >"$out/$name-run.txt"
after=$(cpu_ticks $pid)
jcmd $pid JFR.dump name=profile filename="$out/$name.jfr" >/dev/null
jcmd $pid JFR.stop name=profile >/dev/null
jcmd $pid JVMTI.agent_load "$out/agent/thread-local-dump.jar" "$out/$name-tl.txt" >/dev/null
jcmd $pid GC.class_histogram >"$out/$name-histo.txt"
echo "$name: $((after - before)) CPU ticks, $(grep -o '[0-9]* requests in' "$out/$name-run.txt")"
