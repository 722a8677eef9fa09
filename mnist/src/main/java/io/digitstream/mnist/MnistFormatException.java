package io.digitstream.mnist;

import java.io.IOException;

/** A file is not valid MNIST data: wrong magic number, truncated, bad dimensions or inconsistent counts. */
public class MnistFormatException extends IOException {
    public MnistFormatException(String message) {
        super(message);
    }

    public MnistFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
