package io.github.k8splatform.gateway.workloads;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /api/workloads: {@link Workloads#snapshot()}, from the informers' caches; always a 200, {@code available} says whether it is real. */
@Path("/api/workloads")
public class WorkloadsResource {

    private final Workloads workloads;

    WorkloadsResource(Workloads workloads) {
        this.workloads = workloads;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WorkloadsSnapshot workloads() {
        return workloads.snapshot();
    }
}
