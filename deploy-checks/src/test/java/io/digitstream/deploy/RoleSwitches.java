package io.digitstream.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The two role switches of the inference-service image ({@code io.digitstream.inference.role.DeploymentRoles}) as a
 * deployment sets them, and what each of the two deployments must look like: the inference deployment with live
 * metrics switched off, the live-metrics deployment with inference switched off, never both off (the process would
 * refuse to start). Each deployment switches the other role off in its own environment: a config file shared by both
 * (the Kubernetes ConfigMap) must not carry a switch, or it would turn a role off in both.
 */
final class RoleSwitches {

    static final String INFERENCE_KEY = "digitstream.inference.enabled";
    static final String LIVE_METRICS_KEY = "digitstream.live-metrics.enabled";

    /** The deployments of the image; {@link #name()} is the compose service, Deployment, Service and scrape job. */
    enum Deployment {
        INFERENCE("inference-service"),
        LIVE_METRICS("live-metrics");

        private final String name;

        Deployment(String name) {
            this.name = name;
        }

        String serviceName() {
            return name;
        }
    }

    /** The roles a process ends up with. */
    record Roles(boolean inference, boolean liveMetrics) {
    }

    private RoleSwitches() {
    }

    static String environmentName(String key) {
        return InferenceServiceConfig.environmentName(key);
    }

    /**
     * The roles as MicroProfile Config resolves them: an environment variable wins over the mounted config file
     * ({@code config/application.properties}), which wins over the packaged application.properties.
     */
    static Roles effective(InferenceServiceConfig config, Map<String, String> environment, Properties configFile) {
        return new Roles(effective(INFERENCE_KEY, config, environment, configFile),
                effective(LIVE_METRICS_KEY, config, environment, configFile));
    }

    /**
     * What is wrong with a process of the image that is meant to be {@code deployment}; empty when nothing is. Only
     * the literal values {@code true} and {@code false} count: MicroProfile Config reads anything else it does not
     * know (a typo such as {@code flase}) as false, silently.
     */
    static List<String> problems(String where, Deployment deployment, InferenceServiceConfig config,
            Map<String, String> environment, Properties configFile) {
        List<String> problems = new ArrayList<>();
        for (String key : List.of(INFERENCE_KEY, LIVE_METRICS_KEY)) {
            if (!config.hasKey(key)) {
                problems.add(key + " is no longer a key of " + InferenceServiceConfig.PROPERTIES);
            }
            String variable = environmentName(key);
            if (environment.containsKey(variable) && !literalBoolean(environment.get(variable))) {
                problems.add(where + ": " + variable + "=" + environment.get(variable) + " is neither true nor false");
            }
            if (configFile.containsKey(key)) {
                problems.add(where + ": the shared config file sets " + key + "; set it in the deployment's environment");
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Roles roles = effective(config, environment, configFile);
        if (!roles.inference() && !roles.liveMetrics()) {
            problems.add(where + ": both roles are switched off, the process refuses to start");
            return problems;
        }
        // Not both off, so switching the other role off leaves this deployment's own role on.
        String disabled = environmentName(deployment == Deployment.INFERENCE ? LIVE_METRICS_KEY : INFERENCE_KEY);
        if (!"false".equals(environment.get(disabled))) {
            problems.add(where + ": the " + deployment.serviceName() + " deployment must set " + disabled + "=false ("
                    + (environment.containsKey(disabled) ? "it sets " + environment.get(disabled) : "it does not set it")
                    + ")"
                    + (deployment == Deployment.INFERENCE
                            ? ": otherwise every inference replica also runs the live-metrics topology and dashboard"
                            : ": otherwise it joins the inference group on digits.images and needs the models"));
        }
        return problems;
    }

    private static boolean effective(String key, InferenceServiceConfig config, Map<String, String> environment,
            Properties configFile) {
        String value = environment.get(environmentName(key));
        if (value == null) {
            value = configFile.getProperty(key);
        }
        if (value == null) {
            value = config.value(key);
        }
        if (!literalBoolean(value)) {
            throw new AssertionError(key + " = " + value + " is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }

    private static boolean literalBoolean(String value) {
        return "true".equals(value) || "false".equals(value);
    }
}
