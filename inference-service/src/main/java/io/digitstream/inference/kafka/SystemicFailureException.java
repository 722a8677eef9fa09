package io.digitstream.inference.kafka;

/** The service cannot process even a known-good image: its batch is retried later, never dead-lettered. */
public class SystemicFailureException extends Exception {

    public SystemicFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
