package io.digitstream.kafka.embedded.security;

import java.util.List;

/**
 * The Kafka users of digit-stream. The broker and the admin are super users (the admin creates topics and ACLs);
 * the inference service, the simulator and the trainer get only the ACLs {@link DigitStreamAcls} lists.
 */
public final class KafkaPrincipals {
    /** The broker itself, on its inter-broker and controller connections. */
    public static final String BROKER = "kafka-broker";
    /** Topic and ACL administration, and the test and fault harnesses' observers. */
    public static final String ADMIN = "admin";
    public static final String INFERENCE_SERVICE = "inference-service";
    public static final String SIMULATOR = "simulator";
    /** The trainer learning from reviewed scans ({@code --from-topic}). */
    public static final String TRAINER = "trainer";

    /** Every user that gets client settings: those who connect as clients. */
    public static final List<String> CLIENTS = List.of(ADMIN, INFERENCE_SERVICE, SIMULATOR, TRAINER);
    public static final List<String> SUPER_USERS = List.of(BROKER, ADMIN);

    private KafkaPrincipals() {
    }
}
