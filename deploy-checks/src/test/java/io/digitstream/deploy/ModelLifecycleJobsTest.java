package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The on-demand model lifecycle Jobs (k8s/jobs: a new version as the challenger, a promotion) are valid API objects,
 * run the trainer exactly as the base trainer Job does (same pod security, same models claim, same caches), and do
 * what their names say; the service waits for the store's pointer.
 */
class ModelLifecycleJobsTest {

    private final List<JsonNode> jobs = java.util.stream.Stream.of("k8s/jobs/train-challenger", "k8s/jobs/promote-model")
            .flatMap(job -> Kustomize.render(job).stream()).toList();
    private final JsonNode trainer = Kustomize.named(Kustomize.render("k8s/overlays/prod"), "Job", "trainer");

    @Test
    void bothJobsAreValidAndRunTheTrainerPodAsTheBaseJobDoes() {
        assertEquals(List.of("promote-model", "trainer-challenger"),
                jobs.stream().map(Kustomize::name).sorted().toList());
        List<String> problems = new ArrayList<>();
        jobs.forEach(job -> problems.addAll(BuiltInKindsTest.violations(job)));
        assertEquals(List.of(), problems);
        for (JsonNode job : jobs) {
            JsonNode pod = job.path("spec").path("template").path("spec");
            JsonNode trainerPod = trainer.path("spec").path("template").path("spec");
            assertEquals(trainerPod.path("securityContext"), pod.path("securityContext"), Kustomize.name(job));
            assertEquals(trainerPod.path("volumes"), pod.path("volumes"), Kustomize.name(job));
            assertEquals(trainerPod.path("containers").get(0).path("securityContext"),
                    pod.path("containers").get(0).path("securityContext"), Kustomize.name(job));
            assertEquals(trainerPod.path("containers").get(0).path("volumeMounts"),
                    pod.path("containers").get(0).path("volumeMounts"), Kustomize.name(job));
            assertEquals(trainerPod.path("containers").get(0).path("image"), pod.path("containers").get(0).path("image"));
        }
    }

    @Test
    void theTrainingJobWritesAChallengerAndThePromotionJobChangesOnlyThePointer() {
        List<String> train = args(Kustomize.named(jobs, "Job", "trainer-challenger"));
        assertTrue(train.containsAll(List.of("--output", "/models", "--activate", "challenger")), train.toString());
        List<String> promote = args(Kustomize.named(jobs, "Job", "promote-model"));
        assertEquals(List.of("models", "$(MODEL_ACTION)", "$(MODEL_VERSION)", "--store", "/models"), promote);
        List<String> env = new ArrayList<>();
        Kustomize.named(jobs, "Job", "promote-model").path("spec").path("template").path("spec").path("containers").get(0)
                .path("env").forEach(variable -> env.add(variable.path("name").asText()));
        assertTrue(env.containsAll(List.of("MODEL_ACTION", "MODEL_VERSION")), env.toString());
    }

    /**
     * Closing the loop in every overlay: a suspended Job that learns from reviewed scans as Kafka user {@code trainer},
     * makes a challenger, and may reach only Kafka and DNS.
     */
    @Test
    void learningFromReviewsIsASuspendedJobThatMakesAChallengerFromTheAnswersTopic() {
        for (String overlay : Kustomize.overlays()) {
            List<JsonNode> documents = Kustomize.render(overlay);
            JsonNode job = Kustomize.named(documents, "Job", "learn-from-reviews");
            assertTrue(job.path("spec").path("suspend").asBoolean(), overlay + ": created suspended, run on demand");
            List<String> args = args(job);
            assertEquals("digits.review-answers", args.get(args.indexOf("--from-topic") + 1), overlay);
            assertEquals("challenger", args.get(args.indexOf("--activate") + 1), overlay);
            assertTrue(args.get(args.indexOf("--bootstrap-servers") + 1).endsWith(":9093"), overlay + ": the SCRAM listener");
            JsonNode policy = Kustomize.named(documents, "NetworkPolicy", "learn-from-reviews");
            assertEquals("learn-from-reviews", policy.path("spec").path("podSelector").path("matchLabels")
                    .path("app.kubernetes.io/name").asText());
            assertEquals(job.path("spec").path("template").path("metadata").path("labels").path("app.kubernetes.io/name")
                    .asText(), "learn-from-reviews", overlay + ": the policy selects the Job's pods");
            List<Integer> ports = new ArrayList<>();
            policy.path("spec").path("egress").forEach(rule -> rule.path("ports").forEach(port -> ports.add(port.path("port").asInt())));
            assertEquals(List.of(9093, 53, 53), ports, overlay + ": Kafka and DNS only");
            assertTrue(policy.path("spec").path("ingress").isMissingNode() || policy.path("spec").path("ingress").isEmpty(),
                    overlay + ": nothing may connect to it");
        }
    }

    @Test
    void theServiceWaitsForTheModelStoresPointer() {
        JsonNode deployment = Kustomize.named(Kustomize.render("k8s/overlays/prod"), "Deployment", "inference-service");
        String wait = deployment.path("spec").path("template").path("spec").path("initContainers").get(0)
                .path("command").toString();
        assertTrue(wait.contains("/models/active.json"), wait);
    }

    private static List<String> args(JsonNode job) {
        List<String> args = new ArrayList<>();
        job.path("spec").path("template").path("spec").path("containers").get(0).path("args")
                .forEach(arg -> args.add(arg.asText()));
        return args;
    }
}
