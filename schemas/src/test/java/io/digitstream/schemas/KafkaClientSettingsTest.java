package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

    @Test
    void readsAKafkaClientPropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "# comment\nsecurity.protocol = SASL_SSL \nsasl.mechanism=SCRAM-SHA-512\n");
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"),
                KafkaClientSettings.read(file));
    }

    @Test
    void refusesAMissingFileADirectoryAndAnAddressWithoutShowingTheContents(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KafkaClientSettings.read(dir.resolve("missing"))).getMessage().contains("does not exist"));
        assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.read(dir));
        Path withAddress = dir.resolve("address.properties");
        Files.writeString(withAddress, "bootstrap.servers=elsewhere:9092\nssl.key.password=topsecret\n");
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.read(withAddress));
        assertTrue(error.getMessage().contains("KAFKA_BOOTSTRAP_SERVERS"));
        assertFalse(error.getMessage().contains("topsecret"));
    }

    @Test
    void aMalformedUnicodeEscapeIsRefusedWithoutTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "sasl.jaas.config=password=\"ab\\uZZZZ\"\n");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.read(file));
        assertFalse(error.getMessage().contains("ab"), error.getMessage());
    }
}
