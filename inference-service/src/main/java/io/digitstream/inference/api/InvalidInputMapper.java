package io.digitstream.inference.api;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.InvalidEventException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Invalid input answers 4xx with the same reason code the Kafka path writes to the DLQ. The detail is the problems
 * found, without the deserialiser's preamble naming a topic the request never came from.
 */
public class InvalidInputMapper {

    /** The JSON body of a refused request. */
    public record Problem(String reason, String detail) {
    }

    @ServerExceptionMapper
    public Response refuse(InvalidEventException e) {
        Response.Status status = e.reason() == DlqReason.PAYLOAD_TOO_LARGE || e.reason() == DlqReason.IMAGE_TOO_LARGE
                ? Response.Status.REQUEST_ENTITY_TOO_LARGE
                : Response.Status.BAD_REQUEST;
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new Problem(e.reason().code(), String.join("; ", e.problems())))
                .build();
    }
}
