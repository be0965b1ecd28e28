package dev.fleetway.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import dev.fleetway.execute.Fleet;

/**
 * With {@code fleetway.http.token} set, {@code /api} requests must carry {@code Authorization: Bearer
 * <token>} (401 otherwise). Health endpoints stay open for probes: {@code /q/health/*} and
 * {@code /api/v1/health/*}, which show no secret and no query text.
 */
@Provider
public class ApiTokenFilter implements ContainerRequestFilter {
    @Inject
    ServeState state;

    @Override
    public void filter(ContainerRequestContext request) {
        Fleet fleet = state.snapshot().fleet();
        Optional<String> token = fleet == null ? Optional.empty()
                : fleet.config().http().token().filter(t -> !t.isBlank());
        String path = request.getUriInfo().getPath();
        if (token.isEmpty() || !path.startsWith("/api") || path.startsWith("/api/v1/health/")) {
            return; // the fleet's health stays open for probes, like /q/health
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(ApiErrors.of(Response.Status.UNAUTHORIZED,
                    "missing or wrong bearer token — send 'Authorization: Bearer <fleetway.http.token>'"));
        }
    }
}
