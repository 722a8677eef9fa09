package io.digitstream.inference.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client settings file reaches every Kafka client's prefix, wins over application.properties, loses to env. */
class KafkaClientConfigSourceTest {

    @Test
    void everySettingReachesTheChannelsAndKafkaStreams(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.keystore.location=/secrets/service.p12\n"
                + "ssl.keystore.password=hunter2\n");
        SmallRyeConfig config = config(Map.of(KafkaClientConfigSource.LOCATION, file.toString(),
                "kafka.security.protocol", "PLAINTEXT"));
        assertEquals("SSL", config.getValue("kafka.security.protocol", String.class), "the file wins over the app");
        assertEquals("SSL", config.getValue("kafka-streams.security.protocol", String.class));
        assertEquals("hunter2", config.getValue("kafka.ssl.keystore.password", String.class));
        assertEquals("/secrets/service.p12", config.getValue("kafka-streams.ssl.keystore.location", String.class));
        assertTrue(StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .anyMatch("kafka-streams.ssl.keystore.password"::equals), "listed, so prefix scans find it");
    }

    @Test
    void kafkaConfigProviderReferencesReachKafkaUntouched(@TempDir Path dir) throws Exception {
        // Kafka resolves ${dir:...} itself (DirectoryConfigProvider, files of a mounted secret); MicroProfile Config
        // must not read it as one of its own expressions.
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "config.providers=dir\n"
                + "sasl.jaas.config=${dir:/etc/kafka-user:sasl.jaas.config}\n");
        SmallRyeConfig config = config(Map.of(KafkaClientConfigSource.LOCATION, file.toString()));
        assertEquals("${dir:/etc/kafka-user:sasl.jaas.config}",
                config.getValue("kafka.sasl.jaas.config", String.class));
        assertEquals("${dir:/etc/kafka-user:sasl.jaas.config}",
                config.getValue("kafka-streams.sasl.jaas.config", String.class));
    }

    @Test
    void withoutALocationNothingChanges() {
        SmallRyeConfig config = config(Map.of("kafka.security.protocol", "PLAINTEXT"));
        assertEquals("PLAINTEXT", config.getValue("kafka.security.protocol", String.class));
        assertFalse(config.getOptionalValue("kafka-streams.security.protocol", String.class).isPresent());
    }

    @Test
    void aMissingFileStopsTheStartWithItsName(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> config(Map.of(KafkaClientConfigSource.LOCATION, missing.toString())));
        assertTrue(String.valueOf(error.getMessage()).contains("nope.properties")
                || String.valueOf(error.getCause()).contains("nope.properties"), String.valueOf(error));
    }

    private static SmallRyeConfig config(Map<String, String> applicationProperties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new KafkaClientConfigSource())
                .build();
    }
}
