package io.digitstream.inference.model;

/** The manifest or a model file cannot be trusted (missing, unreadable, wrong checksum, wrong tensors). */
public class ModelIntegrityException extends RuntimeException {

    public ModelIntegrityException(String message) {
        super(message);
    }

    public ModelIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
