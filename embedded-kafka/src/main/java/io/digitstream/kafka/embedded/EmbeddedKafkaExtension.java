package io.digitstream.kafka.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit 5 extension: one real broker per test class, started before the first test with the topics created, and
 * closed after the last. Use {@code @ExtendWith(EmbeddedKafkaExtension.class)} for every digit-stream topic with
 * one partition, or a {@code @RegisterExtension static} field built with {@link #builder()} to choose topics,
 * partitions and broker settings. Test methods and constructors may declare an {@link EmbeddedKafkaBroker}
 * parameter or a {@code @BootstrapServers String} parameter; a registered field also offers
 * {@link #bootstrapServers()}.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final int partitions;
    private final List<String> topics;
    private final Map<String, String> brokerProperties;

    private EmbeddedKafkaBroker broker;
    private Class<?> ownerClass;

    /** Every digit-stream topic, one partition each. */
    public EmbeddedKafkaExtension() {
        this(builder());
    }

    private EmbeddedKafkaExtension(Builder builder) {
        this.partitions = builder.partitions;
        this.topics = List.copyOf(builder.topics);
        this.brokerProperties = Map.copyOf(builder.brokerProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // @Nested classes call beforeAll again on the same instance; they share the enclosing class's broker.
        if (broker != null) {
            return;
        }
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().defaultPartitions(partitions);
        brokerProperties.forEach(builder::brokerProperty);
        broker = builder.build().start();
        ownerClass = context.getRequiredTestClass();
        broker.createTopics(topics);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null && context.getRequiredTestClass() == ownerClass) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafkaBroker.class
                || (type == String.class && parameter.isAnnotated(BootstrapServers.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class ? broker() : bootstrapServers();
    }

    /** The running broker; only between beforeAll and afterAll. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the embedded broker runs only while the test class runs");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Options; defaults: every digit-stream topic, one partition each. */
    public static final class Builder {
        private int partitions = 1;
        private List<String> topics = DigitStreamTopics.ALL;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** Partitions of the created topics and of auto-created ones. */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        public Builder topics(String... topics) {
            this.topics = List.of(topics);
            return this;
        }

        public Builder brokerProperty(String name, String value) {
            brokerProperties.put(name, value);
            return this;
        }

        public EmbeddedKafkaExtension build() {
            return new EmbeddedKafkaExtension(this);
        }
    }
}
