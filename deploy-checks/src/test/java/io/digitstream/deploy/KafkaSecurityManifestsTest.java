package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.kafka.embedded.security.DigitStreamAcls;
import io.digitstream.kafka.embedded.security.KafkaPrincipals;
import io.digitstream.schemas.KafkaClientSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The k8s cluster is secured the way the integration tests run the embedded one: no unauthenticated listener, ACLs
 * on, each KafkaUser granted exactly {@link DigitStreamAcls}, and every Kafka client pod connecting with a settings
 * file whose secrets all come from mounted Strimzi Secrets of its own user.
 */
class KafkaSecurityManifestsTest {
    private static final Pattern DIR_REFERENCE = Pattern.compile("\\$\\{dir:([^:}]+):([^}]+)}");
    /** Which KafkaUser each Kafka client workload connects as. */
    private static final Map<String, String> USER_OF_WORKLOAD = Map.of(
            "inference-service", KafkaPrincipals.INFERENCE_SERVICE,
            "live-metrics", KafkaPrincipals.INFERENCE_SERVICE,
            "simulator", KafkaPrincipals.SIMULATOR,
            "learn-from-reviews", KafkaPrincipals.TRAINER);

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyListenerAuthenticatesOverTlsAndAclsAreOn(String overlay) {
        JsonNode kafka = Kustomize.ofKind(Kustomize.render(overlay), "Kafka").get(0).path("spec");
        assertFalse(kafka.path("kafka").path("listeners").isEmpty());
        for (JsonNode listener : kafka.path("kafka").path("listeners")) {
            assertTrue(listener.path("tls").asBoolean(), overlay + ": listener " + listener.path("name") + " without TLS");
            assertTrue(Set.of("scram-sha-512", "tls").contains(listener.path("authentication").path("type").asText()),
                    overlay + ": listener " + listener.path("name") + " lets anyone in");
        }
        assertEquals("simple", kafka.path("kafka").path("authorization").path("type").asText(), overlay + ": ACLs off");
        assertTrue(kafka.path("entityOperator").has("userOperator"), overlay + ": nobody makes the KafkaUsers' Secrets");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachKafkaUserIsGrantedExactlyTheAclsTheIntegrationTestsRunUnder(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        Map<String, Set<String>> expected = DigitStreamAcls.all().stream().collect(Collectors.groupingBy(
                DigitStreamAcls.Grant::principal, Collectors.mapping(KafkaSecurityManifestsTest::rule,
                        Collectors.toCollection(TreeSet::new))));
        List<JsonNode> users = Kustomize.ofKind(documents, "KafkaUser");
        assertFalse(users.isEmpty());
        for (JsonNode user : users) {
            String name = Kustomize.name(user);
            assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText(), name);
            assertEquals("simple", user.path("spec").path("authorization").path("type").asText(), name);
            Set<String> granted = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                for (JsonNode operation : acl.path("operations")) {
                    granted.add(rule(acl.path("resource"), operation.asText()));
                }
            }
            assertEquals(expected.get(name), granted, overlay + ": KafkaUser " + name + " and DigitStreamAcls differ");
        }
        assertTrue(users.stream().anyMatch(user -> Kustomize.name(user).equals(KafkaPrincipals.INFERENCE_SERVICE)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyKafkaClientConnectsAsItsOwnUserWithSecretsOnlyFromMountedSecrets(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        String cluster = Kustomize.name(Kustomize.ofKind(documents, "Kafka").get(0));
        Set<String> users = Kustomize.ofKind(documents, "KafkaUser").stream().map(Kustomize::name)
                .collect(Collectors.toSet());
        int clients = 0;
        for (JsonNode workload : workloads(documents)) {
            JsonNode template = workload.path("spec").path("template");
            for (JsonNode container : template.path("spec").path("containers")) {
                String settingsPath = Kustomize.env(container, KafkaClientSettings.ENVIRONMENT_VARIABLE);
                String user = USER_OF_WORKLOAD.get(Kustomize.name(workload));
                if (user == null) {
                    assertEquals(null, settingsPath, Kustomize.name(workload) + " is no Kafka client");
                    continue;
                }
                clients++;
                String what = overlay + ": " + Kustomize.name(workload) + "/" + container.path("name").asText();
                assertTrue(settingsPath != null, what + " has no Kafka client settings");
                JsonNode configVolume = KubernetesManifestsTest.volumeSourceContaining(template, container, settingsPath);
                String configMap = configVolume.path("configMap").path("name").asText();
                String fileName = settingsPath.substring(settingsPath.lastIndexOf('/') + 1);
                String text = Kustomize.named(documents, "ConfigMap", configMap).path("data").path(fileName).asText();
                assertFalse(text.isEmpty(), what + ": " + settingsPath + " is not in ConfigMap " + configMap);
                Properties settings = KubernetesManifestsTest.loadProperties(text);

                assertEquals("SASL_SSL", settings.getProperty("security.protocol"), what);
                assertEquals("SCRAM-SHA-512", settings.getProperty("sasl.mechanism"), what);
                assertFalse(settings.containsKey("bootstrap.servers"), what + ": the address has one place");
                // Every secret is a reference to a file of a mounted Secret: the user's own, or the cluster CA.
                for (String key : List.of("sasl.jaas.config", "ssl.truststore.password")) {
                    Matcher reference = DIR_REFERENCE.matcher(settings.getProperty(key, ""));
                    assertTrue(reference.matches(), what + ": " + key + " must come from a mounted Secret");
                    String secret = KubernetesManifestsTest.volumeSourceMountedAt(template, container, reference.group(1))
                            .path("secret").path("secretName").asText();
                    String expectedSecret = key.startsWith("sasl") ? user : cluster + "-cluster-ca-cert";
                    assertEquals(expectedSecret, secret, what + ": " + key);
                }
                assertTrue(users.contains(user), what + ": its KafkaUser " + user + " is not in this overlay");
                String trustStore = settings.getProperty("ssl.truststore.location");
                assertEquals(cluster + "-cluster-ca-cert", KubernetesManifestsTest.volumeSourceContaining(template,
                        container, trustStore).path("secret").path("secretName").asText(), what + ": trust store");
                assertEquals("org.apache.kafka.common.config.provider.DirectoryConfigProvider",
                        settings.getProperty("config.providers.dir.class"), what);
            }
        }
        assertTrue(clients >= 2, overlay + ": " + clients + " Kafka clients found");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kedaReadsTheLagAsAUserThatMayDescribeTheGroupAndTopic(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        if (Kustomize.ofKind(documents, "ScaledObject").isEmpty()) {
            assertTrue(documents.stream().noneMatch(document -> document.path("apiVersion").asText().startsWith("keda.sh/")),
                    overlay + ": without the ScaledObject, no KEDA resource may stay (a cluster without KEDA refuses it)");
        }
        for (JsonNode scaledObject : Kustomize.ofKind(documents, "ScaledObject")) {
            for (JsonNode each : scaledObject.path("spec").path("triggers")) {
                assertEquals("scram_sha512", each.path("metadata").path("sasl").asText(), overlay);
                assertEquals("enable", each.path("metadata").path("tls").asText(), overlay);
                assertEquals(each.path("authenticationRef"), scaledObject.path("spec").path("triggers").get(0)
                        .path("authenticationRef"), overlay + ": every trigger authenticates alike");
            }
            JsonNode trigger = scaledObject.path("spec").path("triggers").get(0);
            JsonNode authentication = Kustomize.named(documents, "TriggerAuthentication",
                    trigger.path("authenticationRef").path("name").asText()).path("spec");
            String user = null;
            for (JsonNode env : authentication.path("env")) {
                if (env.path("parameter").asText().equals("username")) {
                    JsonNode target = Kustomize.named(documents, "Deployment",
                            scaledObject.path("spec").path("scaleTargetRef").path("name").asText());
                    for (JsonNode container : target.path("spec").path("template").path("spec").path("containers")) {
                        if (container.path("name").asText().equals(env.path("containerName").asText())) {
                            user = Kustomize.env(container, env.path("name").asText());
                        }
                    }
                }
            }
            assertEquals(KafkaPrincipals.INFERENCE_SERVICE, user, overlay + ": KEDA's user name");
            Set<String> secrets = new TreeSet<>();
            authentication.path("secretTargetRef").forEach(ref -> secrets.add(ref.path("parameter").asText() + "="
                    + ref.path("name").asText() + "/" + ref.path("key").asText()));
            assertEquals(Set.of("password=" + user + "/password", "ca=digit-stream-cluster-ca-cert/ca.crt"), secrets);
            // The group and topic KEDA describes are ones that user may read (Read implies Describe).
            String group = trigger.path("metadata").path("consumerGroup").asText();
            String topic = trigger.path("metadata").path("topic").asText();
            String who = user;
            assertTrue(DigitStreamAcls.all().stream().anyMatch(grant -> grant.principal().equals(who)
                    && grant.resource() == ResourceType.TOPIC && grant.name().equals(topic)
                    && grant.operation() == AclOperation.READ));
            assertTrue(DigitStreamAcls.all().stream().anyMatch(grant -> grant.principal().equals(who)
                    && grant.resource() == ResourceType.GROUP && group.startsWith(grant.name())
                    && grant.operation() == AclOperation.READ));
        }
    }

    private static List<JsonNode> workloads(List<JsonNode> documents) {
        List<JsonNode> workloads = new ArrayList<>(Kustomize.ofKind(documents, "Deployment"));
        workloads.addAll(Kustomize.ofKind(documents, "Job"));
        return workloads;
    }

    /** One grant as {@code type:name:pattern:operation}, in Strimzi's spelling. */
    private static String rule(DigitStreamAcls.Grant grant) {
        String type = switch (grant.resource()) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            case CLUSTER -> "cluster";
            default -> throw new IllegalArgumentException("no Strimzi resource type for " + grant.resource());
        };
        String pattern = grant.pattern() == PatternType.PREFIXED ? "prefix" : "literal";
        String operation = grant.operation().name().toLowerCase(Locale.ROOT);
        return type + ":" + grant.name() + ":" + pattern + ":" + operation;
    }

    private static String rule(JsonNode resource, String operation) {
        return resource.path("type").asText() + ":" + resource.path("name").asText() + ":"
                + resource.path("patternType").asText("literal") + ":" + operation.toLowerCase(Locale.ROOT);
    }
}
