package dev.fleetway.serve;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;

/**
 * Errors of the API as one-line JSON, never a stack trace: Fleetway's own messages as written (they hold
 * no secret), anything else by its kind only, with the detail in the log.
 */
@Provider
public class ApiErrors implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @Override
    public Response toResponse(Exception e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException web) {
            return of(Response.Status.fromStatusCode(web.getResponse().getStatus()), web.getResponse().getStatusInfo()
                    .getReasonPhrase());
        }
        if (e instanceof FleetwayException f) {
            return of(Response.Status.SERVICE_UNAVAILABLE, f.getMessage());
        }
        LOG.warnf("API request failed: %s", ConnectionString.mask(String.valueOf(e.getMessage())));
        return of(Response.Status.INTERNAL_SERVER_ERROR, "internal error (" + e.getClass().getSimpleName()
                + ") — see the server log");
    }

    static Response of(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }

    static Response unavailable() {
        return of(Response.Status.SERVICE_UNAVAILABLE, "not serving yet — run 'fleetway serve'");
    }
}
