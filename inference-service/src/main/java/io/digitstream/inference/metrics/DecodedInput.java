package io.digitstream.inference.metrics;

/**
 * The outcome of decoding one input record: the event, or (when it could not be decoded) the original bytes,
 * which go to the dead-letter topic untouched with the reason in the record headers.
 */
record DecodedInput(ImageEvent event, byte[] rejectedBytes) {

    static DecodedInput accepted(ImageEvent event) {
        return new DecodedInput(event, null);
    }

    static DecodedInput rejected(byte[] originalBytes) {
        return new DecodedInput(null, originalBytes);
    }

    boolean isRejected() {
        return event == null;
    }
}
