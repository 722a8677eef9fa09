#!/usr/bin/env bash
# Peak resident memory of the live-metrics role sized as its k8s container (docs/benchmarks.md, "Memory ... at
# container size"): the embedded broker, an inference-only service and a live-metrics-only service as processes, the
# simulator sending labelled images, then the live-metrics process's VmHWM. Needs the jars
# (mvn -DskipTests install) and models (MODELS_DIR, default target/quick-models).
# Environment: RATE (images/s, 500), DURATION (180s), LIMIT (the container memory the JVM sizes itself for, 1g),
#   KAFKA_PORT (19093), HTTP_PORTS ("18090 18091").
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-500}
DURATION=${DURATION:-180s}
LIMIT=${LIMIT:-1g}
KAFKA_PORT=${KAFKA_PORT:-19093}
read -r INFERENCE_PORT METRICS_PORT <<<"${HTTP_PORTS:-18090 18091}"
MODELS_DIR=$(cd "${MODELS_DIR:-target/quick-models}" && pwd)
WORK=target/live-metrics-memory
rm -rf "$WORK" && mkdir -p "$WORK"

# DJL must never phone home; every JVM exits on an OutOfMemoryError instead of running on half-broken.
export OPT_OUT_TRACKING=true
JAVA_OFFLINE=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true)
SERVICE=(-Dquarkus.http.host=127.0.0.1 -jar inference-service/target/quarkus-app/quarkus-run.jar)
PIDS=()
# The services first (they leave their groups and close their transactions while the broker still runs), then it.
stop() {
  kill "${PIDS[@]:1}" 2>/dev/null || true
  wait "${PIDS[@]:1}" 2>/dev/null || true
  kill "${PIDS[0]}" 2>/dev/null || true
  wait "${PIDS[0]}" 2>/dev/null || true
}
trap stop EXIT

java -XX:+ExitOnOutOfMemoryError "${JAVA_OFFLINE[@]}" -jar embedded-kafka/target/embedded-kafka.jar \
  --port "$KAFKA_PORT" --data-dir "$WORK/kafka" --partitions 6 >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do grep -q 'Kafka ready' "$WORK/broker.log" && break; sleep 1; done

env DIGITSTREAM_LIVE_METRICS_ENABLED=false DIGITSTREAM_INSTANCE_ID=memory-inference \
  DIGITSTREAM_MODELS_DIR="$MODELS_DIR" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
  QUARKUS_HTTP_PORT="$INFERENCE_PORT" \
  java -XX:+ExitOnOutOfMemoryError "${JAVA_OFFLINE[@]}" -Xmx768m -Dkafka-streams.state.dir="$WORK/streams-inference" \
  "${SERVICE[@]}" >"$WORK/inference.log" 2>&1 &
PIDS+=($!)
# The live-metrics role as its Deployment runs it: no models, the heap share the image gives under LIMIT.
env DIGITSTREAM_INFERENCE_ENABLED=false DIGITSTREAM_INSTANCE_ID=memory-metrics \
  DIGITSTREAM_MODELS_DIR="$WORK/no-models" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
  QUARKUS_HTTP_PORT="$METRICS_PORT" \
  java -XX:+ExitOnOutOfMemoryError "${JAVA_OFFLINE[@]}" -XX:MaxRAM="$LIMIT" -XX:MaxRAMPercentage=75 \
  -Dkafka-streams.state.dir="$WORK/streams-metrics" "${SERVICE[@]}" >"$WORK/live-metrics.log" 2>&1 &
METRICS_PID=$!
PIDS+=("$METRICS_PID")
for port in "$INFERENCE_PORT" "$METRICS_PORT"; do
  for _ in $(seq 1 120); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready") == 200 ]] && break
    sleep 1
  done
done

java -XX:+ExitOnOutOfMemoryError "${JAVA_OFFLINE[@]}" -jar producer-simulator/target/producer-simulator.jar \
  --bootstrap-servers "127.0.0.1:$KAFKA_PORT" --rate "$RATE" --duration "$DURATION" --labels-fraction 1 \
  --progress-interval 30s | tee "$WORK/simulator.log"
echo "live-metrics process (-XX:MaxRAM=$LIMIT -XX:MaxRAMPercentage=75) after $DURATION at $RATE labelled images/s:"
grep -E 'VmHWM|VmRSS' "/proc/$METRICS_PID/status"
