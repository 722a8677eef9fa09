package io.digitstream.inference.metrics;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;

/** The dashboard's view of the live metrics: latest rolling and cumulative values per model. */
@Path("/api/metrics/live")
public class LiveMetricsResource {

    private final LiveMetricsBoard board;
    private final Clock clock = Clock.systemUTC();

    public LiveMetricsResource(LiveMetricsBoard board) {
        this.board = board;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public LiveMetricsView live() {
        return new LiveMetricsView(clock.instant(), board.snapshot());
    }
}
