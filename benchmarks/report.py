#!/usr/bin/env python3
"""Turns JMH's JSON results (and load.sh's, when given) into the markdown results table.

    report.py --jmh jmh.json [--load load.json] [--petclinic petclinic.json] [--mode full|smoke] [--out results.md]
              [--update-doc benchmarks.md]

Every benchmark is shown in its group (its class and thread count) next to the group's baseline: ns/op, the
overhead in ns above the baseline, the ratio to it, and the bytes allocated per op (gc.alloc.rate.norm from
-prof gc). Then each target of issue 7 is marked met, missed, not measured, or pending (when a benchmark it
depends on is still a stand-in, see STAND_INS).
"""

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys

PACKAGE = "dev.secretlife.observability.benchmarks."

# (class, threads) -> (title of the group, the baseline method)
GROUPS = {
    ("CalibrationBenchmarks", 1): ("Calibration (the machine's floor)", "emptyMethod"),
    ("RequestIdFilterBenchmarks", 1): ("Request ID filter, per request, 1 thread", "withoutFilter"),
    ("RequestIdFilterBenchmarks", 2): ("Request ID filter, per request, 2 threads", "withoutFilter2Threads"),
    ("RequestIdGeneratorBenchmarks", 2): ("Request ID generation, 2 threads", "uuidRandomUuidToString"),
    ("JdbcBenchmarks", 1): ("JDBC point select on HikariCP + H2 in memory, per statement", "rawHikariH2"),
    ("JdbcPostgresBenchmarks", 1): ("JDBC point select on HikariCP + PostgreSQL over loopback, per statement",
                                    "rawHikariPostgres"),
    ("JdbcTransactionBenchmarks", 1): ("JDBC read-only transaction around a point select, with the calls Spring and "
                                       "Hibernate make around it, per transaction", "rawHikariH2"),
    ("LoggingBenchmarks", 1): ("Logging, per event (MDC with 3 IDs, one key-value, discarding stream)",
                               "patternLayout"),
    ("RequestSummaryBenchmarks", 1): ("Request summary line, per request (starter's JSON, discarding stream)",
                                      "withoutFilter"),
    ("ServerObservationBenchmarks", 1): ("Server observation per request (Spring's observation filter and the request "
                                         "ID filter in a context of Boot's auto-configurations): metrics only, Boot's "
                                         "tracing at sampling 1.0, the starter's tracing on top", "metricsOnly"),
    ("JdbcRequestAccountingBenchmarks", 1): ("JDBC accounting per request (3 point selects through the starter's "
                                             "proxy, with vs without the request filter and N+1 check)",
                                             "withoutAccounting"),
}

# Benchmarks that do not yet measure what their name says. Remove an entry once StarterComponents builds the real
# component; until then no target is judged on it.
STAND_INS = {}


def run(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine(jmh, loadavg):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = "unknown"
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
            memory = "%.1f GiB" % (kb / 1024 / 1024)
    except (OSError, AttributeError):
        pass
    os_name = platform.system() + " " + platform.release()
    try:
        with open("/etc/os-release") as f:
            pretty = re.search(r'PRETTY_NAME="([^"]*)"', f.read())
            if pretty:
                os_name = pretty.group(1) + ", kernel " + platform.release()
    except OSError:
        pass
    first = jmh[0] if jmh else {}
    jdk = "%s %s (%s)" % (first.get("vmName", "?"), first.get("vmVersion", "?"), first.get("jdkVersion", "?"))
    load = loadavg[:3]
    return [
        ("CPU", cpu),
        ("Cores", str(os.cpu_count())),
        ("Memory", memory),
        ("JDK", jdk),
        ("OS", os_name),
        ("Load average before the suite started (1, 5, 15 min)", ", ".join(load) if load else "unknown"),
    ]


def split_name(benchmark):
    name = benchmark[len(PACKAGE):] if benchmark.startswith(PACKAGE) else benchmark
    cls, method = name.rsplit(".", 1)
    return cls, method


def alloc(result):
    secondary = result.get("secondaryMetrics", {})
    for key in ("gc.alloc.rate.norm", "\u00b7gc.alloc.rate.norm"):
        if key in secondary:
            return secondary[key]["score"]
    return None


def fmt(value, digits=1):
    if not isinstance(value, (int, float)) or value != value:
        return "n/a"
    if abs(value) >= 100:
        return "{:,.0f}".format(value)
    return "{:,.{}f}".format(value, digits)


def jmh_tables(jmh):
    rows_by_group = {}
    scores = {}
    for result in jmh:
        cls, method = split_name(result["benchmark"])
        threads = result.get("threads", 1)
        metric = result["primaryMetric"]
        if metric.get("scoreUnit") != "ns/op":
            sys.exit("report.py: %s is in %s, expected ns/op (run JMH with -bm avgt -tu ns)"
                     % (result["benchmark"], metric.get("scoreUnit")))
        entry = {
            "method": method,
            "score": metric["score"],
            "error": metric.get("scoreError"),
            "alloc": alloc(result),
        }
        scores["%s.%s" % (cls, method)] = entry
        rows_by_group.setdefault((cls, threads), []).append(entry)

    lines = []
    for key in sorted(rows_by_group, key=lambda k: list(GROUPS).index(k) if k in GROUPS else 99):
        title, baseline_name = GROUPS.get(key, ("%s, %d thread(s)" % key, None))
        rows = rows_by_group[key]
        baseline = next((r for r in rows if r["method"] == baseline_name), None)
        lines.append("")
        lines.append("#### " + title)
        lines.append("")
        lines.append("| Benchmark | ns/op | ± (99.9%) | Overhead vs baseline (ns) | Ratio | Bytes/op | Note |")
        lines.append("|---|---:|---:|---:|---:|---:|---|")
        rows.sort(key=lambda r: (r is not baseline, r["score"]))
        for row in rows:
            note = STAND_INS.get("%s.%s" % (key[0], row["method"]), "")
            if row is baseline:
                note = ("baseline; " + note) if note else "baseline"
                overhead, ratio = "", "1.00"
            elif baseline:
                overhead = fmt(row["score"] - baseline["score"])
                ratio = "%.2f" % (row["score"] / baseline["score"]) if baseline["score"] > 0 else "n/a"
            else:
                overhead, ratio = "n/a", "n/a"
            error = row["error"]
            lines.append("| `%s` | %s | %s | %s | %s | %s | %s |" % (
                row["method"], fmt(row["score"]), fmt(error),
                overhead, ratio, fmt(row["alloc"], 0), note))
    return lines, scores


def status(ok, depends_on):
    stand_ins = [name for name in depends_on if name in STAND_INS]
    if stand_ins:
        return "pending (%s is a stand-in)" % ", ".join("`%s`" % n.split(".")[1] for n in stand_ins)
    return "**met**" if ok else "**missed**"


def jmh_targets(scores):
    targets = []
    raw = scores.get("JdbcBenchmarks.rawHikariH2")
    starter = scores.get("JdbcBenchmarks.starterProxy")
    micrometer = scores.get("JdbcBenchmarks.datasourceMicrometer")
    if raw and starter:
        ratio = starter["score"] / raw["score"]
        targets.append(("JDBC: at most 5% slower than raw on the H2 point select",
                        "ratio %.3f" % ratio,
                        status(ratio <= 1.05, ["JdbcBenchmarks.starterProxy"])))
    else:
        targets.append(("JDBC: at most 5% slower than raw on the H2 point select", "", "not measured"))
    if raw and starter and micrometer:
        ours = starter["score"] - raw["score"]
        theirs = micrometer["score"] - raw["score"]
        targets.append(("JDBC: less overhead per statement than datasource-micrometer",
                        "%s ns vs %s ns" % (fmt(ours), fmt(theirs)),
                        status(ours < theirs, ["JdbcBenchmarks.starterProxy"])))
    else:
        targets.append(("JDBC: less overhead per statement than datasource-micrometer", "", "not measured"))
    if raw and starter:
        overhead = starter["score"] - raw["score"]
        targets.append(("JDBC: at most 500 ns of overhead per statement on the H2 point select",
                        "%s ns" % fmt(overhead), status(overhead <= 500, ["JdbcBenchmarks.starterProxy"])))
    else:
        targets.append(("JDBC: at most 500 ns of overhead per statement on the H2 point select", "", "not measured"))
    raw_pg = scores.get("JdbcPostgresBenchmarks.rawHikariPostgres")
    starter_pg = scores.get("JdbcPostgresBenchmarks.starterProxy")
    if raw_pg and starter_pg:
        ratio = starter_pg["score"] / raw_pg["score"]
        targets.append(("JDBC: at most 5% slower than raw on the PostgreSQL point select (loopback)",
                        "ratio %.3f (%s vs %s ns)" % (ratio, fmt(starter_pg["score"]), fmt(raw_pg["score"])),
                        status(ratio <= 1.05, ["JdbcPostgresBenchmarks.starterProxy"])))
    else:
        targets.append(("JDBC: at most 5% slower than raw on the PostgreSQL point select (loopback)", "",
                        "not measured (no PostgreSQL)"))
    boot = scores.get("LoggingBenchmarks.bootStructuredLogstash")
    for method, label in (("starterEncoderMasking", "masking on, the default"), ("starterEncoder", "masking off")):
        target = "Logging (%s): no slower per event than Boot's built-in logstash format" % label
        ours = scores.get("LoggingBenchmarks." + method)
        if boot and ours:
            targets.append((target, "%s ns vs %s ns" % (fmt(ours["score"]), fmt(boot["score"])),
                            status(ours["score"] <= boot["score"], ["LoggingBenchmarks." + method])))
        else:
            targets.append((target, "", "not measured"))
    return targets


def ms(microseconds):
    return "%.2f" % (microseconds / 1000) if microseconds is not None else "n/a"


def cpu_busy(path):
    """The share of CPU time not idle between two 'cpu' lines of /proc/stat, or None without them."""
    try:
        with open(path) as f:
            samples = [[int(v) for v in line.split()[1:]] for line in f if line.startswith("cpu ")]
    except (OSError, TypeError, ValueError):
        return None
    if len(samples) < 2:
        return None
    delta = [b - a for a, b in zip(samples[0], samples[-1])]
    total = sum(delta)
    idle = delta[3] + (delta[4] if len(delta) > 4 else 0)
    return (total - idle) / total if total > 0 else None


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def load_table(endpoints, view):
    """One table row per endpoint for one of the two loads; view(sample) gives that load's numbers of a run.
    Returns the lines and, per endpoint, the median on/off ratios of p99 and of CPU per request."""
    lines = ["| Endpoint | Pairs | p50 on / off (ms) | p50 ratio (min–max) | p99 on / off (ms) "
             "| p99 ratio (min–max) | CPU per request on / off (µs) | CPU ratio (min–max) | Requests/s on / off |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    ratios_by_endpoint = {}
    for endpoint, data in endpoints.items():
        pairs = [(view(p["on"]), view(p["off"])) for p in data.get("pairs", [])]
        pairs = [(on, off) for on, off in pairs if on and off]
        if not pairs:
            continue

        def med(side, key):
            return median([pair[side].get(key) for pair in pairs])

        def ratios(key):
            return [on[key] / off[key] for on, off in pairs if on.get(key) and off.get(key)]

        def spread(key):
            values = ratios(key)
            return "%.3f (%.2f–%.2f)" % (median(values), min(values), max(values))

        lines.append("| `GET %s` | %d | %s / %s | %s | %s / %s | %s | %s / %s | %s | %s / %s |" % (
            endpoint, len(pairs),
            ms(med(0, "p50_us")), ms(med(1, "p50_us")), spread("p50_us"),
            ms(med(0, "p99_us")), ms(med(1, "p99_us")), spread("p99_us"),
            fmt(med(0, "cpu_us_per_request")), fmt(med(1, "cpu_us_per_request")), spread("cpu_us_per_request"),
            fmt(med(0, "requests_per_second")), fmt(med(1, "requests_per_second"))))
        ratios_by_endpoint[endpoint] = (ratios("p99_us"), ratios("cpu_us_per_request"))
    return lines, ratios_by_endpoint


def ratio_status(ratios, limit=1.05):
    """Met or missed by the median of the pairs' ratios; not resolved when the pairs fall on both sides of the line."""
    state = "**met**" if median(ratios) <= limit else "**missed**"
    if min(ratios) <= limit < max(ratios):
        state += " (not resolved: the pairs range %.2f–%.2f, on both sides of %.2f)" % (min(ratios), max(ratios), limit)
    return state


def difference_interval(on, off, resamples=10000):
    """A 95% bootstrap interval of the difference of the medians (fixed seed: the same data give the same text)."""
    rng = random.Random(42)
    differences = sorted(statistics.median(rng.choices(on, k=len(on))) - statistics.median(rng.choices(off, k=len(off)))
                         for _ in range(resamples))
    return differences[int(0.025 * resamples)], differences[int(0.975 * resamples) - 1]


def startup_status(on, off, limit=150):
    """Met or missed by the difference of the medians; not resolved when its 95% interval straddles the limit."""
    difference = median(on) - median(off)
    state = "**met**" if difference <= limit else "**missed**"
    low, high = difference_interval(on, off)
    if low <= limit < high:
        state += " (not resolved: the 95%% interval of the difference is %s to %s ms)" % (fmt(low), fmt(high))
    return state


def overhead_ns(scores, name, baseline):
    """A benchmark's score above its group's baseline in ns, or None when either is missing."""
    ours, base = scores.get(name), scores.get(baseline)
    return ours["score"] - base["score"] if ours and base else None


def parts_us(scores, endpoint):
    """The sum of the starter's parts that one request of the endpoint goes through, as JMH measured them, in µs;
    None when one of them is missing. Every request: the request ID filter, the summary line, the server span over
    Spring's observation, one JSON log event (the issue's four parts); /products/1 also runs one statement through
    the starter's proxy and the per-request JDBC accounting."""
    parts = [overhead_ns(scores, "RequestIdFilterBenchmarks.filterGeneratingId", "RequestIdFilterBenchmarks.withoutFilter"),
             overhead_ns(scores, "RequestSummaryBenchmarks.summaryLine", "RequestSummaryBenchmarks.withoutFilter"),
             overhead_ns(scores, "ServerObservationBenchmarks.starterTracing", "ServerObservationBenchmarks.metricsOnly"),
             (scores.get("LoggingBenchmarks.starterEncoderMasking") or {}).get("score")]
    if endpoint.startswith("/products"):
        parts += [overhead_ns(scores, "JdbcBenchmarks.starterProxy", "JdbcBenchmarks.rawHikariH2"),
                  overhead_ns(scores, "JdbcRequestAccountingBenchmarks.withAccounting",
                              "JdbcRequestAccountingBenchmarks.withoutAccounting")]
    return None if any(p is None for p in parts) else sum(parts) / 1000


def parts_targets(scores, load):
    """The whole application's CPU overhead per request (on − off, median over the pairs at the fixed rate) against
    twice the sum of its parts measured by JMH in the same run."""
    targets = []
    for endpoint, data in load.get("endpoints", {}).items():
        overheads = []
        for pair in data.get("pairs", []):
            on, off = (pair.get("on") or {}).get("fixed_rate"), (pair.get("off") or {}).get("fixed_rate")
            if on and off and on.get("cpu_us_per_request") and off.get("cpu_us_per_request"):
                overheads.append(on["cpu_us_per_request"] - off["cpu_us_per_request"])
        target = ("Whole application `GET %s`: CPU overhead per request at most 2× the sum of its parts in JMH"
                  % endpoint)
        parts = parts_us(scores, endpoint)
        if not overheads or parts is None:
            targets.append((target, "", "not measured"))
            continue
        overhead = median(overheads)
        targets.append((target, "%s µs vs parts %s µs: %.1f× at %s requests/s"
                        % (fmt(overhead), fmt(parts), overhead / parts, fmt(load.get("settings", {}).get("rate"))),
                        status(overhead <= 2 * parts, [])))
    return targets


def load_tables(load):
    lines = []
    targets = []
    settings = load.get("settings", {})
    endpoints = load.get("endpoints", {})
    lines.append("")
    lines.append("#### Whole application (sample app, starter on vs every `observability.*` feature off)")
    lines.append("")
    lines.append(settings.get("description", ""))
    # The targets are judged at the fixed rate; at saturation when the run had none (RATE=0, or an older load.json).
    fixed_lines, judged_ratios = load_table(endpoints, lambda sample: sample.get("fixed_rate"))
    judged = "at saturation"
    if judged_ratios:
        judged = "at %s requests/s" % fmt(settings.get("rate"))
        lines += ["", "At a fixed rate of %s requests/s (below saturation: the targets are judged here):"
                  % fmt(settings.get("rate")), ""] + fixed_lines
    saturated_lines, saturated_ratios = load_table(endpoints, lambda sample: sample)
    lines += ["", "At saturation (%s connections back to back; requests/s is the most the app serves on one core):"
              % settings.get("connections", "the"), ""] + saturated_lines
    judged_ratios = judged_ratios or saturated_ratios
    for endpoint, (p99, cpu) in judged_ratios.items():
        targets.append(("Whole application `GET %s`: p99 latency within 5%% of the app without the starter"
                        % endpoint, "median ratio %.3f %s" % (median(p99), judged), ratio_status(p99)))
        targets.append(("Whole application `GET %s`: CPU per request within 5%% of the app without the starter"
                        % endpoint, "median ratio %.3f %s" % (median(cpu), judged), ratio_status(cpu)))
    lines += feature_lines(load)
    lines += keep_lines(load)
    peer_lines, peer_targets = peers(load)
    lines += peer_lines
    targets += peer_targets
    startup = load.get("startup")
    if startup and startup.get("on") and startup.get("off"):
        on, off = median(startup["on"]), median(startup["off"])
        lines.append("")
        lines.append("Startup, time to \"Started\" (JVM start included), median of %d cold runs each: "
                     "on %s ms (%s–%s), off %s ms (%s–%s), difference %s ms."
                     % (min(len(startup["on"]), len(startup["off"])), fmt(on), fmt(min(startup["on"])),
                        fmt(max(startup["on"])), fmt(off), fmt(min(startup["off"])), fmt(max(startup["off"])),
                        fmt(on - off)))
        targets.append(("Startup: within 150 ms of the app without the starter", "%s ms" % fmt(on - off),
                        startup_status(startup["on"], startup["off"])))
    return lines, targets


FEATURE_NAMES = {
    "no-request-id": "request IDs (`observability.request-id`)",
    "no-json-logs": "JSON logs (`observability.logging`)",
    "no-request-log": "request summary line (`observability.request-log`)",
    "no-jdbc": "JDBC instrumentation (`observability.jdbc`)",
    "no-tracing": "tracing features and defaults (`observability.tracing`)",
}


def feature_lines(load):
    """What each feature costs: all features on minus all on but that one, per round, CPU time per request."""
    configs = [c for c in load.get("settings", {}).get("configs", []) if c in FEATURE_NAMES]
    if not configs:
        return []
    lines = ["", "#### What each feature costs (`load.sh --features`)", "",
             "Each round also ran the app with every feature on but one. A feature's cost is the median over the "
             "rounds of CPU per request with all features on minus CPU per request without that feature; the last "
             "row is everything (on minus off). The costs need not add up exactly: the features share work (the "
             "summary line carries the JDBC counts, the trace ID is in every log line) and each difference has the "
             "noise of two runs.", ""]
    endpoints = [e for e, d in load.get("endpoints", {}).items() if d.get("pairs")]
    lines.append("| Feature switched off | " + " | ".join(
        "`GET %s` CPU per request (µs) | cost of the feature (µs, min–max)" % e for e in endpoints) + " |")
    lines.append("|---|" + "---:|---:|" * len(endpoints))

    def cells(config):
        row = []
        for endpoint in endpoints:
            rounds = [p for p in load["endpoints"][endpoint]["pairs"] if config in p]
            cpu = median([p[config].get("cpu_us_per_request") for p in rounds])
            costs = [p["on"]["cpu_us_per_request"] - p[config]["cpu_us_per_request"] for p in rounds]
            row.append(fmt(cpu) if cpu is not None else "–")
            row.append("%s (%s–%s)" % (fmt(median(costs)), fmt(min(costs)), fmt(max(costs))) if costs else "–")
        return row

    for config in configs:
        lines.append("| %s | %s |" % (FEATURE_NAMES[config], " | ".join(cells(config))))
    lines.append("| all of them (`off`) | %s |" % " | ".join(cells("off")))
    return lines


KEEP = {
    "on": "the defaults: sampling 0.1, failed and slow units kept",
    "sampling-1": "sampling 1.0, every trace exported",
    "sampling-0": "sampling 0, keeping off: no span recorded",
    "keep-0": "sampling 0, failed and slow units kept: every span recorded, none of these exported",
    "keep-10": "sampling 0.1 set explicitly (the defaults)",
    "buffer": "the defaults, and DEBUG lines held per unit (`observability.logging.buffer.level=DEBUG`)",
    "keep-0-buffer": "sampling 0 with keeping and DEBUG buffering",
}


def keep_lines(load):
    """Keeping failed and slow units (load.sh --keep): per endpoint, each configuration's CPU per request and p99,
    medians over the rounds, and its overhead against "off" of the same round."""
    configs = [c for c in load.get("settings", {}).get("configs", []) if c in KEEP and c != "on"]
    if not configs:
        return []
    endpoints = {e: d["pairs"] for e, d in load.get("endpoints", {}).items() if d.get("pairs")}
    fixed = any(p["on"].get("fixed_rate") for rounds in endpoints.values() for p in rounds)

    def view(sample):
        return sample.get("fixed_rate") if fixed else sample

    lines = ["", "#### Keeping failed and slow units (`load.sh --keep`)", "",
             "Interleaved with `on` and `off` in each round; the benchmark's requests neither fail nor are slow, so "
             "at sampling 0 nothing is exported: what remains is the cost of recording (and holding, then "
             "forgetting) every span, or of buffering every DEBUG line. Medians over the rounds %s." % (
                 "at %s requests/s" % fmt(load["settings"].get("rate")) if fixed else "at saturation"), "",
             "| Endpoint | Configuration | Rounds | CPU per request (µs) | overhead over off (µs, min–max) | "
             "ratio to on (min–max) | p99 (ms) |", "|---|---|---:|---:|---:|---:|---:|"]
    for endpoint, rounds in endpoints.items():
        for config in ["on"] + configs:
            runs = [(view(r[config]), view(r["off"]), view(r["on"])) for r in rounds
                    if config in r and "off" in r and "on" in r]
            runs = [(c, o, n) for c, o, n in runs if c and o and n]
            if not runs:
                continue
            over = [c["cpu_us_per_request"] - o["cpu_us_per_request"] for c, o, _ in runs]
            to_on = [c["cpu_us_per_request"] / n["cpu_us_per_request"] for c, _, n in runs]
            lines.append("| `GET %s` | %s (`%s`) | %d | %s | %s (%s–%s) | %.3f (%.2f–%.2f) | %s |" % (
                endpoint, KEEP[config], config, len(runs), fmt(median([c["cpu_us_per_request"] for c, _, _ in runs])),
                fmt(median(over)), fmt(min(over)), fmt(max(over)), median(to_on), min(to_on), max(to_on),
                ms(median([c["p99_us"] for c, _, _ in runs]))))
    return lines


PEERS = {
    "bare": "neither the starter nor the agent (no tracer at all)",
    "agent": "OpenTelemetry Java agent, its defaults (traces, metrics and logs to the sink)",
    "agent-traces": "OpenTelemetry Java agent, traces only, IDs in the MDC",
}


def peers(load):
    """The starter against the OpenTelemetry Java agent (load.sh --peers): per endpoint, CPU per request and p99 of
    each configuration, as medians over the rounds, and each one's ratio to "off" of the same round."""
    configs = [c for c in load.get("settings", {}).get("configs", []) if c in PEERS]
    if not configs:
        return [], []
    endpoints = {e: d["pairs"] for e, d in load.get("endpoints", {}).items() if d.get("pairs")}
    fixed = any(p["on"].get("fixed_rate") for rounds in endpoints.values() for p in rounds)
    judged = "at %s requests/s" % fmt(load["settings"].get("rate")) if fixed else "at saturation"

    def view(sample):
        return sample.get("fixed_rate") if fixed else sample

    # The base: "bare" (neither the starter nor any tracer) when the run has it, else "off" (which keeps Boot's tracer).
    base = "bare" if "bare" in load.get("settings", {}).get("configs", []) else "off"
    lines = ["", "#### The starter against the OpenTelemetry Java agent (`load.sh --peers`)", "",
             "The same jar in every configuration, interleaved in each round; the agent's configurations have every "
             "`observability.*` feature and Spring Boot's own tracing off, and so has `bare`, the application with "
             "neither the starter nor the agent. Every configuration that traces exports its spans over OTLP/HTTP "
             "to the same local sink. Measured %s; ratios and overheads are medians over the rounds of each round's "
             "value against that round's \"%s\"." % (judged, base), "",
             "| Endpoint | Configuration | Rounds | CPU per request (µs) | CPU ratio to %s (min–max) | "
             "CPU overhead (µs) | p99 (ms) | p99 ratio to %s (min–max) |" % (base, base),
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    overheads = {}
    p99s = {}
    for endpoint, rounds in endpoints.items():
        for config in list(dict.fromkeys([base, "off", "on"] + configs)):
            runs = [(view(r[config]), view(r[base])) for r in rounds if config in r and base in r]
            runs = [(c, o) for c, o in runs if c and o]
            if not runs:
                continue
            cpu = [c["cpu_us_per_request"] / o["cpu_us_per_request"] for c, o in runs]
            over = [c["cpu_us_per_request"] - o["cpu_us_per_request"] for c, o in runs]
            p99 = [c["p99_us"] / o["p99_us"] for c, o in runs if o["p99_us"]]
            overheads[(endpoint, config)] = over
            p99s[(endpoint, config)] = {r[config]["pair"]: view(r[config])["p99_us"] for r in rounds
                                        if config in r and view(r[config])}
            label = "starter, every default on" if config == "on" else (
                "every `observability.*` feature off" if config == "off" else PEERS[config])
            lines.append("| `GET %s` | %s (`%s`) | %d | %s | %.3f (%.2f–%.2f) | %s | %s | %.3f (%.2f–%.2f) |" % (
                endpoint, label, config, len(runs), fmt(median([c["cpu_us_per_request"] for c, _ in runs])),
                median(cpu), min(cpu), max(cpu), fmt(median(over)) if config != base else "",
                ms(median([c["p99_us"] for c, _ in runs])), median(p99), min(p99), max(p99)))
    export = load.get("export", {})
    sent = []
    for config in ["on"] + [c for c in configs if c != "bare"]:
        runs = export.get(config) or []
        if runs:
            paths = sorted({path for run in runs for path in run})
            sent.append("`%s` %s" % (config, ", ".join(
                "%s %s KB" % (path, fmt(median([run.get(path, {}).get("bytes", 0) / 1024 for run in runs])))
                for path in paths)))
    if sent:
        lines += ["", "Sent to the OTLP sink per run (median over the rounds, the whole run from start to stop, "
                  "warm-up included): " + "; ".join(sent) + "."]
    startup = load.get("startup", {})
    starts = ["`%s` %s ms" % (c, fmt(median(startup[c]))) for c in ["on", "off"] + configs if startup.get(c)]
    if starts:
        lines += ["", "Startup to \"Started\" (median of the starts of the load rounds): " + ", ".join(starts) + "."]
    targets = []
    for endpoint in endpoints:
        ours = overheads.get((endpoint, "on"))
        for config in [c for c in configs if c != "bare"]:
            theirs = overheads.get((endpoint, config))
            if ours and theirs:
                targets.append(("`GET %s`: the starter's CPU overhead per request below the agent's (`%s`)"
                                % (endpoint, config), "%s µs vs %s µs %s" % (fmt(median(ours)), fmt(median(theirs)),
                                                                           judged),
                                "**met**" if median(ours) < median(theirs) else "**missed**"))
            on_p99, agent_p99 = p99s.get((endpoint, "on"), {}), p99s.get((endpoint, config), {})
            ratios = [on_p99[r] / agent_p99[r] for r in on_p99 if r in agent_p99 and agent_p99[r]]
            if ratios:
                state = "**met**" if median(ratios) <= 1 else "**missed**"
                if min(ratios) <= 1 < max(ratios):
                    state += " (not resolved: the rounds range %.2f–%.2f)" % (min(ratios), max(ratios))
                targets.append(("`GET %s`: the starter's p99 not above the agent's (`%s`)" % (endpoint, config),
                                "median ratio %.3f %s" % (median(ratios), judged), state))
    return lines, targets


def petclinic_tables(result):
    """petclinic.sh's results: none, starter and agent at once on one core, ratios to none per round."""
    settings = result.get("settings", {})
    lines = ["", "#### PetClinic `GET %s`: none, the starter, the agent, three JVMs at once on one core (`petclinic.sh`)"
             % settings.get("endpoint", "/owners/1"), "",
             "%s rounds of %s s at %s requests/s per JVM after %s s of warm-up; Spring Boot %s, agent %s; jars in "
             "`BOOT-INF/lib`: %s without the starter, %s with it; load average at the end: %s. Ratios are medians over "
             "the rounds of each round's CPU per request against that round's \"none\"." % (
                 settings.get("rounds"), settings.get("duration_s"), settings.get("rate_per_jvm"),
                 settings.get("warmup_s"), settings.get("boot_version"), settings.get("agent_version"),
                 result.get("jars", {}).get("none"), result.get("jars", {}).get("starter"),
                 " ".join(str(settings.get("loadavg_at_end", "")).split()[:3])), "",
             "| Configuration | CPU per request (µs) | Ratio to none (min–max) | p99 (ms) | Requests/s |",
             "|---|---:|---:|---:|---:|"]
    for config in ("none", "starter", "agent"):
        r = result.get(config)
        if r:
            lines.append("| `%s` | %s | %.3f (%.2f–%.2f) | %s | %s |" % (
                config, fmt(r["cpu_us_per_request_median"]), r["ratio_to_none_median"], r["ratio_to_none_min"],
                r["ratio_to_none_max"], fmt(r["p99_ms_median"], 2), fmt(r.get("requests_per_second_median"))))
    targets = []
    if result.get("starter") and result.get("agent"):
        ours, theirs = result["starter"]["ratio_to_none_median"] - 1, result["agent"]["ratio_to_none_median"] - 1
        targets.append(("PetClinic `GET %s`: the starter's overhead below the agent's" % settings.get("endpoint"),
                        "%.2f vs %.2f" % (ours, theirs), "**met**" if ours < theirs else "**missed**"))
    return lines, targets


def settings_line(jmh, mode):
    if not jmh:
        return ""
    first = jmh[0]
    return ("JMH %s, mode `%s`: %s fork(s), %s warm-up iteration(s) of %s, %s measurement iteration(s) of %s, "
            "`-prof gc`." % (first.get("jmhVersion", "?"), mode, first.get("forks"), first.get("warmupIterations"),
                             first.get("warmupTime"), first.get("measurementIterations"),
                             first.get("measurementTime")))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jmh", required=True)
    parser.add_argument("--load")
    parser.add_argument("--petclinic", help="petclinic.sh's results (petclinic.json)")
    parser.add_argument("--mode", default="full")
    parser.add_argument("--date", default=run(["date", "-u", "+%Y-%m-%d %H:%M UTC"]))
    parser.add_argument("--out")
    parser.add_argument("--loadavg", help="a copy of /proc/loadavg taken before the suite started")
    parser.add_argument("--cpu-before", help="two 'cpu' lines of /proc/stat taken a few seconds apart just before the "
                        "suite started")
    parser.add_argument("--update-doc", help="replace the part between the results markers of this markdown file")
    args = parser.parse_args()

    with open(args.jmh) as f:
        jmh = json.load(f)
    lines = ["### Results of %s (%s run)" % (args.date, args.mode), ""]
    lines.append("| Machine | |")
    lines.append("|---|---|")
    loadavg = []
    try:
        with open(args.loadavg or "/proc/loadavg") as f:
            loadavg = f.read().split()
    except OSError:
        pass
    for key, value in machine(jmh, loadavg):
        lines.append("| %s | %s |" % (key, value))
    busy = cpu_busy(args.cpu_before)
    if busy is not None:
        lines.append("| CPU busy in the seconds just before the suite started | %.0f%% |" % (100 * busy))
        if busy > 0.25:
            lines.append("")
            lines.append("**The machine was busy** (%.0f%% of its CPU time in the seconds before the suite): other "
                         "work competed for the cores, so the numbers are indicative, and ratios within a group are "
                         "more trustworthy than absolute times. Re-run on a quiet machine for a reference."
                         % (100 * busy))
    else:
        try:
            load_average = float(loadavg[0])
        except (ValueError, IndexError):
            load_average = 0.0
        if load_average > 0.5 * (os.cpu_count() or 1):
            lines.append("")
            lines.append("**The machine may have been busy** (load average %.1f on %d cores before the suite; it "
                         "also counts the build run.sh makes first): the numbers may be indicative only, ratios "
                         "within a group are more trustworthy than absolute times."
                         % (load_average, os.cpu_count() or 1))
    lines.append("")
    lines.append(settings_line(jmh, args.mode))
    if args.mode == "smoke":
        lines.append("")
        lines.append("A smoke run checks that every benchmark compiles and runs; its numbers are not measurements.")
    table, scores = jmh_tables(jmh)
    lines += table
    targets = jmh_targets(scores)
    if args.load:
        with open(args.load) as f:
            load_lines, load_targets = load_tables(json.load(f))
        lines += load_lines
        targets += load_targets
        with open(args.load) as f:
            targets += parts_targets(scores, json.load(f))
    if args.petclinic:
        with open(args.petclinic) as f:
            petclinic_lines, petclinic_targets = petclinic_tables(json.load(f))
        lines += petclinic_lines
        targets += petclinic_targets
    lines.append("")
    lines.append("#### Targets")
    lines.append("")
    lines.append("| Target | Measured | Status |")
    lines.append("|---|---|---|")
    for target, measured, state in targets:
        lines.append("| %s | %s | %s |" % (target, measured, state))
    if not args.load:
        lines.append("| Whole application: p99 latency and CPU per request within 5% | | not measured in this run "
                     "(`load.sh`) |")
        lines.append("| Startup: within 150 ms of the app without the starter | | not measured in this run "
                     "(`load.sh`) |")
    markdown = "\n".join(lines) + "\n"

    if args.out:
        with open(args.out, "w") as f:
            f.write(markdown)
    else:
        sys.stdout.write(markdown)
    if args.update_doc:
        with open(args.update_doc) as f:
            doc = f.read()
        start, end = "<!-- results:start -->", "<!-- results:end -->"
        if start not in doc or end not in doc:
            sys.exit("report.py: %s has no %s ... %s markers" % (args.update_doc, start, end))
        head, rest = doc.split(start, 1)
        _, tail = rest.split(end, 1)
        with open(args.update_doc, "w") as f:
            f.write(head + start + "\n" + markdown + end + tail)


if __name__ == "__main__":
    main()
