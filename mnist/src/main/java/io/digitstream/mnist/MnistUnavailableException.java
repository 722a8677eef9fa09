package io.digitstream.mnist;

import java.io.IOException;

/** No enabled source could supply an MNIST file; the message lists what was tried and why each step failed. */
public class MnistUnavailableException extends IOException {
    public MnistUnavailableException(String message) {
        super(message);
    }

    public MnistUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
