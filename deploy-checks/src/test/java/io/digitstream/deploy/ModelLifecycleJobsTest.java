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
