package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docker-compose.yml parsed and cross-checked against the Dockerfiles, the apps' real options and config keys. */
class ComposeFileTest {

    private static final String INFERENCE = RoleSwitches.Deployment.INFERENCE.serviceName();
    private static final String LIVE_METRICS = RoleSwitches.Deployment.LIVE_METRICS.serviceName();
    private static final String SERVICE_IMAGE = "digitstream/inference-service";
    private static final String THREE_BROKERS_ENV = "deploy/compose/three-brokers.env";
    /** Environment variables read by the JVM or DJL rather than by the application's configuration. */
    private static final Set<String> PROCESS_ENVIRONMENT = Set.of("JAVA_TOOL_OPTIONS", "OPT_OUT_TRACKING");
    private static final Set<String> DEPENDS_ON_CONDITIONS =
            Set.of("service_started", "service_healthy", "service_completed_successfully");
    private static final Pattern CREATE_TOPIC = Pattern.compile("(?m)^\\s*create\\s+(\\S+)\\s+(\\S+)(?:\\s+(\\S+))?\\s*$");
    private static final Pattern VOTER = Pattern.compile("(\\d+)@([^:]+):(\\d+)");

    private final ComposeFile compose = ComposeFile.load(Map.of());

    @Test
    void everyVariableHasADefaultSoAPlainUpWorks() {
        assertEquals(Set.of(), ComposeFile.variablesWithoutDefault(ComposeFile.text()));
    }

    @Test
    void everyBuiltServiceHasItsDockerfileAndEveryCopiedFileIsSentToTheBuilder() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            JsonNode build = service.path("build");
            if (build.isMissingNode()) {
                if (!service.hasNonNull("image")) {
                    problems.add(name + ": neither image nor build");
                }
                continue;
            }
            Path context = Repo.path(build.path("context").asText("."));
            Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
            if (!Files.isRegularFile(dockerfile)) {
                problems.add(name + ": Dockerfile " + dockerfile + " does not exist");
                continue;
            }
            List<String> reincluded = reincludedPaths(Path.of(dockerfile + ".dockerignore"));
            for (String source : Dockerfile.parse(dockerfile).contextCopySources()) {
                if (!Files.exists(context.resolve(source))) {
                    problems.add(name + ": COPY source " + source + " not found in the build context (run "
                            + "`mvn -DskipTests package` first)");
                }
                if (reincluded.stream().noneMatch(source::startsWith)) {
                    problems.add(name + ": COPY source " + source + " is excluded by " + dockerfile + ".dockerignore");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shippedImagesRunOnTheTemurin17Jre() {
        for (String name : compose.serviceNames()) {
            JsonNode build = compose.service(name).path("build");
            if (!build.isMissingNode()) {
                String base = dockerfileOf(build).finalBaseImage();
                assertTrue(base.startsWith("eclipse-temurin:17-jre"), name + " ships on " + base);
            }
        }
    }

    @Test
    void builtImagesAreTaggedDigitstreamImages() {
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            if (service.has("build")) {
                String image = service.path("image").asText();
                assertTrue(image.matches("digitstream/[a-z-]+:[0-9][\\w.-]*"), name + " builds image '" + image + "'");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RoleSwitches.Deployment.class)
    void bothDeploymentsOfTheServiceImageSetRealConfigKeys(RoleSwitches.Deployment deployment) {
        InferenceServiceConfig config = InferenceServiceConfig.load();
        JsonNode service = compose.service(deployment.serviceName());
        Map<String, String> environment = ComposeFile.environment(service);
        assertFalse(environment.isEmpty());
        List<String> unknown = environment.keySet().stream()
                .filter(name -> !PROCESS_ENVIRONMENT.contains(name) && !config.hasKeyForEnvironmentVariable(name))
                .toList();
        assertEquals(List.of(), unknown, deployment.serviceName() + ": environment variables that no key of "
                + InferenceServiceConfig.PROPERTIES + " maps to");
        assertEquals(config.value("quarkus.http.port"), containerPort(service), deployment.serviceName());
        assertEquals(compose.service(INFERENCE).path("image").asText(), service.path("image").asText(),
                "both deployments run the image the inference-service service builds");
    }

    /**
     * The one image runs as two services: inference-service with live metrics switched off, live-metrics with
     * inference switched off, neither with both off. Only inference-service needs the trainer's models.
     */
    @Test
    void theServiceImageRunsAsAnInferenceAndALiveMetricsService() {
        InferenceServiceConfig config = InferenceServiceConfig.load();
        Set<String> running = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            if (!service.path("image").asText().split(":")[0].equals(SERVICE_IMAGE)) {
                continue;
            }
            running.add(name);
            Map<String, String> environment = ComposeFile.environment(service);
            if (!name.equals(INFERENCE) && !name.equals(LIVE_METRICS)) {
                problems.add(name + " runs " + SERVICE_IMAGE + " but is neither " + INFERENCE + " nor " + LIVE_METRICS);
                continue;
            }
            RoleSwitches.Deployment deployment = name.equals(INFERENCE) ? RoleSwitches.Deployment.INFERENCE
                    : RoleSwitches.Deployment.LIVE_METRICS;
            problems.addAll(RoleSwitches.problems(ComposeFile.FILE + " service " + name, deployment, config,
                    environment, new Properties()));
        }
        assertEquals(List.of(), problems);
        assertEquals(Set.of(INFERENCE, LIVE_METRICS), running);
        assertTrue(compose.service(INFERENCE).has("build"), "inference-service builds the image");
        assertFalse(compose.service(LIVE_METRICS).has("build"), "live-metrics uses that image; building it twice "
                + "could leave the two services on different builds");

        // The models: the trainer writes them into a volume that inference-service mounts and live-metrics does not.
        JsonNode trainer = compose.service("trainer");
        List<String> trainerArguments = new ArrayList<>();
        trainer.path("command").forEach(argument -> trainerArguments.add(argument.asText()));
        String models = volumeSourceAt(trainer, trainerArguments.get(trainerArguments.indexOf("--output") + 1));
        JsonNode inference = compose.service(INFERENCE);
        String modelsDir = ComposeFile.environment(inference).getOrDefault("DIGITSTREAM_MODELS_DIR",
                Dockerfile.parse(Repo.path("deploy/docker/inference-service.Dockerfile")).environment()
                        .get("DIGITSTREAM_MODELS_DIR"));
        assertEquals(models, volumeSourceAt(inference, modelsDir), "inference-service reads what the trainer writes");
        assertEquals("service_completed_successfully",
                inference.path("depends_on").path("trainer").path("condition").asText(),
                "inference-service starts once the models are trained");
        JsonNode liveMetrics = compose.service(LIVE_METRICS);
        for (JsonNode volume : liveMetrics.path("volumes")) {
            assertFalse(volume.asText().split(":")[0].equals(models), "live-metrics loads no models, so it mounts no "
                    + "models volume: " + volume.asText());
        }
        assertTrue(liveMetrics.path("depends_on").path("trainer").isMissingNode()
                && !arrayForm(liveMetrics.path("depends_on")).toString().contains("\"trainer\""),
                "live-metrics needs no models and must not wait for the trainer");

        // The load starts once both are ready: predictions are made and scored from the first image on.
        JsonNode simulator = compose.service("simulator").path("depends_on");
        for (String name : List.of(INFERENCE, LIVE_METRICS)) {
            assertEquals("service_healthy", simulator.path(name).path("condition").asText(), "simulator waits for " + name);
        }
    }

    @Test
    void commandsUseOnlyOptionsAndEnvironmentTheCliAccepts() throws IOException {
        int checked = 0;
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            if (!service.has("build")) {
                continue;
            }
            Dockerfile dockerfile = dockerfileOf(service.path("build"));
            List<String> entrypoint = dockerfile.execCommand();
            int jarIndex = entrypoint.indexOf("-jar");
            String jarName = Path.of(entrypoint.get(jarIndex + 1)).getFileName().toString();
            String jar = dockerfile.contextCopySources().stream().filter(source -> source.endsWith("/" + jarName))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": no COPY brings " + jarName));
            if (jarName.equals("quarkus-run.jar")) {
                continue;
            }
            List<String> arguments = new ArrayList<>(entrypoint.subList(jarIndex + 2, entrypoint.size()));
            service.path("command").forEach(argument -> arguments.add(argument.asText()));
            Set<String> unknown = new TreeSet<>(CliOptions.used(arguments));
            unknown.removeAll(CliOptions.of(jar));
            assertEquals(Set.of(), unknown, name + ": options that " + jar + " --help does not list");
            assertEnvironmentIsReadBy(name, service, jar.substring(0, jar.indexOf('/')));
            checked++;
        }
        assertEquals(2, checked, "the trainer and the simulator commands are checked");
    }

    @Test
    void namedVolumesAreDeclaredAndBindMountsExist() {
        Set<String> declared = compose.declaredVolumes();
        Set<String> used = new TreeSet<>();
        for (String name : compose.serviceNames()) {
            for (JsonNode volume : compose.service(name).path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertTrue(Files.exists(Repo.path(source)), name + " mounts " + source + ", which does not exist");
                } else {
                    assertTrue(declared.contains(source), name + " uses undeclared volume " + source);
                    used.add(source);
                }
            }
        }
        assertEquals(declared, used, "declared volumes that no service uses");
    }

    @Test
    void publishedHostPortsAreUniqueAndTheInferenceServiceCanBeScaled() {
        Map<String, String> hostPorts = new HashMap<>();
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            assertFalse(service.has("container_name"), name + ": a fixed container_name prevents --scale");
            for (JsonNode port : service.path("ports")) {
                String[] parts = port.asText().split(":");
                if (parts.length > 1) {
                    String owner = hostPorts.put(parts[parts.length - 2], name);
                    assertEquals(null, owner, "host port " + parts[parts.length - 2] + " published twice");
                }
            }
        }
        for (JsonNode port : compose.service(INFERENCE).path("ports")) {
            assertFalse(port.asText().contains(":"), "a fixed host port clashes when the inference service is scaled");
        }
        // The dashboard is served by the live-metrics service, on a host port people can bookmark.
        String dashboard = compose.service(LIVE_METRICS).path("ports").get(0).asText();
        assertTrue(dashboard.split(":").length == 2, "live-metrics publishes the dashboard on a fixed host port: "
                + dashboard);
    }

    @Test
    void dependenciesExistAndWaitForSomethingReal() {
        for (String name : compose.serviceNames()) {
            compose.service(name).path("depends_on").properties().forEach(dependency -> {
                String target = dependency.getKey();
                assertTrue(compose.serviceNames().contains(target), name + " depends on unknown " + target);
                String condition = dependency.getValue().path("condition").asText("service_started");
                assertTrue(DEPENDS_ON_CONDITIONS.contains(condition), name + ": condition " + condition);
                if (condition.equals("service_healthy")) {
                    assertTrue(compose.service(target).has("healthcheck"), target + " has no healthcheck to wait for");
                }
            });
            for (JsonNode dependency : arrayForm(compose.service(name).path("depends_on"))) {
                assertTrue(compose.serviceNames().contains(dependency.asText()), name + " depends on " + dependency);
            }
        }
        for (String name : List.of(INFERENCE, LIVE_METRICS)) {
            String readiness = compose.service(name).path("healthcheck").path("test").toString();
            assertTrue(readiness.contains("/q/health/ready"), "the " + name + " healthcheck asks the readiness endpoint");
        }
    }

    @Test
    void topicInitCreatesEveryTopicWithCoPartitionedJoinInputs() {
        String script = compose.service("topic-init").path("command").get(0).asText();
        Map<String, String> partitions = new LinkedHashMap<>();
        Matcher create = CREATE_TOPIC.matcher(script);
        while (create.find()) {
            partitions.put(create.group(1), create.group(2));
        }
        assertEquals(Set.copyOf(io.digitstream.kafka.embedded.DigitStreamTopics.ALL), partitions.keySet());
        assertTrue(script.contains("create " + Topics.REVIEW_ANSWERS + " 3 cleanup.policy=compact"),
                "reviewers' answers are compacted: the latest answer per scan is kept");
        // The metrics topology merges predictions and labels by image id: equal partition counts keep an id together.
        assertEquals(partitions.get(Topics.PREDICTIONS), partitions.get(Topics.LABELS));
        // And field readings with field labels by field id, in the same sub-topology as the two above.
        assertEquals(partitions.get(Topics.PREDICTIONS), partitions.get(Topics.FIELD_READINGS));
        assertEquals(partitions.get(Topics.PREDICTIONS), partitions.get(Topics.FIELD_LABELS));
    }

    @Test
    void oneBrokerByDefault() {
        List<JsonNode> brokers = brokers(compose, Set.of());
        assertEquals(1, brokers.size(), "brokers without a profile");
        assertQuorum(compose, brokers);
    }

    @Test
    void threeBrokerProfileFormsAQuorumOfThree() {
        Map<String, String> environment = ComposeFile.envFile(Repo.existing(THREE_BROKERS_ENV, "the 3-broker env file"));
        Set<String> unused = new TreeSet<>(environment.keySet());
        unused.removeAll(ComposeFile.variables(ComposeFile.text()));
        unused.remove("COMPOSE_PROFILES");
        assertEquals(Set.of(), unused, THREE_BROKERS_ENV + " sets variables the compose file does not use");
        ComposeFile three = ComposeFile.load(environment);
        List<JsonNode> brokers = brokers(three, Set.of(environment.get("COMPOSE_PROFILES").split(",")));
        assertEquals(3, brokers.size());
        assertQuorum(three, brokers);
        JsonNode any = brokers.get(0);
        int replication = Integer.parseInt(ComposeFile.environment(any).get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
        int minIsr = Integer.parseInt(ComposeFile.environment(any).get("KAFKA_MIN_INSYNC_REPLICAS"));
        assertEquals(3, replication);
        assertTrue(minIsr < replication, "one broker may be down without stopping writes");
        for (String name : List.of(INFERENCE, LIVE_METRICS)) {
            String bootstrap = ComposeFile.environment(three.service(name)).get("KAFKA_BOOTSTRAP_SERVERS");
            assertEquals(3, bootstrap.split(",").length, name + " knows every broker: " + bootstrap);
        }
    }

    /**
     * One job per deployment, named after it, that finds every replica through Docker's DNS: the dashboards tell the
     * deployments apart by the job label (KubernetesManifestsTest checks the PodMonitors give the same names).
     */
    @Test
    void prometheusScrapesEveryReplicaOfBothDeploymentsAndItsConfigIsValid() throws IOException {
        Path config = bindMountSource(compose.service("prometheus"), "/etc/prometheus/prometheus.yml");
        JsonNode prometheus = YamlTrees.parse(Files.readString(config));
        for (String name : List.of(INFERENCE, LIVE_METRICS)) {
            JsonNode job = findJob(prometheus, name);
            assertEquals("/q/metrics", job.path("metrics_path").asText());
            JsonNode discovery = job.path("dns_sd_configs").get(0);
            assertEquals("[\"" + name + "\"]", discovery.path("names").toString(), "job " + name + " scrapes only " + name);
            assertEquals(containerPort(compose.service(name)), discovery.path("port").asText());
        }
        Processes.Result check = Processes.run(List.of(PrometheusServer.tool("promtool"), "check", "config",
                config.toString()), Repo.root(), 60);
        assertEquals(0, check.exitCode(), check.output());
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheSharedDashboards() throws IOException {
        JsonNode grafana = compose.service("grafana");
        Path provisioning = bindMountSource(grafana, "/etc/grafana/provisioning");
        JsonNode datasource = YamlTrees.parse(Files.readString(provisioning.resolve("datasources/prometheus.yml")))
                .path("datasources").get(0);
        assertEquals("http://prometheus:9090", datasource.path("url").asText());
        assertTrue(compose.serviceNames().contains("prometheus"));
        JsonNode provider = YamlTrees.parse(Files.readString(provisioning.resolve("dashboards/digit-stream.yml")))
                .path("providers").get(0);
        String dashboardsInContainer = provider.path("options").path("path").asText();
        Path dashboards = bindMountSource(grafana, dashboardsInContainer);
        assertEquals(Repo.path(GrafanaDashboards.DIRECTORY), dashboards);
        String home = ComposeFile.environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertTrue(home.startsWith(dashboardsInContainer + "/"));
        assertTrue(Files.isRegularFile(dashboards.resolve(home.substring(dashboardsInContainer.length() + 1))), home);
    }

    @Test
    void everyBrokerIsReachableFromTheHostAtItsOwnAdvertisedAddress() {
        ComposeFile threeBrokers = ComposeFile.load(
                ComposeFile.envFile(Repo.existing(THREE_BROKERS_ENV, "the 3-broker env file")));
        Set<String> addresses = new TreeSet<>();
        for (String name : List.of("kafka-1", "kafka-2", "kafka-3")) {
            JsonNode broker = threeBrokers.service(name);
            String advertised = ComposeFile.environment(broker).get("KAFKA_ADVERTISED_LISTENERS");
            Matcher external = Pattern.compile("EXTERNAL://localhost:(\\d+)")
                    .matcher(advertised);
            assertTrue(external.find(), name + " advertises no address for the host: " + advertised);
            String port = external.group(1);
            assertTrue(ComposeFile.environment(broker).get("KAFKA_LISTENERS").contains("EXTERNAL://:" + port), name);
            assertTrue(arrayForm(broker.path("ports")).stream().anyMatch(p -> p.asText().equals(port + ":" + port)),
                    name + " does not publish " + port);
            addresses.add(port);
        }
        assertEquals(3, addresses.size(), "one host port per broker");
    }

    @Test
    void theTrainerRunsOnThePlatformOfItsNativeLibrary() throws IOException {
        Matcher classifier = Pattern.compile("<artifactId>pytorch-native-cpu</artifactId>\\s*<classifier>linux-([^<]+)"
                + "</classifier>").matcher(Files.readString(Repo.path("trainer/pom.xml")));
        assertTrue(classifier.find(), "the trainer's PyTorch native library names its platform");
        String platform = "linux/" + Map.of("x86_64", "amd64", "aarch64", "arm64").get(classifier.group(1));
        JsonNode trainer = compose.service("trainer");
        assertEquals(platform, trainer.path("platform").asText());
        assertEquals(List.of(platform), arrayForm(trainer.path("build").path("platforms")).stream()
                .map(JsonNode::asText).toList());
    }

    @Test
    void grafanaHasNoDefaultPasswordAndNoAnonymousAccess() {
        JsonNode grafana = compose.service("grafana");
        Map<String, String> environment = ComposeFile.environment(grafana);
        assertFalse(environment.containsKey("GF_SECURITY_ADMIN_PASSWORD"), "a password in the file is everyone's");
        assertEquals("false", environment.get("GF_AUTH_ANONYMOUS_ENABLED"));
        assertEquals("false", environment.get("GF_USERS_ALLOW_SIGN_UP"));
        // The password file is made before Grafana starts, on a volume both mount.
        String file = environment.get("GF_SECURITY_ADMIN_PASSWORD__FILE");
        String maker = "grafana-password";
        assertEquals("service_completed_successfully",
                grafana.path("depends_on").path(maker).path("condition").asText());
        assertTrue(compose.service(maker).path("entrypoint").toString().contains(file), "it writes " + file);
        String directory = file.substring(0, file.lastIndexOf('/'));
        String volume = null;
        for (JsonNode mount : compose.service(maker).path("volumes")) {
            if (mount.asText().endsWith(":" + directory)) {
                volume = mount.asText().substring(0, mount.asText().indexOf(':'));
            }
        }
        assertTrue(volume != null, maker + " mounts no volume at " + directory);
        String shared = volume;
        assertTrue(arrayForm(grafana.path("volumes")).stream().anyMatch(mount -> mount.asText().startsWith(shared + ":"
                + directory)), "grafana mounts " + shared);
    }

    /** A CLI reads environment variables only through picocli defaults such as {@code ${env:NAME}}. */
    private static void assertEnvironmentIsReadBy(String name, JsonNode service, String module) throws IOException {
        String sources;
        try (Stream<Path> files = Files.walk(Repo.path(module + "/src/main/java"))) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                text.append(Files.readString(file));
            }
            sources = text.toString();
        }
        for (String variable : ComposeFile.environment(service).keySet()) {
            boolean read = sources.contains("${env:" + variable + "}") || sources.contains("${env:" + variable + ":-");
            assertTrue(PROCESS_ENVIRONMENT.contains(variable) || read,
                    name + " sets " + variable + ", which " + module + " never reads");
        }
    }

    private static List<JsonNode> brokers(ComposeFile compose, Set<String> activeProfiles) {
        List<JsonNode> brokers = new ArrayList<>();
        for (String name : compose.serviceNames()) {
            JsonNode service = compose.service(name);
            boolean active = service.path("profiles").isEmpty()
                    || arrayForm(service.path("profiles")).stream().anyMatch(p -> activeProfiles.contains(p.asText()));
            if (active && ComposeFile.environment(service).containsKey("KAFKA_NODE_ID")) {
                brokers.add(service);
            }
        }
        return brokers;
    }

    /** Every active broker votes, and every voter is an active broker with that node id and a controller listener. */
    private static void assertQuorum(ComposeFile compose, List<JsonNode> brokers) {
        Map<String, String> nodeIdByHost = new HashMap<>();
        for (JsonNode broker : brokers) {
            Map<String, String> environment = ComposeFile.environment(broker);
            assertEquals("apache/kafka", broker.path("image").asText().split(":")[0]);
            nodeIdByHost.put(broker.path("hostname").asText(), environment.get("KAFKA_NODE_ID"));
        }
        for (JsonNode broker : brokers) {
            Map<String, String> environment = ComposeFile.environment(broker);
            Map<String, String> voters = new HashMap<>();
            Matcher voter = VOTER.matcher(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
            while (voter.find()) {
                voters.put(voter.group(2), voter.group(1));
                assertTrue(environment.get("KAFKA_LISTENERS").contains("CONTROLLER://:" + voter.group(3)));
            }
            assertEquals(nodeIdByHost, voters, "quorum voters of " + broker.path("hostname").asText());
        }
    }

    private static JsonNode findJob(JsonNode prometheus, String jobName) {
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if (job.path("job_name").asText().equals(jobName)) {
                return job;
            }
        }
        throw new AssertionError("prometheus.yml has no job " + jobName);
    }

    private static Path bindMountSource(JsonNode service, String target) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(target) && parts[0].startsWith(".")) {
                return Repo.path(parts[0]);
            }
        }
        throw new AssertionError("no bind mount at " + target + " in " + service.path("volumes"));
    }

    /** The named volume mounted at {@code target}. */
    private static String volumeSourceAt(JsonNode service, String target) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return parts[0];
            }
        }
        throw new AssertionError("nothing is mounted at " + target + " in " + service.path("volumes"));
    }

    private static String containerPort(JsonNode service) {
        String port = service.path("ports").get(0).asText();
        return port.substring(port.lastIndexOf(':') + 1);
    }

    private static Dockerfile dockerfileOf(JsonNode build) {
        return Dockerfile.parse(Repo.path(build.path("context").asText(".")).resolve(build.path("dockerfile").asText()));
    }

    private static List<JsonNode> arrayForm(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        }
        return items;
    }

    /** The '!path' lines of a Dockerfile-specific ignore file that starts by excluding everything. */
    private static List<String> reincludedPaths(Path ignoreFile) throws IOException {
        if (!Files.exists(ignoreFile)) {
            return List.of("");
        }
        List<String> lines = Files.readAllLines(ignoreFile).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertEquals("*", lines.get(0), ignoreFile + " should start by excluding everything");
        return lines.stream().filter(line -> line.startsWith("!")).map(line -> line.substring(1)).toList();
    }
}
