package io.digitstream.inference.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * What the dashboard page polls besides {@code /api/metrics/live}: the newest digits, the newest form fields and the
 * review queue.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final RecentDigits recentDigits;
    private final RecentFields recentFields;
    private final ReviewQueue reviewQueue;

    public DashboardResource(RecentDigits recentDigits, RecentFields recentFields, ReviewQueue reviewQueue) {
        this.recentDigits = recentDigits;
        this.recentFields = recentFields;
        this.reviewQueue = reviewQueue;
    }

    @GET
    @Path("/recent")
    public List<RecentDigit> recent() {
        return recentDigits.recent();
    }

    @GET
    @Path("/fields/recent")
    public List<RecentField> recentFields() {
        return recentFields.recent();
    }

    @GET
    @Path("/review")
    public ReviewQueueView review() {
        return reviewQueue.view();
    }
}
