package io.digitstream.inference.api;

/** Every prediction slot is taken: the request is refused now (429) rather than queued. */
public class TooManyPredictionsException extends Exception {

    public TooManyPredictionsException(int capacity) {
        super(capacity + " predictions are already running, the most this instance runs at once; retry shortly");
    }
}
