#!/usr/bin/env bash
# The fault harness of issue 11 on one machine: builds what is missing, then runs fault-harness.jar, which starts
# the embedded broker and the packaged inference service as processes, keeps MNIST images flowing at a fixed rate
# and, while they flow, kills the service (kill -9, restarted at once), kills the broker (restarted on the same
# data 10 s later), overloads the service at 2x its measured saturation rate, and sends it hostile records.
# Writes reports/fault-report.json and prints a summary; exit 0 when every expectation was met, 1 when one was not.
#
# Every argument goes to the harness (./scripts/fault-harness.sh --help lists them), e.g.
#   ./scripts/fault-harness.sh --scenarios service-kill,hostile-records --rate 100
# Environment: MODELS_DIR (default models/ when it holds a model store or a manifest, else target/quick-models,
#   trained when missing), REBUILD (set: rebuild the jars even when they exist).
set -euo pipefail
cd "$(dirname "$0")/.."

# DJL must never phone home, in Maven, the trainer, the harness and every process the harness starts.
export OPT_OUT_TRACKING=true
JAVA_OFFLINE=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true)

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "fault-harness.sh: '$tool' is required but not on PATH" >&2; exit 3; }
done

missing=
for jar in embedded-kafka/target/embedded-kafka.jar inference-service/target/quarkus-app/quarkus-run.jar \
    fault-harness/target/fault-harness.jar; do
  [[ -f $jar ]] || missing="$missing $jar"
done
if [[ -n ${REBUILD:-} || -n $missing ]]; then
  echo "==> Building the broker, the service and the harness (missing:${missing:- none, REBUILD set})"
  mvn -B -q -ntp -pl fault-harness -am -DskipTests "${JAVA_OFFLINE[@]}" package
fi

if [[ -z ${MODELS_DIR:-} ]]; then
  if [[ -f models/active.json || -f models/manifest.json ]]; then MODELS_DIR=models; else MODELS_DIR=target/quick-models; fi
fi
if [[ ! -f $MODELS_DIR/active.json && ! -f $MODELS_DIR/manifest.json ]]; then
  echo "==> Training the quick models into $MODELS_DIR (~2-3 min on 2 idle cores)"
  [[ -f trainer/target/trainer.jar ]] || mvn -B -q -ntp -pl trainer -am -DskipTests "${JAVA_OFFLINE[@]}" package
  java -XX:+ExitOnOutOfMemoryError "${JAVA_OFFLINE[@]}" -jar trainer/target/trainer.jar --profile quick --output "$MODELS_DIR" \
    --layout flat --reports target/quick-report --reuse-if-valid
fi

args=("$@")
[[ " $* " == *" --models-dir"* ]] || args=(--models-dir "$MODELS_DIR" "${args[@]}")
# exec: Ctrl-C reaches the harness itself, whose shutdown hook writes the report and stops every process it started.
exec java -XX:+ExitOnOutOfMemoryError "${JAVA_OFFLINE[@]}" -jar fault-harness/target/fault-harness.jar "${args[@]}"
