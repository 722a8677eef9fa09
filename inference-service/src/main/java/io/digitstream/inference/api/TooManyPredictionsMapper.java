package io.digitstream.inference.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A prediction over the concurrency limit answers 429 with Retry-After, in the same JSON shape as invalid input. */
public class TooManyPredictionsMapper {

    /** The reason code of the body; not a DLQ reason, as nothing about the input is wrong. */
    static final String REASON = "too-many-requests";
    /**
     * A prediction takes milliseconds to tens of milliseconds, so a slot is normally free again well within a second;
     * a client that still finds none is talking to a saturated instance and should keep backing off.
     */
    static final int RETRY_AFTER_SECONDS = 1;

    @ServerExceptionMapper
    public Response refuse(TooManyPredictionsException e) {
        return Response.status(Response.Status.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .type(MediaType.APPLICATION_JSON)
                .entity(new InvalidInputMapper.Problem(REASON, e.getMessage()))
                .build();
    }
}
