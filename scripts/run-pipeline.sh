#!/usr/bin/env bash
# The whole pipeline on one machine, on the embedded Kafka broker:
#   build -> start broker -> train (quick profile, unless models/manifest.json exists) -> start the inference
#   service -> run the simulator for a bounded time -> print the report -> stop everything.
# Environment overrides: KAFKA_PORT (9092), HTTP_PORT (8080), DURATION (90s: the first 1-minute rolling metrics window closes at about 70 s), RATE (messages/s, 50),
#   ENCODING (png), PROFILE (quick), SKIP_BUILD (unset), SIMULATOR_ARGS (extra simulator options).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

KAFKA_PORT=${KAFKA_PORT:-9092}
HTTP_PORT=${HTTP_PORT:-8080}
DURATION=${DURATION:-90s}
RATE=${RATE:-50}
ENCODING=${ENCODING:-png}
PROFILE=${PROFILE:-quick}
BOOTSTRAP="127.0.0.1:${KAFKA_PORT}"
RUN_DIR="$ROOT/target/pipeline"
mkdir -p "$RUN_DIR" reports

# DJL must never phone home.
export OPT_OUT_TRACKING=true
JAVA_OFFLINE=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true)
# Every JVM below is started with -XX:+ExitOnOutOfMemoryError: one that survived an OutOfMemoryError would have lost
# the thread that hit it and run on half-broken; exiting makes the script stop with the failure instead.

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'run-pipeline: %s\n' "$*" >&2; exit 1; }

for tool in java mvn npm; do
  command -v "$tool" >/dev/null || die "'$tool' is required but not on PATH"
done

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_in_use "$KAFKA_PORT" && die "port $KAFKA_PORT is in use; set KAFKA_PORT to a free port"
port_in_use "$HTTP_PORT" && die "port $HTTP_PORT is in use; set HTTP_PORT to a free port"

PIDS=()
FOREGROUND=
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # A step interrupted in the foreground (trainer, simulator) stops first; the simulator still prints its report.
  if [[ -n $FOREGROUND ]]; then
    kill -TERM "$FOREGROUND" 2>/dev/null || true
    wait "$FOREGROUND" 2>/dev/null || true
  fi
  if ((${#PIDS[@]})); then
    log "Stopping (${#PIDS[@]} processes)"
    # Newest first, each gone before the next is told: the service drains and leaves its consumer groups while
    # the broker is still there (told together, the service would wait for a broker already gone).
    for ((i=${#PIDS[@]}-1; i>=0; i--)); do
      local pid=${PIDS[i]}
      kill -TERM "$pid" 2>/dev/null || continue
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
    done
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a step as a child and waits for it: unlike a plain foreground command, `wait` returns as soon as a signal
# arrives, so Ctrl-C or a TERM to this script reaches the cleanup at once instead of after the step.
run_step() {
  "$@" &
  FOREGROUND=$!
  local status=0
  wait "$FOREGROUND" || status=$?
  FOREGROUND=
  return "$status"
}

# True when the service answers 200 on the path; plain bash, so curl is not needed (a subshell keeps fd 3 local).
http_ok() (
  exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT" || exit 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" >&3
  IFS= read -r -t 10 status_line <&3 || exit 1
  [[ $status_line == HTTP/*" 200"* ]]
)

wait_for() { # description, timeout seconds, command...
  local what=$1 timeout=$2; shift 2
  for _ in $(seq 1 "$timeout"); do
    "$@" >/dev/null 2>&1 && return 0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "$what: a process exited early (see $RUN_DIR/*.log)"; done
    sleep 1
  done
  die "$what did not become ready within ${timeout}s (see $RUN_DIR/*.log)"
}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  log "Building (mvn -DskipTests install)"
  mvn -B -q -ntp -DskipTests install
fi

log "Starting the embedded Kafka broker on $BOOTSTRAP"
java -XX:+ExitOnOutOfMemoryError -jar embedded-kafka/target/embedded-kafka.jar --port "$KAFKA_PORT" --data-dir "$RUN_DIR/kafka-data" \
  >"$RUN_DIR/kafka.log" 2>&1 &
PIDS+=($!)
wait_for "Kafka broker" 120 grep -q "Kafka ready" "$RUN_DIR/kafka.log"

if [[ -f models/active.json || -f models/manifest.json ]]; then
  # A model store (active.json names the serving version) or a single set written before stores existed.
  log "Using the trained models in models/ (delete models/ to retrain from scratch; docs/operations.md, 'Model lifecycle')"
else
  log "Training the four models (profile: $PROFILE)"
  run_step java -XX:+ExitOnOutOfMemoryError "${JAVA_OFFLINE[@]}" -jar trainer/target/trainer.jar --profile "$PROFILE" \
    --output models --reports reports/training
fi

log "Starting the inference service on http://localhost:$HTTP_PORT"
# The metrics topology's local state lives beside the broker data it belongs to: state left in the shared default
# (java.io.tmpdir) by another broker's run makes Streams declare its tasks corrupted and restore before any metric.
java -XX:+ExitOnOutOfMemoryError -Dkafka.bootstrap.servers="$BOOTSTRAP" -Dquarkus.http.port="$HTTP_PORT" \
  -Ddigitstream.models.dir="$ROOT/models" -Dkafka-streams.state.dir="$RUN_DIR/kafka-streams" \
  -jar inference-service/target/quarkus-app/quarkus-run.jar >"$RUN_DIR/inference-service.log" 2>&1 &
PIDS+=($!)
wait_for "Inference service" 180 http_ok /q/health/ready
echo "Dashboard: http://localhost:$HTTP_PORT/   Prometheus metrics: http://localhost:$HTTP_PORT/q/metrics"

log "Simulating $DURATION of scanned digits at $RATE/s ($ENCODING)"
run_step java -XX:+ExitOnOutOfMemoryError -jar producer-simulator/target/producer-simulator.jar --bootstrap-servers "$BOOTSTRAP" \
  --rate "$RATE" --duration "$DURATION" --encoding "$ENCODING" \
  --report-json reports/pipeline-report.json ${SIMULATOR_ARGS:-}
log "Report written to reports/pipeline-report.json"
