# Summaries of a JFR recording of profile.sh, request threads (http-nio-*-exec-*) only unless said:
#   exc: constructed exceptions by class and site; samples N PATTERN...: top frames and samples containing each
#   pattern; owners: samples by the nearest non-JDK frame (class-path probing apart); callers N PATTERN DEPTH;
#   threadcpu: CPU share by thread (jdk.ThreadCPULoad); jit: compilations of at least 100 ms and deoptimizations.
import json, sys, subprocess, collections
# agg.py FILE.jfr MODE [N]
f, mode = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 25
def events(name, depth=300):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", name, f], capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]
def frames(e):
    st = e["values"].get("stackTrace")
    if not st: return []
    return ["%s.%s" % (fr["method"]["type"]["name"], fr["method"]["name"]) for fr in st["frames"]]
def thread(e):
    t = e["values"].get("eventThread") or e["values"].get("sampledThread")
    return t["javaName"] if t else "?"
if mode == "exc":
    ev = events("jdk.JavaExceptionThrow") + events("jdk.JavaErrorThrow")
    byclass = collections.Counter(); bysite = collections.Counter(); bythread = collections.Counter()
    for e in ev:
        th = thread(e)
        bythread[th.split("-")[0] if "exec" not in th else "http-nio-exec"] += 1
        cls = e["values"]["thrownClass"]["name"]
        fr = [x for x in frames(e) if not x.startswith(("java.lang.Throwable", "java.lang.Exception", "java.lang.Error", "java.lang.RuntimeException", "java.io.IOException", "java.io.FileNotFoundException", "java.lang.ReflectiveOperationException", "java.lang.ClassNotFoundException", "java.lang.NoSuchMethodException", "java.lang.NoSuchFieldException")) and not x.endswith(".<init>")]
        byclass[(cls, "exec" in th)] += 1
        bysite[(cls, " < ".join(fr[:int(sys.argv[4]) if len(sys.argv) > 4 else 6]))] += 1
    print("total", len(ev)); print("by thread", bythread.most_common(10))
    for k, v in byclass.most_common(N): print(v, k)
    print("---- sites")
    for k, v in bysite.most_common(N): print(v, k[0]); print("      ", k[1])
elif mode == "samples":
    ev = [e for e in events("jdk.ExecutionSample") if "exec" in thread(e)]
    print("request-thread samples", len(ev))
    top = collections.Counter(); incl = collections.Counter()
    for e in ev:
        fr = frames(e)
        if fr: top[fr[0]] += 1
        for x in set(fr): incl[x] += 1
    print("-- top frames"); [print("%5d %5.1f%% %s" % (v, 100*v/len(ev), k)) for k, v in top.most_common(N)]
    if len(sys.argv) > 4:
        for pat in sys.argv[4:]:
            n = sum(1 for e in ev if any(pat in x for x in frames(e)))
            print("incl %-60s %5d %5.1f%%" % (pat, n, 100*n/len(ev)))
if mode == "callers":
    ev = [e for e in events("jdk.ExecutionSample") if "exec" in thread(e)]
    pat = sys.argv[4]; depth = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    c = collections.Counter()
    for e in ev:
        fr = frames(e)
        for i, x in enumerate(fr):
            if pat in x:
                c[" < ".join(fr[i:i+depth])] += 1; break
    print("total", sum(c.values()), "of", len(ev))
    for k, v in c.most_common(N): print(v, k)
if mode == "owners":
    ev = [e for e in events("jdk.ExecutionSample") if "exec" in thread(e)]
    c = collections.Counter()
    for e in ev:
        fr = frames(e)
        if any("ClassLoader.getResource" in x for x in fr): c["class-path probing (ClassLoader.getResource)"] += 1; continue
        own = "?"
        for x in fr:
            if x.startswith(("java/", "jdk/", "sun/")): continue
            parts = x.split("/")
            own = "/".join(parts[:3]) if parts[0] in ("org", "io", "com", "dev", "net", "ch") else "/".join(parts[:2])
            if own.startswith("io/micrometer"): own = "/".join(parts[:3])
            if own.startswith("dev/secretlife"): own = "dev/secretlife (starter)"
            break
        else:
            own = "JDK only: " + (fr[0] if fr else "?")
        c[own] += 1
    print("samples", len(ev))
    for k, v in c.most_common(N): print("%5d %5.1f%% %s" % (v, 100*v/len(ev), k))
if mode == "threadcpu":
    ev = events("jdk.ThreadCPULoad", 1)
    c = collections.Counter(); n = collections.Counter()
    for e in ev:
        th = thread(e)
        key = "request threads (http-nio exec)" if "exec" in th else ("C2/C1 compiler" if "Compiler" in th else th)
        c[key] += e["values"]["user"] + e["values"]["system"]
    # each event is a 10 s average share of ONE cpu (ActiveProcessorCount=1 so share of the machine?)
    tot = sum(c.values())
    for k, v in c.most_common(N): print("%6.1f%% %s" % (100*v/tot, k))
if mode == "jit":
    ev = events("jdk.Compilation", 1)
    tot = 0; c = collections.Counter(); t = collections.Counter(); lvl = collections.Counter()
    import re
    def dur(e):
        d = e["values"]["duration"]
        m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", d)
        return (int(m.group(1) or 0)*60 + float(m.group(2))) if m else 0
    for e in ev:
        v = e["values"]; m = v["method"]; pk = "/".join(m["type"]["name"].split("/")[:3])
        d = dur(e); tot += d; c[pk] += 1; t[pk] += d; lvl[v["compileLevel"]] += d
    print("compilations", len(ev), "total compile time %.1f s" % tot, "by level", {k: round(v,1) for k, v in lvl.items()})
    for k, v in t.most_common(N): print("  %6.2f s %4d %s" % (v, c[k], k))
    de = events("jdk.Deoptimization", 3)
    print("deoptimizations", len(de))
    r = collections.Counter((x["values"]["reason"], x["values"]["action"]) for x in de)
    print("  ", r.most_common(8))
    r2 = collections.Counter("/".join(x["values"]["method"]["type"]["name"].split("/")[:3]) for x in de)
    print("  ", r2.most_common(10))
