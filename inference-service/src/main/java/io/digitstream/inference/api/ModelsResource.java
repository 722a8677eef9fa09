package io.digitstream.inference.api;

import io.digitstream.inference.model.ModelRegistry;
import io.digitstream.inference.model.ReloadOutcome;
import io.digitstream.inference.model.ServingModels;
import io.digitstream.schemas.ModelManifest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * The model sets serving now: the champion (which decides), the challenger (scored in the shadow) and the last reload
 * attempt. {@code POST /api/models/reload} reloads at once instead of at the next poll.
 */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** One serving set: its version, where it was loaded from, when, and its manifest. */
    public record ServingSet(String version, String directory, Instant loadedAt, ModelManifest manifest) {
        static ServingSet of(ServingModels.Loaded loaded) {
            return new ServingSet(loaded.set().version(), loaded.location().directory().toString(), loaded.loadedAt(),
                    loaded.set().manifest());
        }
    }

    public record ServingView(ServingSet champion, ServingSet challenger, ReloadOutcome lastReload) {
    }

    private final ModelRegistry models;

    public ModelsResource(ModelRegistry models) {
        this.models = models;
    }

    @GET
    public ServingView models() {
        ServingModels serving = models.current();
        return new ServingView(ServingSet.of(serving.champion()), serving.challenger().map(ServingSet::of).orElse(null),
                models.lastOutcome());
    }

    /** 200 when swapped or unchanged; 409 when the named sets were refused (the serving sets keep serving). */
    @POST
    @Path("/reload")
    public Response reload() {
        ReloadOutcome outcome = models.reload("request");
        Response.Status status = outcome.result() == ReloadOutcome.Result.REFUSED ? Response.Status.CONFLICT : Response.Status.OK;
        return Response.status(status).entity(outcome).build();
    }
}
