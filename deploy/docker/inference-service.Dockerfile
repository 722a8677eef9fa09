# inference-service: the Quarkus fast-jar built by `mvn -pl inference-service package -DskipTests`.
# Build context: the repository root (docker-compose.yml and the README say how). No models inside: they come from
# a volume written by the trainer job, so one image serves any trained model set.
FROM eclipse-temurin:17-jre

# -XX:+ExitOnOutOfMemoryError: a JVM that survived an OutOfMemoryError has lost the thread that hit it and runs on
# half-broken; exiting lets the platform restart it (deploy-checks' JvmExitsOnOutOfMemoryTest keeps the flag here).
ENV LANG=C.UTF-8 \
    OPT_OUT_TRACKING=true \
    DIGITSTREAM_MODELS_DIR=/models \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true -DOPT_OUT_TRACKING=true"

RUN useradd --system --uid 10001 --home-dir /deployments --shell /usr/sbin/nologin digitstream \
 && mkdir -p /deployments/config /models \
 && chown -R digitstream /deployments

WORKDIR /deployments
# Four layers, least to most often changed, as Quarkus lays out the fast-jar.
COPY --chown=digitstream inference-service/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=digitstream inference-service/target/quarkus-app/quarkus-run.jar /deployments/
COPY --chown=digitstream inference-service/target/quarkus-app/app/ /deployments/app/
COPY --chown=digitstream inference-service/target/quarkus-app/quarkus/ /deployments/quarkus/

USER 10001
EXPOSE 8080
# Quarkus also reads /deployments/config/application.properties (working directory's config/), where Kubernetes
# mounts the ConfigMap.
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
