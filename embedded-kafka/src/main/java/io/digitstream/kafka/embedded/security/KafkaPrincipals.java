package io.digitstream.kafka.embedded.security;

import java.util.List;

/**
 * The Kafka users of digit-stream. The broker and the admin are super users (the admin creates topics and ACLs);
 * the inference service and the simulator get only the ACLs {@link DigitStreamAcls} lists.
 */
public final class KafkaPrincipals {
    /** The broker itself, on its inter-broker and controller connections. */
    public static final String BROKER = "kafka-broker";
    /** Topic and ACL administration, and the test and fault harnesses' observers. */
    public static final String ADMIN = "admin";
    public static final String INFERENCE_SERVICE = "inference-service";
    public static final String SIMULATOR = "simulator";

    /** Every user that gets client settings: those who connect as clients. */
    public static final List<String> CLIENTS = List.of(ADMIN, INFERENCE_SERVICE, SIMULATOR);
    public static final List<String> SUPER_USERS = List.of(BROKER, ADMIN);

    private KafkaPrincipals() {
    }
}
