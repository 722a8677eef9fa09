package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.digitstream.kafka.embedded.EmbeddedKafkaTestResource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.kafka.streams.runtime.KafkaStreamsProducer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The service's Kafka Streams client is built with the failure handling of application.properties: the handlers
 * reach the Streams configuration, the producer takes records as large as a dead letter may be, and the uncaught
 * exception handler is the one CDI bean of its type, which the Quarkus extension installs before starting the client.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class StreamsFailureHandlingWiringTest {

    @Inject
    KafkaStreamsProducer kafkaStreams;

    @Inject
    Instance<StreamsUncaughtExceptionHandler> uncaughtExceptionHandlers;

    @ConfigProperty(name = "digitstream.limits.max-record-bytes", defaultValue = "4194304")
    int maxRecordBytes;

    @Test
    void theHandlersAndTheRecordBudgetReachTheStreamsClient() {
        StreamsConfig config = kafkaStreams.getStreamsConfig();
        assertEquals(TooLargeRecordHandler.class,
                config.getClass(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(LogAndContinueExceptionHandler.class,
                config.getClass(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(String.valueOf(maxRecordBytes), String.valueOf(
                config.getProducerConfigs("probe").get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)));
        assertInstanceOf(StreamThreadReplacer.class, ClientProxy.unwrap(uncaughtExceptionHandlers.get()));
    }
}
