#!/usr/bin/env bash
# End-to-end proof, the way an operator sees it: on loopback only, a real PostgreSQL, Prometheus scraping, Zipkin
# receiving spans, a single-node Kafka broker (KRaft, from the Apache Kafka jars on Maven Central) carrying the
# order-placed events, and two sample-app instances (orders-service calls inventory-service and publishes to it) with
# JSON logs in files.
# Drives traffic through every endpoint, then runs the named checks of e2e/check.py. Stops everything it started,
# also on failure.
#
#   e2e/run.sh                 # build the sample if needed, run, check
#   E2E_SCREENSHOTS=1 e2e/run.sh   # also draw the Prometheus graphs for the docs (the Zipkin trace page is always
#                                  # opened in headless Chromium, checked and captured to .e2e/screenshots)
#   E2E_KEEP=1 e2e/run.sh      # leave the stack running afterwards, to look around (Ctrl-C ends it)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${E2E_WORK:-$ROOT/.e2e}
PORT_A=${E2E_PORT_A:-18081}
PORT_B=${E2E_PORT_B:-18082}
PORT_PROMETHEUS=${E2E_PORT_PROMETHEUS:-19090}
PORT_ZIPKIN=${E2E_PORT_ZIPKIN:-19411}
PG_PORT=${E2E_PORT_POSTGRES:-55433}
PORT_KAFKA=${E2E_PORT_KAFKA:-19092}
PORT_KAFKA_CONTROLLER=${E2E_PORT_KAFKA_CONTROLLER:-19093}
PG_USER=postgres
ZIPKIN_VERSION=3.5.1
PIDS=()
declare -A INSTANCE_PID=()

log() { printf '[e2e] %s\n' "$*"; }

cleanup() {
  local status=$?
  if [ "${E2E_KEEP:-0}" = 1 ] && [ $status -eq 0 ]; then
    log "stack left running (E2E_KEEP=1); press Ctrl-C to stop it"
    trap - EXIT
    trap 'cleanup_now; exit 0' INT TERM
    wait
  fi
  cleanup_now
  exit $status
}

cleanup_now() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  POSTGRES_PORT=$PG_PORT "$ROOT/scripts/postgres.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

install_missing() {
  local missing=()
  command -v prometheus >/dev/null || missing+=(prometheus)
  command -v python3 >/dev/null || missing+=(python3)
  command -v chromium >/dev/null || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      log "missing: ${missing[*]}; install them (Debian: apt-get install -y ${missing[*]}) or run as root"
      exit 1
    fi
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

wait_for() { # name url [seconds] [pid]: fails at the deadline, or at once when the process has exited
  local deadline=$(( $(date +%s) + ${3:-120} )) started=$(date +%s)
  until curl -fsS -o /dev/null "$2" 2>/dev/null; do
    if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then log "$1 exited before it came up at $2"; return 1; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then log "$1 did not come up at $2 within ${3:-120}s"; return 1; fi
    sleep 1
  done
  log "$1 is up ($(( $(date +%s) - started ))s)"
}

wait_for_port() { # name port [seconds]
  local deadline=$(( $(date +%s) + ${3:-120} ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; do
    if [ "$(date +%s)" -gt "$deadline" ]; then log "$1 did not come up on port $2"; return 1; fi
    sleep 1
  done
  log "$1 is up"
}

start_kafka() { # a single-node KRaft broker (broker and controller in one process) on loopback
  local libs="$ROOT/e2e/kafka/target/libs" dir="$WORK/kafka"
  if ! ls "$libs"/kafka_2.13-*.jar >/dev/null 2>&1; then
    log "fetching the Apache Kafka broker (org.apache.kafka:kafka_2.13 and dependencies) from Maven Central"
    (cd "$ROOT" && ./mvnw -q -B -ntp -f e2e/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$libs")
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${PORT_KAFKA_CONTROLLER}
listeners=PLAINTEXT://127.0.0.1:${PORT_KAFKA},CONTROLLER://127.0.0.1:${PORT_KAFKA_CONTROLLER}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT_KAFKA}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES
  local cluster_id
  cluster_id=$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
  java -cp "$libs/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
    > "$WORK/logs/kafka-format.log" 2>&1
  java -Xmx384m -cp "$libs/*" kafka.Kafka "$dir/server.properties" > "$WORK/logs/kafka.log" 2>&1 &
  PIDS+=($!)
}

start_instance() { # name port database peer-port [more arguments]
  local name=$1 port=$2 database=$3 peer=$4
  shift 4
  java -Xmx384m -jar "$SAMPLE_JAR" \
    --spring.application.name="$name" \
    --server.address=127.0.0.1 --server.port="$port" \
    --spring.profiles.active=postgres,e2e \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:${PG_PORT}/${database}" \
    --spring.datasource.username="$PG_USER" \
    --sample.peer-url="http://127.0.0.1:${peer}" \
    --spring.kafka.bootstrap-servers="127.0.0.1:${PORT_KAFKA}" \
    --e2e.zipkin-endpoint="http://127.0.0.1:${PORT_ZIPKIN}/api/v2/spans" \
    --observability.logging.format=json "$@" \
    > "$WORK/logs/$name.log" 2> "$WORK/logs/$name.stderr" &
  PIDS+=($!)
  INSTANCE_PID[$name]=$!
}

main() {
  install_missing
  rm -rf "$WORK/logs" "$WORK/prometheus-data"
  mkdir -p "$WORK/logs" "$WORK/screenshots"

  SAMPLE_JAR=$(ls "$ROOT"/sample-app/target/sample-app-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
  if [ -z "$SAMPLE_JAR" ]; then
    log "building the sample app"
    (cd "$ROOT" && ./mvnw -q -B -ntp -pl sample-app -am package -DskipTests)
    SAMPLE_JAR=$(ls "$ROOT"/sample-app/target/sample-app-*.jar | grep -v original | head -n 1)
  fi
  ZIPKIN_JAR="$WORK/zipkin-server-${ZIPKIN_VERSION}-exec.jar"
  if [ ! -f "$ZIPKIN_JAR" ]; then
    log "fetching zipkin-server ${ZIPKIN_VERSION} from Maven Central"
    (cd "$ROOT" && ./mvnw -q -B -ntp dependency:copy -Dartifact="io.zipkin:zipkin-server:${ZIPKIN_VERSION}:jar:exec" \
      -DoutputDirectory="$WORK")
  fi

  log "starting PostgreSQL"
  POSTGRES_PORT=$PG_PORT POSTGRES_DB=orders "$ROOT/scripts/postgres.sh" start >/dev/null
  for database in orders inventory; do
    psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qtAc "DROP DATABASE IF EXISTS $database" >/dev/null
    psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qtAc "CREATE DATABASE $database" >/dev/null
  done

  log "starting Zipkin on 127.0.0.1:${PORT_ZIPKIN}"
  java -Xmx512m -jar "$ZIPKIN_JAR" --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port="$PORT_ZIPKIN" \
    --armeria.ports[0].protocols=http \
    > "$WORK/logs/zipkin.log" 2>&1 &
  PIDS+=($!)

  log "starting Prometheus on 127.0.0.1:${PORT_PROMETHEUS}"
  sed -e "s|@PORT_A@|$PORT_A|; s|@PORT_B@|$PORT_B|; s|@ALERTS@|$ROOT/src-docs/monitoring/prometheus-alerts.yml|" \
    "$ROOT/e2e/prometheus.yml.template" > "$WORK/prometheus.yml"
  promtool check config "$WORK/prometheus.yml" >/dev/null
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus-data" \
    --web.listen-address="127.0.0.1:${PORT_PROMETHEUS}" --enable-feature=exemplar-storage \
    > "$WORK/logs/prometheus.log" 2>&1 &
  PIDS+=($!)

  log "starting Kafka (KRaft) on 127.0.0.1:${PORT_KAFKA}"
  start_kafka
  wait_for_port kafka "$PORT_KAFKA" 180

  log "starting orders-service (:${PORT_A}) and inventory-service (:${PORT_B})"
  # inventory-service samples no trace it starts itself (probability 0): only its failed and slow units are kept.
  # Traces that orders-service started and sampled stay sampled through it (the caller's decision travels on).
  start_instance inventory-service "$PORT_B" inventory "$PORT_B" \
    --management.tracing.sampling.probability=0 --observability.tracing.keep.slower-than=1s \
    --observability.logging.buffer.level=DEBUG
  start_instance orders-service "$PORT_A" orders "$PORT_B"

  # Generous deadlines: on a loaded two-core machine a start has been seen to take six minutes; a process that
  # exits fails the run at once.
  wait_for zipkin "http://127.0.0.1:${PORT_ZIPKIN}/health" 600
  wait_for prometheus "http://127.0.0.1:${PORT_PROMETHEUS}/-/ready" 300
  wait_for inventory-service "http://127.0.0.1:${PORT_B}/actuator/health" 600 "${INSTANCE_PID[inventory-service]}"
  wait_for orders-service "http://127.0.0.1:${PORT_A}/actuator/health" 600 "${INSTANCE_PID[orders-service]}"

  log "driving traffic through every endpoint"
  local a="http://127.0.0.1:${PORT_A}" b="http://127.0.0.1:${PORT_B}"
  for id in 1 2 3 4 5; do
    curl -fsS -o /dev/null "$a/products/$id"; curl -fsS -o /dev/null "$b/products/$id"
  done
  for n in 1 2 3; do
    curl -fsS -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"customer\":\"e2e-$n\",\"productId\":$n,\"quantity\":1}" "$a/orders"
  done
  curl -fsS -o /dev/null "$a/orders"; curl -fsS -o /dev/null "$b/orders"
  curl -fsS -o /dev/null "$a/reports/stock"
  curl -fsS -o /dev/null "$a/reports/slow"; curl -fsS -o /dev/null "$b/reports/slow"
  curl -sS -o /dev/null "$a/fail" || true
  curl -sS -D "$WORK/kept-headers.txt" -o /dev/null "$b/fail" || true
  KEPT_TRACE_ID=$(tr -d '\r' < "$WORK/kept-headers.txt" | awk -F': ' 'tolower($1)=="x-trace-id"{print $2}')
  KEPT_REQUEST_ID=$(tr -d '\r' < "$WORK/kept-headers.txt" | awk -F': ' 'tolower($1)=="x-request-id"{print $2}')
  curl -fsS -D "$WORK/unsampled-headers.txt" -o /dev/null "$b/products/2"
  UNSAMPLED_TRACE_ID=$(tr -d '\r' < "$WORK/unsampled-headers.txt" | awk -F': ' 'tolower($1)=="x-trace-id"{print $2}')
  UNSAMPLED_REQUEST_ID=$(tr -d '\r' < "$WORK/unsampled-headers.txt" | awk -F': ' 'tolower($1)=="x-request-id"{print $2}')
  log "inventory-service at sampling 0: failed request trace ${KEPT_TRACE_ID:-unknown}, successful ${UNSAMPLED_TRACE_ID:-unknown}"
  curl -sS -o /dev/null "$a/products/9999" || true
  ORDER_REQUEST_ID="e2e-order-$(date +%s)-$RANDOM"
  curl -fsS -D "$WORK/order-headers.txt" -o /dev/null -H "X-Request-ID: $ORDER_REQUEST_ID" \
    -H 'Content-Type: application/json' -d '{"customer":"e2e-kafka","productId":4,"quantity":1}' "$a/orders"
  ORDER_TRACE_ID=$(tr -d '\r' < "$WORK/order-headers.txt" | awk -F': ' 'tolower($1)=="x-trace-id"{print $2}')
  log "order over Kafka: X-Request-ID $ORDER_REQUEST_ID, trace ${ORDER_TRACE_ID:-unknown}"
  CHAIN_REQUEST_ID="e2e-chain-$(date +%s)-$RANDOM"
  curl -fsS -D "$WORK/chain-headers.txt" -o "$WORK/chain-body.json" -H "X-Request-ID: $CHAIN_REQUEST_ID" "$a/chain/3"
  CHAIN_TRACE_ID=$(tr -d '\r' < "$WORK/chain-headers.txt" | awk -F': ' 'tolower($1)=="x-trace-id"{print $2}')
  log "two-service request: X-Request-ID $CHAIN_REQUEST_ID, trace ${CHAIN_TRACE_ID:-unknown}"

  E2E_PROMETHEUS="http://127.0.0.1:${PORT_PROMETHEUS}" \
  E2E_ZIPKIN="http://127.0.0.1:${PORT_ZIPKIN}" \
  E2E_SERVICES="[{\"name\":\"orders-service\",\"url\":\"$a\",\"log\":\"$WORK/logs/orders-service.log\"},{\"name\":\"inventory-service\",\"url\":\"$b\",\"log\":\"$WORK/logs/inventory-service.log\"}]" \
  E2E_CHAIN_REQUEST_ID="$CHAIN_REQUEST_ID" E2E_CHAIN_TRACE_ID="$CHAIN_TRACE_ID" \
  E2E_ORDER_REQUEST_ID="$ORDER_REQUEST_ID" E2E_ORDER_TRACE_ID="$ORDER_TRACE_ID" \
  E2E_KEPT_TRACE_ID="$KEPT_TRACE_ID" E2E_UNSAMPLED_TRACE_ID="$UNSAMPLED_TRACE_ID" \
  E2E_KEPT_REQUEST_ID="$KEPT_REQUEST_ID" E2E_UNSAMPLED_REQUEST_ID="$UNSAMPLED_REQUEST_ID" \
  E2E_DASHBOARD="$ROOT/src-docs/monitoring/grafana-dashboard.json" E2E_TRACE_ID_FILE="$WORK/chain-trace-id" \
    python3 "$ROOT/e2e/check.py"

  "$ROOT/e2e/browser-check.sh" "http://127.0.0.1:${PORT_ZIPKIN}" \
    "$(cat "$WORK/chain-trace-id" 2>/dev/null || echo "$CHAIN_TRACE_ID")" "$WORK/screenshots" \
    orders-service inventory-service

  if [ "${E2E_SCREENSHOTS:-0}" = 1 ]; then
    for round in $(seq 1 20); do  # a minute of steady traffic, so that the graphs have lines to draw
      curl -fsS -o /dev/null "$a/products/$(( round % 10 + 1 ))"; curl -fsS -o /dev/null "$a/chain/$(( round % 10 + 1 ))"
      curl -fsS -o /dev/null "$a/orders"; sleep 3
    done
    "$ROOT/e2e/screenshots.sh" "http://127.0.0.1:${PORT_ZIPKIN}" "http://127.0.0.1:${PORT_PROMETHEUS}" \
      "$(cat "$WORK/chain-trace-id" 2>/dev/null || echo "$CHAIN_TRACE_ID")" "$WORK/screenshots"
  fi
}

main "$@"
