#!/usr/bin/env python3
"""The end-to-end checks of e2e/run.sh, each named in the output, against the live stack.

Exits non-zero when any check fails; the last line is "N passed, M failed".
"""
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

PROM = os.environ["E2E_PROMETHEUS"]
ZIPKIN = os.environ["E2E_ZIPKIN"]
SERVICES = json.loads(os.environ["E2E_SERVICES"])  # [{"name":..., "url":..., "log":...}, ...]
CHAIN_REQUEST_ID = os.environ["E2E_CHAIN_REQUEST_ID"]
CHAIN_TRACE_ID = os.environ.get("E2E_CHAIN_TRACE_ID", "")
DASHBOARD = os.environ["E2E_DASHBOARD"]
ORDER_REQUEST_ID = os.environ.get("E2E_ORDER_REQUEST_ID", "")
ORDER_TRACE_ID = os.environ.get("E2E_ORDER_TRACE_ID", "")
ORDER_TOPIC = "order-placed"
# Metric families the starter adds; promtool must raise nothing for them.
OUR_METRICS = re.compile(r"^(jdbc_query|jdbc_batch|jdbc_request|jdbc_slow|jdbc_repeated|observability_|logback_async)")

results = []


def check(name):
    def run(fn):
        try:
            fn()
            results.append((name, None))
            print(f"PASS {name}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the others
            results.append((name, str(e)))
            print(f"FAIL {name}: {e}", flush=True)
        return fn
    return run


def get(url, accept=None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=15) as response:
        return response.read().decode("utf-8")


def prom_query(expr):
    body = json.loads(get(f"{PROM}/api/v1/query?" + urllib.parse.urlencode({"query": expr})))
    if body.get("status") != "success":
        raise AssertionError(f"query {expr!r} failed: {body}")
    return body["data"]["result"]


def eventually(fn, seconds=120, interval=2):
    deadline = time.time() + seconds
    while True:
        try:
            return fn()
        except AssertionError:
            if time.time() > deadline:
                raise
            time.sleep(interval)


def log_lines(service):
    parsed, broken = [], []
    with open(service["log"], encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                parsed.append(json.loads(line))
            except json.JSONDecodeError:
                broken.append(f"{service['name']} line {number}: {line[:120]!r}")
    return parsed, broken


@check("prometheus reports both sample-app targets up")
def targets_up():
    def up():
        targets = json.loads(get(f"{PROM}/api/v1/targets"))["data"]["activeTargets"]
        healthy = {t["labels"]["job"] for t in targets if t["health"] == "up"}
        wanted = {s["name"] for s in SERVICES}
        assert wanted <= healthy, f"up: {sorted(healthy)}, wanted {sorted(wanted)}"
    eventually(up)


for metric in ("jdbc_query_seconds_count", "jdbc_repeated_queries_total", "http_server_requests_seconds_count",
               "jdbc_slow_queries_total"):
    @check(f"prometheus has data for {metric} from both services")
    def has_data(metric=metric):
        def present():
            jobs = {r["metric"].get("job") for r in prom_query(metric)}
            wanted = {s["name"] for s in SERVICES}
            assert wanted <= jobs, f"{metric}: series for {sorted(j for j in jobs if j)}, wanted {sorted(wanted)}"
        eventually(present)

for service in SERVICES:
    @check(f"promtool check metrics raises nothing for the starter's metrics ({service['name']})")
    def promtool(service=service):
        scrape = get(service["url"] + "/actuator/prometheus", accept="text/plain")
        result = subprocess.run(["promtool", "check", "metrics"], input=scrape, capture_output=True, text=True)
        remarks = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        ours = [line for line in remarks if OUR_METRICS.match(line)]
        assert not ours, "; ".join(ours)
        assert re.search(r"^jdbc_query_seconds_count", scrape, re.M), "no jdbc_query_seconds_count in the scrape"
        print(f"  ({len(remarks)} remarks about Spring Boot's own metrics, none about the starter's)")


@check("every dashboard and alert-rule expression evaluates on the live Prometheus")
def expressions():
    with open(DASHBOARD, encoding="utf-8") as f:
        dashboard = json.load(f)
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    substituted = [e.replace('"$job"', '".*"').replace("$__rate_interval", "1m") for e in exprs]
    for expr in substituted:
        assert "$" not in expr, f"unsubstituted variable in {expr}"
        prom_query(expr)

    def rules_healthy():
        groups = json.loads(get(f"{PROM}/api/v1/rules"))["data"]["groups"]
        rules = [r for g in groups for r in g["rules"]]
        assert len(rules) >= 5, f"only {len(rules)} rules loaded"
        bad = [f"{r['name']}: {r.get('lastError')}" for r in rules if r.get("health") != "ok"]
        assert not bad, "; ".join(bad)
        for r in rules:
            prom_query(r["query"])
    eventually(rules_healthy, seconds=30)
    print(f"  ({len(substituted)} dashboard expressions, alert rules all healthy)")


trace = {}


@check("zipkin has the two-service trace with spans from both services and JDBC spans")
def zipkin_trace():
    trace_id = CHAIN_TRACE_ID
    if not trace_id:
        lines, _ = log_lines(SERVICES[0])
        ids = {l.get("traceId") for l in lines if l.get("requestId") == CHAIN_REQUEST_ID and l.get("traceId")}
        assert len(ids) == 1, f"trace IDs of the chain request in the log: {ids}"
        trace_id = ids.pop()
    trace["id"] = trace_id
    if os.environ.get("E2E_TRACE_ID_FILE"):
        with open(os.environ["E2E_TRACE_ID_FILE"], "w", encoding="utf-8") as f:
            f.write(trace_id)

    def complete():
        try:
            spans = json.loads(get(f"{ZIPKIN}/api/v2/trace/{trace_id}"))
        except urllib.error.HTTPError as e:
            raise AssertionError(f"trace {trace_id}: HTTP {e.code}")
        services = {s.get("localEndpoint", {}).get("serviceName") for s in spans}
        wanted = {s["name"] for s in SERVICES}
        assert wanted <= services, f"services in trace {trace_id}: {services}"
        jdbc = [s for s in spans if any(k.startswith("db.") for k in s.get("tags", {}))]
        assert jdbc, f"no JDBC span (tag db.*) among {[s.get('name') for s in spans]}"
        return spans
    spans = eventually(complete, seconds=60)
    print(f"  (trace {trace_id}: {len(spans)} spans)")


KEPT_TRACE_ID = os.environ.get("E2E_KEPT_TRACE_ID", "")
UNSAMPLED_TRACE_ID = os.environ.get("E2E_UNSAMPLED_TRACE_ID", "")


@check("at sampling 0, the failed request's trace is kept in zipkin (observability.kept=error) and a successful one is not")
def kept_failure_trace():
    assert KEPT_TRACE_ID and UNSAMPLED_TRACE_ID, "run.sh passed no trace IDs of the instance at sampling 0"

    def kept():
        try:
            spans = json.loads(get(f"{ZIPKIN}/api/v2/trace/{KEPT_TRACE_ID}"))
        except urllib.error.HTTPError as e:
            raise AssertionError(f"trace {KEPT_TRACE_ID}: HTTP {e.code}")
        roots = [s for s in spans if s.get("tags", {}).get("observability.kept") == "error"]
        assert roots, f"no span marked observability.kept=error among {[s.get('name') for s in spans]}"
        assert roots[0].get("localEndpoint", {}).get("serviceName") == SERVICES[1]["name"], roots[0]
        return spans
    spans = eventually(kept, seconds=60)
    time.sleep(3)  # both requests were sent before the kept one arrived; the batch delay is 1 s
    try:
        unsampled = json.loads(get(f"{ZIPKIN}/api/v2/trace/{UNSAMPLED_TRACE_ID}"))
    except urllib.error.HTTPError as e:
        assert e.code == 404, f"trace {UNSAMPLED_TRACE_ID}: HTTP {e.code}"
        unsampled = []
    assert not unsampled, f"the successful request's trace {UNSAMPLED_TRACE_ID} reached zipkin: {unsampled}"
    jdbc = [s for s in spans if any(k.startswith("db.") for k in s.get("tags", {}))]
    assert jdbc, f"no JDBC span (tag db.*) in the kept trace among {[s.get('name') for s in spans]}"
    print(f"  (kept trace {KEPT_TRACE_ID}: {len(spans)} spans)")


KEPT_REQUEST_ID = os.environ.get("E2E_KEPT_REQUEST_ID", "")
UNSAMPLED_REQUEST_ID = os.environ.get("E2E_UNSAMPLED_REQUEST_ID", "")


@check("with buffer.level=DEBUG, the failed request's DEBUG lines precede its failure line, with its IDs; a successful request's are not written")
def buffered_debug_lines():
    assert KEPT_REQUEST_ID and UNSAMPLED_REQUEST_ID, "run.sh passed no request IDs of the instance buffering DEBUG"

    def written():
        lines, _ = log_lines(SERVICES[1])
        mine = [l for l in lines if l.get("requestId") == KEPT_REQUEST_ID]
        failure = [i for i, l in enumerate(mine) if l.get("logger") == "observability.error"]
        assert failure, f"no observability.error line with requestId {KEPT_REQUEST_ID}"
        debug = [i for i, l in enumerate(mine) if l.get("level") == "DEBUG"]
        assert debug, f"no DEBUG line with requestId {KEPT_REQUEST_ID}"
        assert max(debug) < failure[0], "a DEBUG line of the failed request comes after its failure line"
        assert any("Checked the stock before failing" in l.get("message", "") for l in mine), \
            "the application's own DEBUG line of GET /fail is missing"
        assert all(mine[i].get("traceId") == KEPT_TRACE_ID for i in debug), "a DEBUG line without the request's trace ID"
        return lines, len(debug)
    lines, count = eventually(written, seconds=30)
    theirs = [l for l in lines if l.get("requestId") == UNSAMPLED_REQUEST_ID and l.get("level") == "DEBUG"]
    assert not theirs, f"{len(theirs)} DEBUG lines of the successful request were written"
    print(f"  ({count} DEBUG lines written for the failed request)")


@check("both services' JSON logs parse line by line")
def logs_parse():
    problems = []
    for service in SERVICES:
        lines, broken = log_lines(service)
        assert lines, f"{service['name']}: empty log"
        problems += broken
    assert not problems, f"{len(problems)} lines are not JSON, e.g. {problems[:3]}"


@check("the two-service request's lines in both logs share its request ID and trace ID")
def logs_joined():
    for service in SERVICES:
        lines, _ = log_lines(service)
        mine = [l for l in lines if l.get("requestId") == CHAIN_REQUEST_ID]
        assert mine, f"{service['name']}: no line with requestId {CHAIN_REQUEST_ID}"
        trace_ids = {l.get("traceId") for l in mine}
        expected = trace.get("id") or CHAIN_TRACE_ID
        assert trace_ids == {expected}, f"{service['name']}: trace IDs {trace_ids}, expected {expected}"


@check("the N+1 and slow-query warnings are in the logs, with request and trace IDs")
def warnings_logged():
    lines, _ = log_lines(SERVICES[0])
    warns = [l for l in lines if l.get("level") == "WARN"]
    n_plus_one = [l for l in warns if re.search(r"N\+1|repeated", l.get("message", ""), re.I)]
    slow = [l for l in warns if re.search(r"slow", l.get("message", ""), re.I)]
    assert n_plus_one, "no N+1 warning"
    assert slow, "no slow-query warning"
    for line in n_plus_one[:1] + slow[:1]:
        assert line.get("requestId") and line.get("traceId"), f"warning without IDs: {line}"


@check("zipkin has the order's trace with the producer's send span and the peer's consumer span joined across the topic")
def kafka_trace():
    assert ORDER_TRACE_ID, "POST /orders returned no X-Trace-Id"

    def joined():
        try:
            spans = json.loads(get(f"{ZIPKIN}/api/v2/trace/{ORDER_TRACE_ID}"))
        except urllib.error.HTTPError as e:
            raise AssertionError(f"trace {ORDER_TRACE_ID}: HTTP {e.code}")

        def of(service, kind):
            return [s for s in spans if s.get("localEndpoint", {}).get("serviceName") == service
                    and s.get("kind") == kind]
        sends = of(SERVICES[0]["name"], "PRODUCER")
        receives = of(SERVICES[1]["name"], "CONSUMER")
        assert sends, f"no PRODUCER span of {SERVICES[0]['name']} among {[s.get('name') for s in spans]}"
        assert receives, f"no CONSUMER span of {SERVICES[1]['name']} among {[s.get('name') for s in spans]}"
        send_ids = {s["id"] for s in sends}
        assert any(r.get("parentId") in send_ids for r in receives), \
            f"no consumer span of {SERVICES[1]['name']} is a child of a send span {send_ids}"
        return spans
    spans = eventually(joined, seconds=60)
    print(f"  (trace {ORDER_TRACE_ID}: {len(spans)} spans)")


@check("both services' lines for the order over Kafka share its request ID and trace ID")
def kafka_logs_joined():
    for service in SERVICES:
        def present(service=service):
            lines, _ = log_lines(service)
            mine = [l for l in lines if l.get("requestId") == ORDER_REQUEST_ID]
            assert mine, f"{service['name']}: no line with requestId {ORDER_REQUEST_ID}"
            return mine
        mine = eventually(present, seconds=30)
        trace_ids = {l.get("traceId") for l in mine}
        assert trace_ids == {ORDER_TRACE_ID}, f"{service['name']}: trace IDs {trace_ids}, expected {ORDER_TRACE_ID}"
    consumer_lines, _ = log_lines(SERVICES[1])
    received = [l for l in consumer_lines
                if l.get("requestId") == ORDER_REQUEST_ID and l.get("message") == "Order event received"]
    assert received, f"{SERVICES[1]['name']}: no 'Order event received' line with requestId {ORDER_REQUEST_ID}"


@check("the consumer's observability.message line for the order is there, with topic, group and statements")
def kafka_message_line():
    def present():
        lines, _ = log_lines(SERVICES[1])
        found = [l for l in lines if l.get("logger") == "observability.message"
                 and l.get("requestId") == ORDER_REQUEST_ID]
        assert found, f"{SERVICES[1]['name']}: no observability.message line with requestId {ORDER_REQUEST_ID}"
        return found[0]
    line = eventually(present, seconds=30)
    assert line.get("topic") == ORDER_TOPIC, f"topic {line.get('topic')}"
    assert line.get("consumerGroup") == SERVICES[1]["name"], f"consumerGroup {line.get('consumerGroup')}"
    assert line.get("outcome") == "SUCCESS", f"outcome {line.get('outcome')}"
    assert line.get("traceId") == ORDER_TRACE_ID, f"traceId {line.get('traceId')}, expected {ORDER_TRACE_ID}"
    assert isinstance(line.get("durationMs"), (int, float)), f"durationMs {line.get('durationMs')}"
    assert line.get("dbQueries", 0) >= 1, f"dbQueries {line.get('dbQueries')}"


failure_lines = {}


for service in SERVICES:
    @check(f"each GET /fail is logged once with its stack trace and IDs, never without them ({service['name']})")
    def failure_logged(service=service):
        lines, _ = log_lines(service)
        failures = [l for l in lines if l.get("logger") == "observability.error" and l.get("route") == "/fail"]
        summaries = [l for l in lines if l.get("logger") == "observability.request" and l.get("route") == "/fail"]
        assert failures, f"no observability.error line for /fail among {len(lines)} lines"
        assert len(failures) == len(summaries), f"{len(failures)} failure lines for {len(summaries)} /fail requests"
        for line in failures:
            for field in ("requestId", "traceId", "spanId", "stack_trace", "stack_hash", "fingerprint"):
                assert line.get(field), f"failure line without {field}: {str(line)[:300]}"
            assert line.get("level") == "ERROR" and line.get("method") == "GET" and line.get("kind") == "http", line
            assert line.get("exception") == "java.lang.IllegalStateException", line.get("exception")
            assert line["stack_trace"].startswith("java.lang.IllegalStateException: Deliberate failure"), \
                line["stack_trace"][:120]
        copies = [l for l in lines if "Deliberate failure" in (l.get("stack_trace") or "")]
        assert len(copies) == len(failures), \
            f"{len(copies)} stack traces of the failure for {len(failures)} failure lines (the container's copy?)"
        failure_lines[service["name"]] = failures
        print(f"  ({len(failures)} failure lines, fingerprint {failures[0]['fingerprint']})")

    @check(f"the errors endpoint (e2e profile) groups the /fail failures under their fingerprint ({service['name']})")
    def errors_endpoint(service=service):
        body = json.loads(get(service["url"] + "/actuator/errors"))
        groups = [f for f in body["failures"] if f.get("name") == "/fail"]
        assert len(groups) == 1, f"/fail groups: {groups}"
        group = groups[0]
        assert group["exception"] == "java.lang.IllegalStateException" and group["kind"] == "http", group
        assert group["count"] >= 1 and group["lastRequestId"] and group["lastTraceId"], group
        assert group["message"] == "Deliberate failure to show how errors look", group["message"]
        logged = failure_lines.get(service["name"])
        if logged:
            assert group["fingerprint"] == logged[-1]["fingerprint"], (group["fingerprint"], logged[-1]["fingerprint"])
            assert group["count"] == len(logged), f"count {group['count']}, {len(logged)} failure lines"
            assert group["lastRequestId"] == logged[-1]["requestId"], (group["lastRequestId"], logged[-1]["requestId"])
        assert body["fingerprints"] == len(body["failures"]), body["fingerprints"]


@check("prometheus has the failure counter and the fingerprint gauge from both services")
def failure_metrics():
    def present():
        counted = {r["metric"].get("job") for r in
                   prom_query('observability_errors_total{exception="IllegalStateException",kind="http"}')
                   if float(r["value"][1]) >= 1}
        gauged = {r["metric"].get("job") for r in prom_query("observability_errors_fingerprints")
                  if float(r["value"][1]) >= 1}
        wanted = {s["name"] for s in SERVICES}
        assert wanted <= counted, f"observability_errors_total >= 1 for {sorted(j for j in counted if j)}"
        assert wanted <= gauged, f"observability_errors_fingerprints >= 1 for {sorted(j for j in gauged if j)}"
    eventually(present)


@check("the failure alert rules NewKindOfFailure and RouteErrorRatioHigh are loaded and healthy")
def failure_rules():
    groups = json.loads(get(f"{PROM}/api/v1/rules"))["data"]["groups"]
    rules = {r["name"]: r for g in groups for r in g["rules"]}
    for name in ("NewKindOfFailure", "RouteErrorRatioHigh"):
        assert name in rules, f"{name} not among {sorted(rules)}"
        assert rules[name].get("health") == "ok", f"{name}: {rules[name].get('lastError')}"
        prom_query(rules[name]["query"])


@check("prometheus still scrapes both targets without error after all the traffic")
def targets_still_up():
    time.sleep(6)  # a few scrapes after the last traced request, whose exemplars must not break the scrape
    targets = json.loads(get(f"{PROM}/api/v1/targets"))["data"]["activeTargets"]
    bad = [f"{t['labels']['job']}: {t['health']} {t['lastError']}" for t in targets
           if t["health"] != "up" or t["lastError"]]
    assert not bad, "; ".join(bad)


passed = sum(1 for _, error in results if error is None)
failed = len(results) - passed
print(f"e2e: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
