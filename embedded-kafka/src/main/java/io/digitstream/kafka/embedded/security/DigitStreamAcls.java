package io.digitstream.kafka.embedded.security;

import io.digitstream.schemas.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * The least each principal needs, with the default topic, group, transactional id and Streams application names. The
 * one list the secured embedded broker applies, that docs/security.md documents and that the Strimzi
 * {@code KafkaUser} resources in k8s/ grant (deploy-checks compares them). Read and Write imply Describe.
 */
public final class DigitStreamAcls {
    /** The service's consumer group, and the prefix of its live-metrics and dashboard groups and transactional ids. */
    public static final String SERVICE_GROUP = "inference-service";
    /** The Kafka Streams application id of the live metrics: its group, transactional ids and internal topics. */
    public static final String METRICS_APPLICATION = "digit-stream-metrics";
    /** The prefix of the simulator's per-run consumer groups. */
    public static final String SIMULATOR_GROUP_PREFIX = "digit-stream-simulator-";

    private DigitStreamAcls() {
    }

    /** One allow rule: {@code principal} may do {@code operation} on the resource(s) named or prefixed. */
    public record Grant(String principal, ResourceType resource, String name, PatternType pattern,
            AclOperation operation) {

        public AclBinding binding() {
            return new AclBinding(new ResourcePattern(resource, name, pattern),
                    new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    public static List<Grant> all() {
        List<Grant> grants = new ArrayList<>();
        grants.addAll(inferenceService());
        grants.addAll(simulator());
        grants.addAll(trainer());
        return List.copyOf(grants);
    }

    /** Both roles of the service: inference and live metrics (with its dashboard). */
    public static List<Grant> inferenceService() {
        String user = KafkaPrincipals.INFERENCE_SERVICE;
        List<Grant> grants = new ArrayList<>();
        // Inference: images in; predictions, review items and dead letters out, in transactions.
        grants.add(topic(user, Topics.IMAGES, AclOperation.READ));
        grants.add(topic(user, Topics.PREDICTIONS, AclOperation.WRITE));
        grants.add(topic(user, Topics.REVIEW, AclOperation.WRITE));
        grants.add(topic(user, Topics.DLQ, AclOperation.WRITE));
        // Form fields: read by the same consumer (one group, one transaction per batch), readings out.
        grants.add(topic(user, Topics.FIELDS, AclOperation.READ));
        grants.add(topic(user, Topics.FIELD_READINGS, AclOperation.WRITE));
        grants.add(new Grant(user, ResourceType.GROUP, SERVICE_GROUP, PatternType.PREFIXED, AclOperation.READ));
        grants.add(new Grant(user, ResourceType.TRANSACTIONAL_ID, SERVICE_GROUP + "-", PatternType.PREFIXED,
                AclOperation.WRITE));
        // Live metrics: predictions, labels and dead letters in, metrics out; the dashboard reads every topic.
        grants.add(topic(user, Topics.PREDICTIONS, AclOperation.READ));
        grants.add(topic(user, Topics.LABELS, AclOperation.READ));
        grants.add(topic(user, Topics.DLQ, AclOperation.READ));
        grants.add(topic(user, Topics.REVIEW, AclOperation.READ));
        grants.add(topic(user, Topics.METRICS, AclOperation.READ));
        grants.add(topic(user, Topics.METRICS, AclOperation.WRITE));
        grants.add(topic(user, Topics.FIELD_READINGS, AclOperation.READ));
        grants.add(topic(user, Topics.FIELD_LABELS, AclOperation.READ));
        // A reviewer's answer to a doubtful field: its digits to digits.field-labels.
        grants.add(topic(user, Topics.FIELD_LABELS, AclOperation.WRITE));
        // The dashboard's review queue: a reviewer's answer goes to digits.review-answers and, for a digit, to
        // digits.labels; the queue reads the answers back to drop what was answered.
        grants.add(topic(user, Topics.REVIEW_ANSWERS, AclOperation.READ));
        grants.add(topic(user, Topics.REVIEW_ANSWERS, AclOperation.WRITE));
        grants.add(topic(user, Topics.LABELS, AclOperation.WRITE));
        // Kafka Streams creates, reads, writes and trims its changelog and repartition topics.
        grants.add(new Grant(user, ResourceType.TOPIC, METRICS_APPLICATION + "-", PatternType.PREFIXED,
                AclOperation.ALL));
        grants.add(new Grant(user, ResourceType.GROUP, METRICS_APPLICATION, PatternType.LITERAL, AclOperation.READ));
        grants.add(new Grant(user, ResourceType.TRANSACTIONAL_ID, METRICS_APPLICATION + "-", PatternType.PREFIXED,
                AclOperation.WRITE));
        return grants;
    }

    public static List<Grant> simulator() {
        String user = KafkaPrincipals.SIMULATOR;
        return List.of(
                topic(user, Topics.IMAGES, AclOperation.WRITE),
                topic(user, Topics.LABELS, AclOperation.WRITE),
                // It reads the answers back to report latency, accuracy and loss.
                topic(user, Topics.PREDICTIONS, AclOperation.READ),
                topic(user, Topics.DLQ, AclOperation.READ),
                // --source fields: fields and their true strings out, readings back.
                topic(user, Topics.FIELDS, AclOperation.WRITE),
                topic(user, Topics.FIELD_LABELS, AclOperation.WRITE),
                topic(user, Topics.FIELD_READINGS, AclOperation.READ),
                new Grant(user, ResourceType.GROUP, SIMULATOR_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
    }

    /**
     * The trainer learning from reviewed scans: it reads the answers and, for a scan an answer only references, the
     * original image record. It assigns partitions itself and commits nothing, so it needs no group.
     */
    public static List<Grant> trainer() {
        String user = KafkaPrincipals.TRAINER;
        return List.of(
                topic(user, Topics.REVIEW_ANSWERS, AclOperation.READ),
                topic(user, Topics.IMAGES, AclOperation.READ));
    }

    private static Grant topic(String principal, String topic, AclOperation operation) {
        return new Grant(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, operation);
    }
}
