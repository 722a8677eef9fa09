package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in kind the overlays render is read into its Kubernetes API type (fabric8's model, generated from the
 * Kubernetes OpenAPI schemas): a value of the wrong type fails to read, and a field the API does not have lands in
 * the type's catch-all {@code additionalProperties}, which must stay empty everywhere in the tree, as the API
 * server's strict field validation would refuse it. Custom resources are CustomResourceSchemaTest's.
 */
class BuiltInKindsTest {
    private static final Map<String, Class<?>> TYPES = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "batch/v1 Job", Job.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 PersistentVolumeClaim", PersistentVolumeClaim.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
    private static final CustomResourceSchemas CUSTOM = CustomResourceSchemas.load();
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyBuiltInResourceIsAValidApiObject(String overlay) {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (JsonNode resource : Kustomize.render(overlay)) {
            if (CUSTOM.coversGroupOf(resource)) {
                continue;
            }
            checked++;
            problems.addAll(violations(resource));
        }
        assertTrue(checked >= 12, overlay + ": only " + checked + " built-in resources");
        assertEquals(List.of(), problems, overlay);
    }

    @Test
    void theCheckRefusesUnknownFieldsWrongTypesAndUnknownKinds() {
        JsonNode deployment = Kustomize.named(Kustomize.render("k8s/overlays/prod"), "Deployment", "inference-service");
        assertEquals(List.of(), violations(deployment));

        ObjectNode misspelled = deployment.deepCopy();
        ObjectNode container = (ObjectNode) misspelled.path("spec").path("template").path("spec").path("containers").get(0);
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertFalse(violations(misspelled).isEmpty(), "a misspelled container field");

        ObjectNode deep = deployment.deepCopy();
        ((ObjectNode) deep.path("spec").path("template").path("spec").path("securityContext")).put("runAsNonroot", true);
        assertFalse(violations(deep).isEmpty(), "a misspelled field deep in the pod spec");

        ObjectNode wrongType = deployment.deepCopy();
        ((ObjectNode) wrongType.path("spec").path("template").path("spec")).put("terminationGracePeriodSeconds", "a minute");
        assertFalse(violations(wrongType).isEmpty(), "a string for an integer");

        ObjectNode unknownKind = deployment.deepCopy();
        unknownKind.put("apiVersion", "extensions/v1beta1");
        assertFalse(violations(unknownKind).isEmpty(), "an API version Kubernetes no longer serves");
    }

    static List<String> violations(JsonNode resource) {
        String key = resource.path("apiVersion").asText() + " " + resource.path("kind").asText();
        String name = key + " " + Kustomize.name(resource);
        Class<?> type = TYPES.get(key);
        if (type == null) {
            return List.of(name + ": not a kind this check knows (add its API type)");
        }
        Object object;
        try {
            object = MAPPER.treeToValue(resource, type);
        } catch (Exception e) {
            return List.of(name + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, "", unknown);
        return unknown.stream().map(field -> name + ": unknown field " + field).toList();
    }

    /** Every non-empty {@code additionalProperties} in the object tree, by path. */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknownFields(item, path + "." + key, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(getter.toString(), e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
                continue;
            }
            collectUnknownFields(child, path + "." + decapitalize(getter.getName().substring(3)), unknown);
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
