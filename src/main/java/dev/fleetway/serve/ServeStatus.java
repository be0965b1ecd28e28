package dev.fleetway.serve;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/v1/serve}: what this {@code serve} process is doing, for the dashboard's progress bar and
 * its choice of how often to poll. Reads nothing from the fleet.
 *
 * @param phase {@code starting}, {@code migrating} (its auto-migration runs), {@code serving} or {@code failed}
 * @param failure why the auto-migration failed, as readiness says it; null otherwise
 * @param autoMigration its own migration run, running or done; null when it has run none
 * @param auditMaxAgeSeconds how old an audit served by {@code /api/v1/migrations} may be
 */
@RegisterForReflection
@JsonPropertyOrder({ "phase", "failure", "autoMigration", "auditMaxAgeSeconds" })
public record ServeStatus(String phase, String failure, MigrationProgress.Run autoMigration, long auditMaxAgeSeconds) {
}
