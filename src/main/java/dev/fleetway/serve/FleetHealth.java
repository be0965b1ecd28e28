package dev.fleetway.serve;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import dev.fleetway.report.AuditReport;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.TargetState;

/**
 * The probes. Liveness is UP whenever the process answers, a long migration included, so Kubernetes never
 * kills a runner mid-migration. Readiness is UP only when every served target is reachable and current:
 * DOWN while the auto-migration runs, DOWN with the reason when it failed, and DOWN naming each target that
 * is not current.
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
            switch (now.phase()) {
                case STARTING:
                    return r.down().withData("reason", "starting").build();
                case MIGRATING:
                    return r.down().withData("reason", "auto-migration running").build();
                case FAILED:
                    return r.down().withData("reason", now.failure()).build();
                default:
                    break;
            }
            try {
                AuditReport audit = state.audit();
                boolean ok = true;
                for (AuditRow row : audit.targets()) {
                    r.withData(row.target(), row.status().label());
                    ok &= row.status() == TargetState.CURRENT;
                }
                return ok ? r.up().build() : r.down().build();
            } catch (Exception e) {
                return r.down().withData("reason", "audit failed: " + e.getClass().getSimpleName()).build();
            }
        }
    }
}
