package io.digitstream.kafka.embedded.security;

import io.digitstream.kafka.embedded.DigitStreamTopics;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.schemas.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secured embedded broker through real clients: the principals' own settings work within their ACLs, while a
 * plaintext client, a wrong password, a client without a certificate and a principal outside its ACLs are refused.
 */
class SecuredBrokerTest {
    private static final Duration BUDGET = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(value = KafkaSecurity.class, names = {"SASL_SSL", "MTLS"})
    void principalsWorkWithinTheirAclsAndStrangersAreRefused(KafkaSecurity mode) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(mode).build().start()) {
            broker.createTopics(DigitStreamTopics.ALL);

            // The simulator may write images and read predictions; the service may read images.
            String id = UUID.randomUUID().toString();
            send(broker, KafkaPrincipals.SIMULATOR, Topics.IMAGES, id);
            assertEquals(List.of(id), read(broker, KafkaPrincipals.INFERENCE_SERVICE, Topics.IMAGES, "inference-service"));

            // The simulator may not read images nor write predictions: ACLs are on.
            assertInstanceOf(AuthorizationException.class,
                    assertThrows(ExecutionException.class,
                            () -> send(broker, KafkaPrincipals.SIMULATOR, Topics.PREDICTIONS, id)).getCause());
            assertThrows(AuthorizationException.class,
                    () -> read(broker, KafkaPrincipals.SIMULATOR, Topics.IMAGES, "digit-stream-simulator-x"));
            // Nor may the service join a group outside its prefix.
            assertThrows(AuthorizationException.class,
                    () -> read(broker, KafkaPrincipals.INFERENCE_SERVICE, Topics.IMAGES, "someone-else"));

            // The trainer reads the reviewers' answers by assignment (no group), and nothing it was not granted.
            String answer = UUID.randomUUID().toString();
            send(broker, KafkaPrincipals.INFERENCE_SERVICE, Topics.REVIEW_ANSWERS, answer);
            assertEquals(List.of(answer), readAssigned(broker, KafkaPrincipals.TRAINER, Topics.REVIEW_ANSWERS));
            assertEquals(List.of(id), readAssigned(broker, KafkaPrincipals.TRAINER, Topics.IMAGES));
            assertThrows(AuthorizationException.class,
                    () -> readAssigned(broker, KafkaPrincipals.TRAINER, Topics.PREDICTIONS));
            // A principal that may write nothing is refused the idempotent producer id (cluster authorisation): the
            // producer fails on send or in its future, whichever comes first.
            Throwable refused = assertThrows(Exception.class,
                    () -> send(broker, KafkaPrincipals.TRAINER, Topics.REVIEW_ANSWERS, answer));
            while (refused != null && !(refused instanceof AuthorizationException)) {
                refused = refused.getCause();
            }
            assertInstanceOf(AuthorizationException.class, refused, "refused for want of authorisation");

            // A plaintext client gets nowhere.
            assertRefused(broker, Map.of());

            Map<String, Object> stranger = new HashMap<>(broker.clientProperties(KafkaPrincipals.SIMULATOR));
            if (mode == KafkaSecurity.SASL_SSL) {
                stranger.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"simulator\" password=\"wrong\";");
                assertInstanceOf(SaslAuthenticationException.class, assertRefused(broker, stranger));
            } else {
                stranger.keySet().removeIf(key -> key.startsWith("ssl.keystore") || key.equals("ssl.key.password"));
                assertInstanceOf(SslAuthenticationException.class, assertRefused(broker, stranger));
            }
        }
    }

    @Test
    void clientSettingsFilesAreOwnerOnlyAndMatchTheSettings() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(KafkaSecurity.SASL_SSL).build().start()) {
            for (String principal : KafkaPrincipals.CLIENTS) {
                Path file = broker.clientPropertiesFile(principal);
                assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                        Files.getPosixFilePermissions(file), file.toString());
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                }
                Map<String, Object> fromFile = new HashMap<>();
                properties.stringPropertyNames().forEach(name -> fromFile.put(name, properties.getProperty(name)));
                assertEquals(broker.clientProperties(principal), fromFile);
            }
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE),
                    Files.getPosixFilePermissions(broker.clientPropertiesFile(KafkaPrincipals.ADMIN).getParent()));
        }
    }

    @Test
    void aRestartedBrokerKeepsItsSecretsAndUsers() throws Exception {
        Path root = Files.createTempDirectory("secured-restart-");
        Path data = root.resolve("kafka");
        Map<String, Object> before;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(KafkaSecurity.SASL_SSL)
                .dataDir(data).build().start()) {
            broker.createTopics(Topics.IMAGES);
            before = broker.clientProperties(KafkaPrincipals.SIMULATOR);
            assertTrue(Files.isDirectory(root.resolve("kafka-secrets")), "secrets beside the data dir");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(KafkaSecurity.SASL_SSL)
                .dataDir(data).build().start()) {
            assertEquals(before, broker.clientProperties(KafkaPrincipals.SIMULATOR));
            send(broker, KafkaPrincipals.SIMULATOR, Topics.IMAGES, "after-restart");
        }
    }

    @Test
    void passwordsMayStayInAMountedSecretThroughKafkasDirectoryConfigProvider() throws Exception {
        // How k8s/ wires a Strimzi KafkaUser's Secret in: the settings file refers to the files of a mounted dir.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(KafkaSecurity.SASL_SSL).build().start()) {
            broker.createTopics(Topics.IMAGES);
            Map<String, Object> settings = new HashMap<>(broker.clientProperties(KafkaPrincipals.SIMULATOR));
            Path secret = Files.createTempDirectory("kafka-user-");
            Files.writeString(secret.resolve("sasl.jaas.config"), (String) settings.get("sasl.jaas.config"));
            Files.writeString(secret.resolve("ca.password"), (String) settings.get("ssl.truststore.password"));
            settings.put("config.providers", "dir");
            settings.put("config.providers.dir.class",
                    "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
            settings.put("sasl.jaas.config", "${dir:" + secret + ":sasl.jaas.config}");
            settings.put("ssl.truststore.password", "${dir:" + secret + ":ca.password}");
            Map<String, Object> config = new HashMap<>(settings);
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BUDGET.toMillis());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.IMAGES, "k", "v")).get(BUDGET.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void aPlaintextBrokerHasNoClientSettings() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            assertTrue(broker.clientProperties(KafkaPrincipals.SIMULATOR).isEmpty());
            assertThrows(IllegalStateException.class, () -> broker.clientPropertiesFile(KafkaPrincipals.SIMULATOR));
        }
    }

    /** An admin call with {@code settings} fails; returns the cause. */
    private static Throwable assertRefused(EmbeddedKafkaBroker broker, Map<String, Object> settings) throws Exception {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        try (Admin admin = Admin.create(config)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
            assertFalse(refused.getCause() == null);
            return refused.getCause();
        }
    }

    private static void send(EmbeddedKafkaBroker broker, String principal, String topic, String value)
            throws Exception {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(principal));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BUDGET.toMillis());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value, value)).get(BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reads partition 0 from the start without a group, as the trainer does. */
    private static List<String> readAssigned(EmbeddedKafkaBroker broker, String principal, String topic) {
        org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(topic, 0);
        return drain(broker, principal, topic, Map.of(), consumer -> {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        });
    }

    private static List<String> read(EmbeddedKafkaBroker broker, String principal, String topic, String group) {
        return drain(broker, principal, topic, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), consumer -> consumer.subscribe(List.of(topic)));
    }

    /** Polls until something is read or the budget is spent; {@code start} subscribes or assigns. */
    private static List<String> drain(EmbeddedKafkaBroker broker, String principal, String topic,
            Map<String, Object> extra, java.util.function.Consumer<KafkaConsumer<String, String>> start) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(principal));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.putAll(extra);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            start.accept(consumer);
            long deadline = System.nanoTime() + BUDGET.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        if (values.isEmpty()) {
            throw new TimeoutException("nothing read from " + topic + " within " + BUDGET);
        }
        return values;
    }
}
