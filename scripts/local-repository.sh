#!/usr/bin/env bash
# Publishes the starter into a Maven repository on disk, so that another build can depend on it before (or without)
# a release to Maven Central: the parent POM, observability-autoconfigure and observability-spring-boot-starter,
# exactly as a release would deploy them. Nothing goes into ~/.m2.
#
#   scripts/local-repository.sh                  # into target/local-repository
#   scripts/local-repository.sh DIR [MVN ARGS]   # into DIR, e.g. scripts/local-repository.sh /tmp/repo -Prelease
#
# Tests are neither compiled nor run (no test jar is published, no PostgreSQL is started).
# Prints the repository's file: URL last; point your build at it (README, "Use it in your own build").
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPO=${1:-$ROOT/target/local-repository}
shift || true
mkdir -p "$REPO"
REPO=$(cd "$REPO" && pwd)

# Maven keeps a copy of what it deploys in its local repository: give it a throwaway one, with ~/.m2 underneath as a
# read-only cache (maven.repo.local.tail), so that no other build on this machine picks these jars up from ~/.m2.
CACHE=$(mktemp -d)
trap 'rm -rf "$CACHE"' EXIT
"$ROOT/mvnw" -B -ntp -f "$ROOT/pom.xml" -DskipTests -Dmaven.test.skip=true \
  -Dmaven.repo.local="$CACHE" -Dmaven.repo.local.tail="$HOME/.m2/repository" \
  -pl observability-autoconfigure,observability-spring-boot-starter -am \
  deploy -DaltDeploymentRepository="local::file://$REPO" "$@" >&2

echo "file://$REPO"
