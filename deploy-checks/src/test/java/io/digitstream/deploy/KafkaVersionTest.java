package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** One Kafka version everywhere: the build's clients and broker, the compose images and the Strimzi cluster. */
class KafkaVersionTest {

    @Test
    void buildComposeAndKubernetesRunTheSameKafka() throws IOException {
        Matcher property = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>")
                .matcher(Files.readString(Repo.path("pom.xml")));
        assertTrue(property.find(), "the root pom names kafka.version");
        String version = property.group(1);
        assertEquals(version, AppInfoParser.getVersion(), "the kafka-clients on the classpath");

        ComposeFile compose = ComposeFile.load(Map.of());
        int brokers = 0;
        for (String name : compose.serviceNames()) {
            String image = compose.service(name).path("image").asText();
            if (image.startsWith("apache/kafka")) {
                assertEquals("apache/kafka:" + version, image, name);
                brokers++;
            }
        }
        assertTrue(brokers >= 1, "no Kafka image in docker-compose.yml");

        for (String overlay : Kustomize.overlays()) {
            JsonNode kafka = Kustomize.ofKind(Kustomize.render(overlay), "Kafka").get(0).path("spec").path("kafka");
            assertEquals(version, kafka.path("version").asText(), overlay);
            String metadataVersion = kafka.path("metadataVersion").asText();
            assertFalse(metadataVersion.isEmpty(), overlay);
            assertTrue(version.startsWith(metadataVersion.substring(0, metadataVersion.indexOf('-'))),
                    overlay + ": metadata version " + metadataVersion + " of another Kafka line");
        }
    }
}
