#!/usr/bin/env bash
# The README's "Use it in your own build", done the way a new user would: publishes the starter into a repository on
# disk (scripts/local-repository.sh), writes a throwaway Spring Boot application outside this repository (a pom and
# one controller) that takes the starter from that repository only, builds it, starts it, and checks what the README
# promises: /actuator/prometheus has the request's http.server.requests series, the response echoes the request ID,
# and stdout is JSON with one summary line for the request carrying its request ID. Nothing goes into ~/.m2 (the
# throwaway build has a local repository of its own, with ~/.m2 underneath as a read-only cache).
#
#   scripts/try-as-a-user.sh                        # one application on the build's Boot, one on compat/boot-4.1's
#   BOOT_VERSIONS=4.0.7 scripts/try-as-a-user.sh    # only these versions
#   STARTER_REPOSITORY=DIR scripts/try-as-a-user.sh # take the starter from DIR, already published
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
APP_PID=
log() { printf '[try-as-a-user] %s\n' "$*"; }
fail() { log "FAIL: $*"; [ -f "$WORK/app.log" ] && tail -n 40 "$WORK/app.log" >&2; exit 1; }
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

pom_value() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -n 1; }
VERSION=$(sed -n '/<artifactId>observability-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p}' "$ROOT/pom.xml")
# by default both lines CI covers: the build's Spring Boot and the one compat/boot-4.1 runs the feature tests on
COMPAT_BOOT_VERSION=$(sed -n '/<artifactId>spring-boot-starter-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p}' \
  "$ROOT/compat/boot-4.1/pom.xml")
BOOT_VERSIONS=${BOOT_VERSIONS:-$(pom_value spring-boot.version) $COMPAT_BOOT_VERSION}
OWN_ARTIFACTS_IN_M2="$HOME/.m2/repository/dev/secretlife/observability"
m2_before=$(ls -d "$OWN_ARTIFACTS_IN_M2" 2>/dev/null || true)

if [ -n "${STARTER_REPOSITORY:-}" ]; then
  # one already published, e.g. by scripts/check-release.sh (CI runs that first)
  REPO_DIR=$(cd "$STARTER_REPOSITORY" && pwd)
  REPO_URL="file://$REPO_DIR"
else
  REPO_DIR=$WORK/repository
  log "publishing the starter $VERSION into $REPO_DIR"
  REPO_URL=$("$ROOT/scripts/local-repository.sh" "$REPO_DIR" -q)
fi

try_version() {
BOOT_VERSION=$1
rm -rf "$WORK/app"
log "writing a Spring Boot $BOOT_VERSION application in $WORK/app"
mkdir -p "$WORK/app/src/main/java/com/example/demo"
cat > "$WORK/app/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>$BOOT_VERSION</version>
    <relativePath/>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <version>1.0.0</version>
  <properties>
    <java.version>17</java.version>
  </properties>
  <repositories>
    <repository>
      <id>observability-starter</id>
      <url>$REPO_URL</url>
      <snapshots>
        <enabled>true</enabled>
      </snapshots>
    </repository>
  </repositories>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-webmvc</artifactId>
    </dependency>
    <dependency>
      <groupId>dev.secretlife.observability</groupId>
      <artifactId>observability-spring-boot-starter</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-maven-plugin</artifactId>
      </plugin>
    </plugins>
  </build>
</project>
POM
cat > "$WORK/app/src/main/java/com/example/demo/DemoApplication.java" <<'JAVA'
package com.example.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class DemoApplication {

	private static final Logger logger = LoggerFactory.getLogger(DemoApplication.class);

	@GetMapping("/hello")
	String hello() {
		logger.info("saying hello");
		return "hello";
	}

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
JAVA

log "building it (its own local repository, ~/.m2 as a read-only cache)"
start=$(date +%s)
"$ROOT/mvnw" -B -ntp -q -f "$WORK/app/pom.xml" \
  -Dmaven.repo.local="$WORK/m2" -Dmaven.repo.local.tail="$HOME/.m2/repository" package \
  > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; fail "the application does not build"; }
log "built in $(( $(date +%s) - start ))s"
JAR="$WORK/app/target/demo-1.0.0.jar"
for artifact in observability-autoconfigure observability-spring-boot-starter; do
  published=$(ls "$REPO_DIR/dev/secretlife/observability/$artifact/$VERSION/$artifact"-*.jar | grep -v -e -sources -e -javadoc | tail -n 1)
  unzip -p "$JAR" "BOOT-INF/lib/$artifact-$VERSION.jar" | cmp -s - "$published" \
    || fail "$artifact in the application is not the one published to $REPO_URL"
done
log "ok: the application carries the starter and observability-autoconfigure from $REPO_URL"
m2_after=$(ls -d "$OWN_ARTIFACTS_IN_M2" 2>/dev/null || true)
[ "$m2_before" = "$m2_after" ] || fail "something of this project was written to $OWN_ARTIFACTS_IN_M2"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log "starting it on port $PORT"
java -Xmx256m -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" > "$WORK/app.log" 2>&1 &
APP_PID=$!
deadline=$(( $(date +%s) + 120 ))
until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null; do
  kill -0 "$APP_PID" 2>/dev/null || fail "the application stopped"
  [ "$(date +%s)" -lt "$deadline" ] || fail "the application did not come up in 120s"
  sleep 1
done

REQUEST_ID="try-as-a-user-$$"
headers=$(curl -fsS -D - -o /dev/null -H "X-Request-ID: $REQUEST_ID" "http://127.0.0.1:$PORT/hello")
grep -qi "^X-Request-ID: $REQUEST_ID" <<< "$headers" || fail "the response does not echo X-Request-ID: $headers"
log "ok: the response echoes X-Request-ID: $REQUEST_ID"

# The request's timer is recorded when its observation stops, after the body has been flushed to the client: on a
# cold JVM that can be a few milliseconds after curl returned, so the scrape is retried for a few seconds.
for attempt in $(seq 1 20); do
  curl -fsS "http://127.0.0.1:$PORT/actuator/prometheus" > "$WORK/prometheus.txt"
  grep -q '^http_server_requests_seconds_count{.*uri="/hello"' "$WORK/prometheus.txt" && break
  sleep 0.5
done
grep -q '^http_server_requests_seconds_count{.*uri="/hello"' "$WORK/prometheus.txt" \
  || fail "/actuator/prometheus has no http_server_requests_seconds_count for /hello"
log "ok: /actuator/prometheus has the http.server.requests series of /hello"

deadline=$(( $(date +%s) + 10 ))
until python3 - "$WORK/app.log" "$REQUEST_ID" <<'PY'
import json, sys
path, request_id = sys.argv[1], sys.argv[2]
lines = [line for line in open(path, encoding="utf-8") if line.strip()]
records = []
for number, line in enumerate(lines, 1):
    try:
        records.append(json.loads(line))
    except ValueError:
        sys.exit(f"line {number} of stdout is not JSON: {line[:200]}")
own = [r for r in records if r.get("requestId") == request_id]
summary = [r for r in own if r.get("logger") == "observability.request"]
application = [r for r in own if r.get("message") == "saying hello"]
if not (summary and application):
    sys.exit(f"no summary line and application line with requestId {request_id} yet ({len(records)} JSON lines)")
print(f"ok: {len(records)} lines of stdout, all JSON; the request's summary line: {json.dumps(summary[0])}")
PY
do
  [ "$(date +%s)" -lt "$deadline" ] || fail "the JSON log has no summary line with the request ID"
  sleep 1
done
log "ok: a Spring Boot $BOOT_VERSION application uses the starter $VERSION from $REPO_URL"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
}

for boot_version in $BOOT_VERSIONS; do
  try_version "$boot_version"
done
