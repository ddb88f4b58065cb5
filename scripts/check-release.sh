#!/usr/bin/env bash
# Builds what a release publishes (the release profile; signed only when -Dgpg.keyname is given, so CI runs it
# without a key) into a repository on disk, and checks it the way Maven Central would:
#  1. every published jar has a sources jar and a javadoc jar (real sources and javadoc when it has classes, the
#     README pointing to them for the code-less starter);
#  2. every POM has name and description, and url, licenses, developers and scm on it or on its published parent;
#  3. the starter's POM resolves alone: from that repository and Maven Central only, into an empty local repository
#     (with ~/.m2 as a read-only cache underneath: nothing of this project is taken from or written to it).
#
#   scripts/check-release.sh [MVN ARGS]          # e.g. -Dgpg.keyname=KEY to sign as well
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPO=$ROOT/target/release-repository
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
log() { printf '[check-release] %s\n' "$*"; }

rm -rf "$REPO"
start=$(date +%s)
"$ROOT/scripts/local-repository.sh" "$REPO" -Prelease "$@" >/dev/null
log "release profile deployed to $REPO in $(( $(date +%s) - start ))s"

python3 - "$REPO" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET, zipfile

repo = pathlib.Path(sys.argv[1])
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
problems, poms = [], {}
for pom in sorted(repo.rglob("*.pom")):
    root = ET.parse(pom).getroot()
    artifact = root.findtext("m:artifactId", namespaces=ns)
    poms[artifact] = (pom, root)

def inherited(root, path):
    while root is not None:
        if root.find(path, ns) is not None:
            return True
        parent = root.findtext("m:parent/m:artifactId", namespaces=ns)
        root = poms[parent][1] if parent in poms else None
    return False

for artifact, (pom, root) in poms.items():
    for own in ("m:name", "m:description"):
        if not (root.findtext(own, namespaces=ns) or "").strip():
            problems.append(f"{artifact}: no {own[2:]}")
    for shared in ("m:url", "m:licenses/m:license/m:name", "m:developers/m:developer/m:name", "m:scm/m:url",
                   "m:scm/m:connection"):
        if not inherited(root, shared):
            problems.append(f"{artifact}: no {shared.replace('m:', '')} on it or its published parents")
    packaging = root.findtext("m:packaging", default="jar", namespaces=ns)
    if packaging != "jar":
        print(f"ok: {artifact} ({packaging}): POM only")
        continue
    base = pom.with_suffix("")
    jars = {kind: pathlib.Path(f"{base}{suffix}.jar") for kind, suffix in
            (("main", ""), ("sources", "-sources"), ("javadoc", "-javadoc"))}
    missing = [kind for kind, jar in jars.items() if not jar.is_file()]
    if missing:
        problems.append(f"{artifact}: no {', '.join(missing)} jar")
        continue
    extra = sorted(set(pom.parent.glob(f"{base.name}*.jar")) - set(jars.values()))
    if extra:
        problems.append(f"{artifact}: publishes more than its jar, sources and javadoc: {[e.name for e in extra]}")
    names = {kind: zipfile.ZipFile(jar).namelist() for kind, jar in jars.items()}
    classes = sum(name.endswith(".class") for name in names["main"])
    if classes:
        sources = sum(name.endswith(".java") for name in names["sources"])
        if sources == 0:
            problems.append(f"{artifact}: {classes} classes but no .java in the sources jar")
        if "index.html" not in names["javadoc"]:
            problems.append(f"{artifact}: javadoc jar without index.html")
        print(f"ok: {artifact}: {classes} classes, {sources} sources, javadoc "
              f"{sum(n.endswith('.html') for n in names['javadoc'])} pages")
    else:
        for kind in ("sources", "javadoc"):
            if "README.md" not in names[kind]:
                problems.append(f"{artifact}: no code, and its {kind} jar does not say where the code is")
        print(f"ok: {artifact}: no code; sources and javadoc jars point to the code")
if "observability-spring-boot-starter" not in poms:
    problems.append("the starter was not published")
for problem in problems:
    print(f"FAIL: {problem}")
sys.exit(1 if problems else 0)
PY

version=$(sed -n 's:.*<version>\(.*-SNAPSHOT\|[0-9][^<]*\)</version>.*:\1:p' "$ROOT/observability-spring-boot-starter/pom.xml" | head -n 1)
cd "$WORK"
"$ROOT/mvnw" -B -ntp -q dependency:get \
  -Dartifact="dev.secretlife.observability:observability-spring-boot-starter:$version" \
  -DremoteRepositories="file://$REPO" \
  -Dmaven.repo.local="$WORK/m2" -Dmaven.repo.local.tail="$HOME/.m2/repository"
for artifact in observability-parent observability-autoconfigure observability-spring-boot-starter; do
  ls "$WORK/m2/dev/secretlife/observability/$artifact/$version/"*.pom >/dev/null \
    || { log "FAIL: $artifact was not resolved from $REPO"; exit 1; }
done
log "ok: the starter $version and everything it needs resolve from $REPO and Maven Central alone"
