package io.digitstream.kafka.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource: starts a real broker with the digit-stream topics for a {@code @QuarkusTest} and points
 * the application at it ({@code kafka.bootstrap.servers}, {@code quarkus.kafka-streams.bootstrap-servers}; Kafka Dev
 * Services off). Use {@code @QuarkusTestResource(EmbeddedKafkaTestResource.class)}, optionally with
 * init args {@value #PARTITIONS_ARG} (default 1) and {@value #TOPICS_ARG} (comma-separated, default every
 * digit-stream topic). A test field of type {@link EmbeddedKafkaBroker} annotated {@link InjectEmbeddedKafka}
 * receives the broker.
 */
public final class EmbeddedKafkaTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String PARTITIONS_ARG = "partitions";
    public static final String TOPICS_ARG = "topics";

    private int partitions = 1;
    private List<String> topics = DigitStreamTopics.ALL;
    private EmbeddedKafkaBroker broker;

    @Override
    public void init(Map<String, String> initArgs) {
        String partitionsArg = initArgs.get(PARTITIONS_ARG);
        if (partitionsArg != null) {
            try {
                partitions = Integer.parseInt(partitionsArg.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("init arg " + PARTITIONS_ARG + " must be a number, got '"
                        + partitionsArg + "'", e);
            }
        }
        String topicsArg = initArgs.get(TOPICS_ARG);
        if (topicsArg != null) {
            topics = Arrays.stream(topicsArg.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        }
    }

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafkaBroker.builder().defaultPartitions(partitions).build().start();
        broker.createTopics(topics);
        String bootstrapServers = broker.bootstrapServers();
        // Dev Services would try to start a broker container; this machine has no Docker and needs none.
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quarkus.kafka-streams.bootstrap-servers", bootstrapServers,
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectEmbeddedKafka.class, EmbeddedKafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
