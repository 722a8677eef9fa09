package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay rendered by the real {@code kubectl kustomize}, and the output validated and cross-checked. */
class KubernetesManifestsTest {

    private static final String INFERENCE = RoleSwitches.Deployment.INFERENCE.serviceName();
    private static final String LIVE_METRICS = RoleSwitches.Deployment.LIVE_METRICS.serviceName();
    private static final String SERVICE_IMAGE = "digitstream/inference-service";
    private static final Set<String> POD_TEMPLATE_KINDS = Set.of("Deployment", "Job");
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    private static final Map<String, String> CLI_JARS = Map.of(
            "digitstream/trainer", "trainer/target/trainer.jar",
            "digitstream/producer-simulator", "producer-simulator/target/producer-simulator.jar");
    private static final Map<String, String> DOCKERFILES = Map.of(
            "digitstream/inference-service", "deploy/docker/inference-service.Dockerfile",
            "digitstream/trainer", "deploy/docker/trainer.Dockerfile",
            "digitstream/producer-simulator", "deploy/docker/producer-simulator.Dockerfile");

    /**
     * What each image's process writes, which a read-only root filesystem must leave to volumes: every JVM's /tmp
     * (temporary files; ONNX Runtime's and RocksDB's native libraries; the Streams state), DJL's cache (DJL_CACHE_DIR
     * in the trainer image) and the verified MNIST files under user.home/.cache (the image's home directory).
     */
    private static final Map<String, List<String>> WRITTEN_PATHS = Map.of(
            "digitstream/inference-service", List.of("/tmp"),
            "digitstream/trainer", List.of("/tmp", "/opt/trainer/djl-cache", "/opt/trainer/.cache", "/models"),
            "digitstream/producer-simulator", List.of("/tmp", "/opt/simulator/.cache"));

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    /** Every overlay with each of the two Deployments of the service image. */
    static List<Arguments> overlaysAndDeployments() {
        List<Arguments> arguments = new ArrayList<>();
        for (String overlay : overlays()) {
            for (RoleSwitches.Deployment deployment : RoleSwitches.Deployment.values()) {
                arguments.add(Arguments.of(overlay, deployment.serviceName()));
            }
        }
        return arguments;
    }

    @Test
    void devProdAndTheHpaAlternativeAreThere() {
        assertTrue(overlays().containsAll(List.of("k8s/overlays/dev", "k8s/overlays/prod", "k8s/overlays/prod-hpa")),
                overlays().toString());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDocumentIsCompleteAndNamespaced(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        assertFalse(documents.isEmpty());
        Set<String> seen = new HashSet<>();
        for (JsonNode document : documents) {
            String id = document.path("kind").asText() + "/" + Kustomize.name(document);
            assertFalse(document.path("apiVersion").asText().isEmpty(), id + " has no apiVersion");
            assertFalse(document.path("kind").asText().isEmpty(), "a document without kind");
            assertFalse(Kustomize.name(document).isEmpty(), "a " + document.path("kind") + " without a name");
            assertFalse(document.path("metadata").path("namespace").asText().isEmpty(), id + " has no namespace");
            assertTrue(seen.add(id), id + " appears twice");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void workloadsHaveResourcesMatchingSelectorsAndOneTagOfEachBuiltImage(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        Set<String> composeImages = composeImageRepositories();
        Set<String> tags = new TreeSet<>();
        for (JsonNode workload : documents) {
            if (!POD_TEMPLATE_KINDS.contains(workload.path("kind").asText())) {
                continue;
            }
            JsonNode template = workload.path("spec").path("template");
            if (workload.path("kind").asText().equals("Deployment")) {
                assertContains(template.path("metadata").path("labels"), workload.path("spec").path("selector")
                        .path("matchLabels"), Kustomize.name(workload) + " selector");
            }
            for (JsonNode container : containers(template)) {
                String where = overlay + " " + Kustomize.name(workload) + "/" + container.path("name").asText();
                JsonNode resources = container.path("resources");
                assertTrue(resources.path("requests").has("cpu") && resources.path("requests").has("memory"),
                        where + " requests cpu and memory");
                assertTrue(resources.path("limits").has("memory"), where + " has a memory limit");
                String image = container.path("image").asText();
                String repository = image.split(":")[0];
                assertTrue(composeImages.contains(repository), where + ": image " + image + " is not built by "
                        + "docker-compose.yml (" + composeImages + ")");
                assertTrue(image.contains(":") && !image.endsWith(":latest"), where + ": pin a tag, not " + image);
                tags.add(image.substring(image.indexOf(':') + 1));
            }
        }
        assertEquals(1, tags.size(), overlay + ": the images of one release share one tag: " + tags);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void inferenceServiceProbesPortsConfigAndModelsFitTheService(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        JsonNode deployment = Kustomize.named(documents, "Deployment", INFERENCE);
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode container = containerNamed(pod, INFERENCE);
        InferenceServiceConfig config = InferenceServiceConfig.load();
        assertPortAndProbesFitTheService(container, config);

        // How the instances spread over nodes: deploymentsSpreadOverNodesWithoutRequiredAntiAffinity.

        // The ConfigMap lands where Quarkus looks for config/application.properties: under the image's WORKDIR.
        String configMap = configMapOf(pod, container);
        JsonNode properties = Kustomize.named(documents, "ConfigMap", configMap).path("data").path("application.properties");
        assertConfigKeysAreReal(properties.asText(), config, bootstrapServers(documents));

        String modelsDir = loadProperties(properties.asText()).getProperty("digitstream.models.dir");
        String claim = volumeSourceMountedAt(pod, container, modelsDir).path("persistentVolumeClaim").path("claimName").asText();
        Kustomize.named(documents, "PersistentVolumeClaim", claim);
        JsonNode trainer = Kustomize.named(documents, "Job", "trainer").path("spec").path("template");
        List<String> trainerArguments = arguments(containers(trainer).get(0));
        String trainerOutput = trainerArguments.get(trainerArguments.indexOf("--output") + 1);
        assertEquals(claim, volumeSourceMountedAt(trainer, containers(trainer).get(0), trainerOutput)
                .path("persistentVolumeClaim").path("claimName").asText(), "the trainer writes where the service reads");
    }

    /**
     * The live-metrics Deployment: the same image and ConfigMap as inference-service with inference switched off,
     * the same probes, no models (no PVC, no wait-for-models init container), its Streams state on an emptyDir, the
     * same pod security context, and no more replicas than the topology has tasks.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void liveMetricsRunsTheServiceImageWithoutModels(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        InferenceServiceConfig config = InferenceServiceConfig.load();
        JsonNode inferencePod = Kustomize.named(documents, "Deployment", INFERENCE).path("spec").path("template");
        JsonNode inference = containerNamed(inferencePod, INFERENCE);
        JsonNode deployment = Kustomize.named(documents, "Deployment", LIVE_METRICS);
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode container = containerNamed(pod, LIVE_METRICS);
        String where = overlay + " " + LIVE_METRICS;

        assertEquals(inference.path("image").asText(), container.path("image").asText(), where + ": the same image");
        assertPortAndProbesFitTheService(container, config);
        assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText(), where);
        assertEquals(configMapOf(inferencePod, inference), configMapOf(pod, container), where + ": the same ConfigMap");
        assertEquals(inferencePod.path("spec").path("securityContext"), pod.path("spec").path("securityContext"),
                where + ": the security context of the inference pods");

        // No models: nothing mounted where the ConfigMap says they are, no PVC, no init container waiting for them.
        String properties = Kustomize.named(documents, "ConfigMap", configMapOf(pod, container)).path("data")
                .path("application.properties").asText();
        String modelsDir = loadProperties(properties).getProperty("digitstream.models.dir");
        container.path("volumeMounts").forEach(mount -> assertFalse(
                mount.path("mountPath").asText().equals(modelsDir), where + " mounts something at " + modelsDir));
        pod.path("spec").path("volumes").forEach(volume -> assertFalse(volume.has("persistentVolumeClaim"),
                where + " mounts a PersistentVolumeClaim: " + volume));
        assertTrue(pod.path("spec").path("initContainers").isEmpty(), where + " waits for nothing: "
                + pod.path("spec").path("initContainers"));

        // Kafka Streams keeps its RocksDB stores under java.io.tmpdir (/tmp in the image): an emptyDir, rebuilt from
        // the changelog topics, never the container's writable layer.
        String stateDir = config.value("kafka-streams.state.dir").replace("${java.io.tmpdir}", "/tmp");
        assertTrue(stateDir.startsWith("/"), "kafka-streams.state.dir " + stateDir + " is not under java.io.tmpdir");
        assertTrue(volumeSourceContaining(pod, container, stateDir).has("emptyDir"),
                where + ": the Streams state at " + stateDir + " is not on an emptyDir");

        int tasks = Kustomize.named(documents, "KafkaTopic", Topics.PREDICTIONS).path("spec").path("partitions").asInt();
        int replicas = deployment.path("spec").path("replicas").asInt();
        assertTrue(replicas >= 1 && replicas <= tasks, where + ": " + replicas + " replicas, but the topology has "
                + tasks + " tasks (partitions of " + Topics.PREDICTIONS + ")");
    }

    /**
     * Each Deployment of the service image switches the other role off in its own environment (RoleSwitches), the
     * shared ConfigMap switches nothing, and no other workload runs the service.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theServiceImageRunsAsAnInferenceAndALiveMetricsDeployment(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        InferenceServiceConfig config = InferenceServiceConfig.load();
        Set<String> running = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : documents) {
            if (!POD_TEMPLATE_KINDS.contains(workload.path("kind").asText())) {
                continue;
            }
            JsonNode pod = workload.path("spec").path("template");
            // Init containers only borrow the image for its shell (wait-for-models); they never start the service.
            for (JsonNode container : pod.path("spec").path("containers")) {
                if (!container.path("image").asText().split(":")[0].equals(SERVICE_IMAGE)) {
                    continue;
                }
                String name = Kustomize.name(workload);
                String where = overlay + " " + workload.path("kind").asText() + "/" + name;
                running.add(name);
                if (!workload.path("kind").asText().equals("Deployment") || !(name.equals(INFERENCE)
                        || name.equals(LIVE_METRICS))) {
                    problems.add(where + " runs " + SERVICE_IMAGE + " but is neither Deployment/" + INFERENCE
                            + " nor Deployment/" + LIVE_METRICS);
                    continue;
                }
                Map<String, String> environment = new LinkedHashMap<>();
                container.path("env").forEach(variable -> environment.put(variable.path("name").asText(),
                        variable.has("value") ? variable.path("value").asText() : "<valueFrom>"));
                Properties configFile = loadProperties(Kustomize.named(documents, "ConfigMap", configMapOf(pod, container))
                        .path("data").path("application.properties").asText());
                problems.addAll(RoleSwitches.problems(where, name.equals(INFERENCE) ? RoleSwitches.Deployment.INFERENCE
                        : RoleSwitches.Deployment.LIVE_METRICS, config, environment, configFile));
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(Set.of(INFERENCE, LIVE_METRICS), running, overlay);
    }

    /** Service, PDB, PodMonitor and NetworkPolicy of each Deployment select its pods, and only its pods. */
    @ParameterizedTest
    @MethodSource("overlaysAndDeployments")
    void serviceDisruptionBudgetMonitorAndNetworkPolicySelectTheDeploymentsPods(String overlay, String name) {
        List<JsonNode> documents = Kustomize.render(overlay);
        JsonNode pod = Kustomize.named(documents, "Deployment", name).path("spec").path("template");
        JsonNode podLabels = pod.path("metadata").path("labels");
        String other = name.equals(INFERENCE) ? LIVE_METRICS : INFERENCE;
        JsonNode otherLabels = Kustomize.named(documents, "Deployment", other).path("spec").path("template")
                .path("metadata").path("labels");
        Set<String> portNames = portNames(containerNamed(pod, name));

        JsonNode service = Kustomize.named(documents, "Service", name);
        assertSelects(podLabels, otherLabels, service.path("spec").path("selector"), name + " Service selector");
        service.path("spec").path("ports").forEach(port ->
                assertTrue(portNames.contains(port.path("targetPort").asText()), "Service targetPort " + port));

        assertSelects(podLabels, otherLabels, Kustomize.named(documents, "PodDisruptionBudget", name).path("spec")
                .path("selector").path("matchLabels"), name + " PodDisruptionBudget selector");

        JsonNode podMonitor = Kustomize.named(documents, "PodMonitor", name).path("spec");
        assertSelects(podLabels, otherLabels, podMonitor.path("selector").path("matchLabels"), name + " PodMonitor selector");
        JsonNode endpoint = podMonitor.path("podMetricsEndpoints").get(0);
        assertTrue(portNames.contains(endpoint.path("port").asText()), "PodMonitor port " + endpoint);
        assertEquals("/q/metrics", endpoint.path("path").asText());
        // The dashboards tell the deployments apart by the job label: the Deployment's name, as in compose's
        // prometheus.yml (ComposeFileTest), not the operator's default <namespace>/<PodMonitor name>.
        String jobLabel = podMonitor.path("jobLabel").asText();
        assertFalse(jobLabel.isEmpty(), name + " PodMonitor has no jobLabel");
        assertEquals(name, podLabels.path(jobLabel).asText(), name + " PodMonitor: the pods' " + jobLabel
                + " becomes the job label");

        JsonNode policy = Kustomize.named(documents, "NetworkPolicy", name).path("spec");
        assertSelects(podLabels, otherLabels, policy.path("podSelector").path("matchLabels"),
                name + " NetworkPolicy podSelector");
        String kafkaCluster = Kustomize.name(Kustomize.ofKind(documents, "Kafka").get(0));
        assertTrue(policy.path("egress").toString().contains("\"strimzi.io/cluster\":\"" + kafkaCluster + "\""),
                name + " may reach the Kafka pods");
        assertTrue(policy.path("ingress").toString().contains(portNames.stream()
                .filter(port -> port.matches("\\d+")).findFirst().orElseThrow()), name + " accepts HTTP on its port");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void autoscalingFollowsTheImagesConsumerGroupAndStaysWithinItsPartitions(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        List<JsonNode> scaledObjects = Kustomize.ofKind(documents, "ScaledObject");
        List<JsonNode> autoscalers = Kustomize.ofKind(documents, "HorizontalPodAutoscaler");
        assertEquals(1, scaledObjects.size() + autoscalers.size(), "exactly one autoscaler (KEDA or HPA)");
        int partitions = Kustomize.named(documents, "KafkaTopic", Topics.IMAGES).path("spec").path("partitions").asInt();
        if (!scaledObjects.isEmpty()) {
            JsonNode spec = scaledObjects.get(0).path("spec");
            assertEquals(INFERENCE, spec.path("scaleTargetRef").path("name").asText(), "only inference is autoscaled");
            Kustomize.named(documents, "Deployment", spec.path("scaleTargetRef").path("name").asText());
            // The consumer reads both topics: a lag on either must scale it.
            List<String> topics = new ArrayList<>();
            for (JsonNode trigger : spec.path("triggers")) {
                assertEquals("kafka", trigger.path("type").asText());
                JsonNode metadata = trigger.path("metadata");
                topics.add(metadata.path("topic").asText());
                assertEquals(InferenceServiceConfig.load().resolved("mp.messaging.incoming.images.group.id"),
                        metadata.path("consumerGroup").asText());
                // KEDA's operator resolves the address from its own namespace: only the fully qualified name works.
                String bootstrap = bootstrapServers(documents);
                String service = bootstrap.substring(0, bootstrap.indexOf(':'));
                assertEquals(service + "." + scaledObjects.get(0).path("metadata").path("namespace").asText() + ".svc"
                        + bootstrap.substring(bootstrap.indexOf(':')), metadata.path("bootstrapServers").asText(),
                        overlay + ": the Kafka bootstrap Service by its fully qualified name in this namespace");
            }
            assertEquals(List.of(Topics.IMAGES, Topics.FIELDS), topics);
            assertEquals(InferenceServiceConfig.load().resolved("mp.messaging.incoming.images.topics"),
                    String.join(",", topics), "the triggers follow the topics the consumer reads");
            assertTrue(spec.path("minReplicaCount").asInt() <= spec.path("maxReplicaCount").asInt());
            assertTrue(spec.path("maxReplicaCount").asInt() <= partitions,
                    "replicas beyond the " + partitions + " partitions of digits.images would sit idle");
        } else {
            JsonNode spec = autoscalers.get(0).path("spec");
            assertEquals(INFERENCE, spec.path("scaleTargetRef").path("name").asText(), "only inference is autoscaled");
            Kustomize.named(documents, "Deployment", spec.path("scaleTargetRef").path("name").asText());
            assertTrue(spec.path("minReplicas").asInt() <= spec.path("maxReplicas").asInt());
            assertTrue(spec.path("maxReplicas").asInt() <= partitions);
            assertEquals("Pods", spec.path("metrics").get(0).path("type").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodRunsUnderTheRestrictedProfileWithAReadOnlyRootFilesystem(String overlay) {
        for (JsonNode workload : Kustomize.render(overlay)) {
            if (!POD_TEMPLATE_KINDS.contains(workload.path("kind").asText())) {
                continue;
            }
            JsonNode pod = workload.path("spec").path("template").path("spec");
            String podName = overlay + " " + workload.path("kind").asText() + "/" + Kustomize.name(workload);
            JsonNode podContext = pod.path("securityContext");
            assertTrue(podContext.path("runAsNonRoot").asBoolean(), podName + ": runAsNonRoot");
            assertTrue(podContext.path("runAsUser").asInt() > 0, podName + ": a non-zero runAsUser");
            assertEquals("RuntimeDefault", podContext.path("seccompProfile").path("type").asText(),
                    podName + ": seccompProfile RuntimeDefault");
            Map<String, JsonNode> volumes = new LinkedHashMap<>();
            pod.path("volumes").forEach(volume -> volumes.put(volume.path("name").asText(), volume));
            for (JsonNode container : containers(workload.path("spec").path("template"))) {
                String where = podName + "/" + container.path("name").asText();
                JsonNode context = container.path("securityContext");
                assertFalse(context.path("allowPrivilegeEscalation").asBoolean(true),
                        where + ": allowPrivilegeEscalation false");
                assertTrue(context.path("readOnlyRootFilesystem").asBoolean(), where + ": readOnlyRootFilesystem");
                List<String> dropped = new ArrayList<>();
                context.path("capabilities").path("drop").forEach(capability -> dropped.add(capability.asText()));
                assertEquals(List.of("ALL"), dropped, where + ": drops all capabilities");
                assertTrue(context.path("capabilities").path("add").isMissingNode(), where + ": adds none");
                assertFalse(context.path("privileged").asBoolean(false), where + ": not privileged");
                if (!container.path("command").isArray()) {
                    String repository = container.path("image").asText().split(":")[0];
                    for (String path : WRITTEN_PATHS.getOrDefault(repository, List.of())) {
                        assertTrue(writableMount(container, volumes, path), where + ": " + path
                                + " is written at run time, so it must be a writable volume");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void anAutoscaledDeploymentLeavesItsReplicasToTheAutoscaler(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        List<JsonNode> autoscalers = new ArrayList<>(Kustomize.ofKind(documents, "ScaledObject"));
        autoscalers.addAll(Kustomize.ofKind(documents, "HorizontalPodAutoscaler"));
        assertFalse(autoscalers.isEmpty(), overlay + " has an autoscaler");
        for (JsonNode autoscaler : autoscalers) {
            String target = autoscaler.path("spec").path("scaleTargetRef").path("name").asText();
            JsonNode deployment = Kustomize.named(documents, "Deployment", target);
            assertTrue(deployment.path("spec").path("replicas").isMissingNode(), overlay + " Deployment/" + target
                    + " sets replicas while " + autoscaler.path("kind").asText() + " owns them: every apply would "
                    + "reset the autoscaler's count");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void deploymentsSpreadOverNodesWithoutRequiredAntiAffinity(String overlay) {
        for (JsonNode deployment : Kustomize.ofKind(Kustomize.render(overlay), "Deployment")) {
            String where = overlay + " Deployment/" + Kustomize.name(deployment);
            JsonNode template = deployment.path("spec").path("template");
            JsonNode antiAffinity = template.path("spec").path("affinity").path("podAntiAffinity");
            assertTrue(antiAffinity.path("requiredDuringSchedulingIgnoredDuringExecution").isMissingNode(),
                    where + ": required anti-affinity leaves pods pending when nodes are few; spread them instead");
            JsonNode constraints = template.path("spec").path("topologySpreadConstraints");
            assertTrue(constraints.isArray() && !constraints.isEmpty(), where + ": topologySpreadConstraints");
            for (JsonNode constraint : constraints) {
                assertEquals("kubernetes.io/hostname", constraint.path("topologyKey").asText(), where);
                assertTrue(Set.of("ScheduleAnyway", "DoNotSchedule").contains(constraint.path("whenUnsatisfiable")
                        .asText()), where + ": whenUnsatisfiable");
                assertEquals(1, constraint.path("maxSkew").asInt(), where + ": maxSkew");
                assertContains(template.path("metadata").path("labels"), constraint.path("labelSelector")
                        .path("matchLabels"), where + " spread selector");
            }
        }
    }

    /** Whether the container mounts {@code path} from a writable volume of the pod (an emptyDir or a claim). */
    private static boolean writableMount(JsonNode container, Map<String, JsonNode> volumes, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path) && !mount.path("readOnly").asBoolean(false)) {
                JsonNode volume = volumes.get(mount.path("name").asText());
                return volume != null && (volume.has("emptyDir") || volume.has("persistentVolumeClaim"));
            }
        }
        return false;
    }

    @Test
    void thePrometheusAdapterRuleServesOnlyTheSeriesItDiscovers() throws IOException {
        JsonNode rule = YamlTrees.parse(Files.readString(
                Repo.path("k8s/components/hpa-autoscaling/prometheus-adapter-rule.yaml"))).path("rules").get(0);
        String seriesQuery = rule.path("seriesQuery").asText();
        String metricsQuery = rule.path("metricsQuery").asText();
        java.util.regex.Matcher matchers = java.util.regex.Pattern.compile("(\\w+)(=|=~)\"([^\"]+)\"")
                .matcher(seriesQuery);
        int found = 0;
        while (matchers.find()) {
            found++;
            // <<.Series>> is the metric name alone: a matcher left in seriesQuery only would not filter the values.
            assertTrue(metricsQuery.contains(matchers.group()), "metricsQuery must filter " + matchers.group()
                    + " like seriesQuery does: " + metricsQuery);
        }
        assertTrue(found >= 2, "the seriesQuery names the consumer and the topic: " + seriesQuery);
        assertTrue(metricsQuery.contains("<<.LabelMatchers>>"), "and the pod's own labels: " + metricsQuery);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaClusterAndTopicsAgree(String overlay) {
        List<JsonNode> documents = Kustomize.render(overlay);
        List<JsonNode> clusters = Kustomize.ofKind(documents, "Kafka");
        assertEquals(1, clusters.size());
        String cluster = Kustomize.name(clusters.get(0));
        int brokers = 0;
        int controllers = 0;
        boolean combined = false;
        for (JsonNode pool : Kustomize.ofKind(documents, "KafkaNodePool")) {
            assertEquals(cluster, pool.path("metadata").path("labels").path("strimzi.io/cluster").asText());
            String roles = pool.path("spec").path("roles").toString();
            if (roles.contains("\"broker\"")) {
                brokers += pool.path("spec").path("replicas").asInt();
            }
            if (roles.contains("\"controller\"")) {
                controllers += pool.path("spec").path("replicas").asInt();
            }
            combined |= roles.contains("\"broker\"") && roles.contains("\"controller\"");
        }
        assertTrue(brokers >= 1);
        assertTrue(controllers % 2 == 1, overlay + ": a KRaft quorum of " + controllers + " controllers");
        if (overlay.contains("prod")) {
            // Brokers can be added only when they are not also voters: separate pools.
            assertFalse(combined, overlay + ": controllers and brokers share a node pool");
            assertTrue(controllers >= 3, overlay + ": a quorum that survives one lost controller");
        }
        JsonNode config = clusters.get(0).path("spec").path("kafka").path("config");
        assertTrue(config.path("offsets.topic.replication.factor").asInt() <= brokers);
        assertTrue(config.path("transaction.state.log.replication.factor").asInt() <= brokers);

        Set<String> names = new TreeSet<>();
        for (JsonNode topic : Kustomize.ofKind(documents, "KafkaTopic")) {
            names.add(Kustomize.name(topic));
            assertEquals(cluster, topic.path("metadata").path("labels").path("strimzi.io/cluster").asText());
            int replicas = topic.path("spec").path("replicas").asInt();
            assertTrue(replicas >= 1 && replicas <= brokers, Kustomize.name(topic) + " replicas " + replicas);
            JsonNode minIsr = topic.path("spec").path("config").path("min.insync.replicas");
            assertTrue(minIsr.isMissingNode() || minIsr.asInt() < replicas || replicas == 1,
                    Kustomize.name(topic) + ": min.insync.replicas must leave room for one broker to be down");
        }
        assertEquals(new TreeSet<>(io.digitstream.kafka.embedded.DigitStreamTopics.ALL), names);
        assertEquals(Kustomize.named(documents, "KafkaTopic", Topics.PREDICTIONS).path("spec").path("partitions"),
                Kustomize.named(documents, "KafkaTopic", Topics.LABELS).path("spec").path("partitions"),
                "the metrics topology merges predictions and labels by image id: co-partitioned");
        for (String fieldTopic : List.of(Topics.FIELD_READINGS, Topics.FIELD_LABELS)) {
            assertEquals(Kustomize.named(documents, "KafkaTopic", Topics.PREDICTIONS).path("spec").path("partitions"),
                    Kustomize.named(documents, "KafkaTopic", fieldTopic).path("spec").path("partitions"),
                    "field readings and labels join by field id in the same sub-topology: co-partitioned");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void jobsUseOnlyOptionsTheirCliAccepts(String overlay) {
        for (JsonNode job : Kustomize.ofKind(Kustomize.render(overlay), "Job")) {
            for (JsonNode container : containers(job.path("spec").path("template"))) {
                String repository = container.path("image").asText().split(":")[0];
                String jar = CLI_JARS.get(repository);
                assertNotNull(jar, "a Job runs " + repository + ", which has no known CLI");
                List<String> command = new ArrayList<>(Dockerfile.parse(Repo.path(DOCKERFILES.get(repository))).execCommand());
                command.addAll(arguments(container));
                Set<String> unknown = new TreeSet<>(CliOptions.used(command));
                unknown.removeAll(CliOptions.of(jar));
                assertEquals(Set.of(), unknown, overlay + " Job " + Kustomize.name(job) + ": options " + jar
                        + " --help does not list");
            }
        }
    }

    @Test
    void grafanaDashboardsConfigMapCarriesTheSharedJsonFilesUnchanged() throws IOException {
        List<JsonNode> documents = Kustomize.render("k8s/base");
        JsonNode configMap = Kustomize.named(documents, "ConfigMap", "digit-stream-grafana-dashboards");
        assertEquals("1", configMap.path("metadata").path("labels").path("grafana_dashboard").asText());
        List<GrafanaDashboards.Dashboard> dashboards = GrafanaDashboards.load();
        assertEquals(dashboards.size(), configMap.path("data").size());
        for (GrafanaDashboards.Dashboard dashboard : dashboards) {
            String name = dashboard.file().getFileName().toString();
            assertEquals(Files.readString(dashboard.file()), configMap.path("data").path(name).asText(), name);
        }
    }

    /**
     * The Strimzi bootstrap Service of the cluster's internal TLS + SCRAM listener, the one the digit-stream clients
     * use: {@code <cluster>-kafka-bootstrap:<port>}.
     */
    static String bootstrapServers(List<JsonNode> documents) {
        JsonNode kafka = Kustomize.ofKind(documents, "Kafka").get(0);
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (listener.path("tls").asBoolean() && listener.path("type").asText().equals("internal")
                    && listener.path("authentication").path("type").asText().equals("scram-sha-512")) {
                return Kustomize.name(kafka) + "-kafka-bootstrap:" + listener.path("port").asInt();
            }
        }
        throw new AssertionError("the Kafka cluster has no internal TLS listener with SCRAM-SHA-512");
    }

    private static void assertConfigKeysAreReal(String properties, InferenceServiceConfig config, String bootstrap) {
        Properties values = loadProperties(properties);
        Set<String> unknown = new TreeSet<>(values.stringPropertyNames());
        unknown.removeAll(config.keys());
        assertEquals(Set.of(), unknown, "ConfigMap keys the inference service does not have");
        assertEquals(bootstrap, values.getProperty("kafka.bootstrap.servers"));
    }

    /** The http port is Quarkus' and every probe asks a health endpoint of the service on a declared port. */
    private static void assertPortAndProbesFitTheService(JsonNode container, InferenceServiceConfig config) {
        String where = container.path("name").asText();
        Set<String> portNames = portNames(container);
        assertEquals(config.value("quarkus.http.port"), container.path("ports").get(0).path("containerPort").asText(),
                where);
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText(), where);
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText(), where);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode httpGet = container.path(probe).path("httpGet");
            if (httpGet.isMissingNode()) {
                continue;
            }
            assertTrue(HEALTH_PATHS.contains(httpGet.path("path").asText()), where + " " + probe + " " + httpGet);
            assertTrue(portNames.contains(httpGet.path("port").asText()), where + " " + probe + " names an unknown port");
        }
    }

    /** The ConfigMap mounted where Quarkus looks for config/application.properties: under the image's WORKDIR. */
    private static String configMapOf(JsonNode pod, JsonNode container) {
        String workdir = Dockerfile.parse(Repo.path(DOCKERFILES.get(SERVICE_IMAGE))).lastValue("WORKDIR");
        return volumeSourceMountedAt(pod, container, workdir + "/config").path("configMap").path("name").asText();
    }

    /** The volume whose mount holds {@code path} (the longest mount path that is a prefix of it). */
    static JsonNode volumeSourceContaining(JsonNode pod, JsonNode container, String path) {
        String best = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            String mountPath = mount.path("mountPath").asText();
            if ((path.equals(mountPath) || path.startsWith(mountPath.endsWith("/") ? mountPath : mountPath + "/"))
                    && (best == null || mountPath.length() > best.length())) {
                best = mountPath;
            }
        }
        if (best == null) {
            throw new AssertionError(container.path("name").asText() + " mounts nothing that holds " + path);
        }
        return volumeSourceMountedAt(pod, container, best);
    }

    static Properties loadProperties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }

    static JsonNode volumeSourceMountedAt(JsonNode pod, JsonNode container, String mountPath) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(mountPath)) {
                for (JsonNode volume : pod.path("spec").path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return volume;
                    }
                }
                throw new AssertionError("volume " + mount.path("name") + " mounted at " + mountPath + " is not declared");
            }
        }
        throw new AssertionError(container.path("name").asText() + " mounts nothing at " + mountPath);
    }

    static List<JsonNode> containers(JsonNode template) {
        List<JsonNode> containers = new ArrayList<>();
        template.path("spec").path("initContainers").forEach(containers::add);
        template.path("spec").path("containers").forEach(containers::add);
        return containers;
    }

    private static JsonNode containerNamed(JsonNode template, String name) {
        for (JsonNode container : template.path("spec").path("containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        throw new AssertionError("no container " + name);
    }

    private static Set<String> portNames(JsonNode container) {
        Set<String> names = new TreeSet<>();
        container.path("ports").forEach(port -> {
            names.add(port.path("name").asText());
            names.add(port.path("containerPort").asText());
        });
        return names;
    }

    private static List<String> arguments(JsonNode container) {
        List<String> arguments = new ArrayList<>();
        container.path("args").forEach(argument -> arguments.add(argument.asText()));
        return arguments;
    }

    private static Set<String> composeImageRepositories() {
        ComposeFile compose = ComposeFile.load(Map.of());
        Set<String> repositories = new TreeSet<>();
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            if (service.has("build")) {
                repositories.add(service.path("image").asText().split(":")[0]);
            }
        }
        return repositories;
    }

    /** The selector matches the pods' labels and not the other Deployment's pods. */
    private static void assertSelects(JsonNode labels, JsonNode otherLabels, JsonNode selector, String what) {
        assertContains(labels, selector, what);
        boolean selectsOther = true;
        for (Map.Entry<String, JsonNode> entry : selector.properties()) {
            selectsOther &= entry.getValue().asText().equals(otherLabels.path(entry.getKey()).asText());
        }
        assertFalse(selectsOther, what + " also selects the other Deployment's pods");
    }

    private static void assertContains(JsonNode labels, JsonNode selector, String what) {
        assertFalse(selector.isEmpty(), what + " is empty: it would select every pod");
        selector.properties().forEach(entry -> assertEquals(entry.getValue().asText(),
                labels.path(entry.getKey()).asText(), what + " " + entry.getKey() + " does not match the pod labels"));
    }
}
