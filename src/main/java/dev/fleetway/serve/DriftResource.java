package dev.fleetway.serve;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/drift}: the fleet's drift, as {@code fleetway drift --format json}, when serve checks it. */
@Path("/api/v1/drift")
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {
    @Inject
    ServeState state;

    @Inject
    DriftMonitor monitor;

    /**
     * The last drift report of the served selection ({@link DriftMonitor}); 503 until {@code serve} is set up, 404
     * when no {@code fleetway.dev-url} is set.
     */
    @GET
    public Response drift() {
        if (state.snapshot().fleet() == null) {
            return ApiErrors.unavailable();
        }
        if (!monitor.enabled()) {
            return ApiErrors.of(Response.Status.NOT_FOUND, "serve checks no drift: set fleetway.dev-url to an empty"
                    + " database where it can build reference schemas (see 'fleetway drift --help')");
        }
        return Response.ok(monitor.report()).build();
    }
}
