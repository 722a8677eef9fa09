package io.digitstream.inference.api;

import io.digitstream.inference.model.ModelSet;
import io.digitstream.schemas.ModelManifest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The verified manifest the running models were loaded from. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelSet models;

    public ModelsResource(ModelSet models) {
        this.models = models;
    }

    @GET
    public ModelManifest models() {
        return models.manifest();
    }
}
