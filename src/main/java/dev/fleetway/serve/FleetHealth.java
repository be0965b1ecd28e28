package dev.fleetway.serve;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;


/**
 * The probes. Liveness is UP whenever the process answers, a long migration included, so Kubernetes never
 * kills a runner mid-migration. Readiness means "this process can serve": DOWN while {@code serve} starts and
 * while its auto-migration runs, DOWN with the reason when that failed, UP otherwise. It does not depend on the
 * fleet: one tenant down must not keep every new pod unready and stall a rollout. The fleet's own health is
 * {@code /api/v1/health/check_up} and the {@code fleetway_targets} metrics.
 */
public final class FleetHealth {
    private FleetHealth() {
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        @Inject
        ServeState state;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("fleetway").up()
                    .withData("phase", state.snapshot().phase().name().toLowerCase())
                    .build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject
        ServeState state;

        @Override
        public HealthCheckResponse call() {
            ServeState.Snapshot now = state.snapshot();
            HealthCheckResponseBuilder r = HealthCheckResponse.named("fleet").withData("phase",
                    now.phase().name().toLowerCase());
            return switch (now.phase()) {
                case STARTING -> r.down().withData("reason", "starting").build();
                case MIGRATING -> r.down().withData("reason", "auto-migration running").build();
                case FAILED -> r.down().withData("reason", now.failure()).build();
                case SERVING -> r.up().build();
            };
        }
    }
}
