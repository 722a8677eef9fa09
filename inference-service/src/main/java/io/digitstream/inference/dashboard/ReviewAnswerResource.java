package io.digitstream.inference.dashboard;

import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.ReviewAnswer;
import io.digitstream.schemas.ReviewItem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/review/{id}/answer}: a reviewer says which digit a flagged scan shows ({@code {"digit": 7}}), which
 * digits a flagged form field holds ({@code {"value": "75012"}}), or that it shows none ({@code {"notADigit": true}}).
 * The answer is published with its review item (so it stays with the scan for training) and, for a digit or a value,
 * as a label (so the live metrics count it), then the item leaves the queue.
 */
@Path("/api/review/{id}/answer")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewAnswerResource {

    /**
     * The request body: exactly one of the three; {@code value} answers a form field's item, {@code digit} a digit's.
     * {@code value} is read as any JSON value so a number can be refused: 00123 as a number would lose its zeros.
     */
    public record AnswerRequest(Integer digit, Boolean notADigit, Object value) {
    }

    private static final Pattern FIELD_VALUE = Pattern.compile("[0-9]{1," + FieldImage.MAX_DIGITS + "}");

    private static final Logger LOG = Logger.getLogger(ReviewAnswerResource.class);
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final String ANONYMOUS = "anonymous";

    private final ReviewQueue queue;
    private final ReviewAnswerPublisher publisher;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();
    /** Ids whose answer is being published: a second answer for one of them waits for the first's outcome. */
    private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ReviewAnswerResource(ReviewQueue queue, ReviewAnswerPublisher publisher, SecurityIdentity identity) {
        this.queue = queue;
        this.publisher = publisher;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response answer(@PathParam("id") String id, AnswerRequest request) {
        if (!EVENT_ID.matcher(id).matches()) {
            return error(Response.Status.BAD_REQUEST, "not an image id: 1 to 128 letters, digits, '.', '_', ':' or '-'");
        }
        boolean notADigit = request != null && Boolean.TRUE.equals(request.notADigit());
        Integer digit = request == null ? null : request.digit();
        Object given = request == null ? null : request.value();
        if (given != null && !(given instanceof String)) {
            return error(Response.Status.BAD_REQUEST, "value must be a JSON string of digits, e.g. \"00123\" (a number"
                    + " would lose leading zeros)");
        }
        String value = (String) given;
        if ((notADigit ? 1 : 0) + (digit != null ? 1 : 0) + (value != null ? 1 : 0) != 1) {
            return error(Response.Status.BAD_REQUEST, "answer with exactly one of {\"digit\": 0..9}, {\"value\":"
                    + " \"12345\"} (a form field's digits) or {\"notADigit\": true}");
        }
        if (digit != null && (digit < 0 || digit > 9)) {
            return error(Response.Status.BAD_REQUEST, "digit must be 0 to 9 but was " + digit);
        }
        if (value != null && !FIELD_VALUE.matcher(value).matches()) {
            return error(Response.Status.BAD_REQUEST, "value must be 1 to " + FieldImage.MAX_DIGITS
                    + " digits 0-9, the field's digits left to right");
        }
        if (!inFlight.add(id)) {
            return error(Response.Status.CONFLICT, "an answer for image " + id + " is being saved; reload the queue");
        }
        try {
            return answer(id, digit, value, notADigit);
        } finally {
            inFlight.remove(id);
        }
    }

    private Response answer(String id, Integer digit, String value, boolean notADigit) {
        Optional<ReviewItem> item = queue.waiting(id);
        if (item.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "image " + id + " is not waiting in the review queue (answered"
                    + " already, or older than the newest 16 MiB of review items this dashboard keeps)");
        }
        if (digit != null && item.get().isField() || value != null && !item.get().isField()) {
            return error(Response.Status.BAD_REQUEST, item.get().isField()
                    ? id + " is a form field: answer with {\"value\": \"<its digits>\"} or {\"notADigit\": true}"
                    : id + " is a single digit: answer with {\"digit\": 0..9} or {\"notADigit\": true}");
        }
        String reviewer = identity == null || identity.isAnonymous() ? ANONYMOUS : identity.getPrincipal().getName();
        ReviewAnswer answer = notADigit ? ReviewAnswer.notADigit(reviewer, clock.instant(), item.get())
                : value != null ? ReviewAnswer.value(value, reviewer, clock.instant(), item.get())
                : ReviewAnswer.digit(digit, reviewer, clock.instant(), item.get());
        try {
            publisher.publish(answer);
        } catch (RuntimeException e) {
            LOG.errorf("The answer for image %s could not be published; it stays in the queue: %s", id, e.toString());
            return error(Response.Status.SERVICE_UNAVAILABLE, "the answer could not be saved to Kafka; try again");
        }
        queue.answered(id);
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("id", id);
        if (notADigit) {
            saved.put("notADigit", Boolean.TRUE);
        } else if (value != null) {
            saved.put("value", value);
        } else {
            saved.put("digit", digit);
        }
        saved.put("reviewer", reviewer);
        saved.put("labelPublished", !notADigit);
        return Response.ok(saved).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
