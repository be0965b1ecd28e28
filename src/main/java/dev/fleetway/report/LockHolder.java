package dev.fleetway.report;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The session holding a target's advisory lock in an {@code audit}: a Fleetway run migrating (or repairing,
 * reverting, granting) that target right now, in this process or another.
 *
 * @param pid the PostgreSQL backend's process id
 * @param applicationName e.g. {@code fleetway}; null when PostgreSQL hides the session from the reading login
 *        (another user's session, without {@code pg_read_all_stats})
 * @param client the client address; null for a local socket, or when hidden
 * @param connectedSince when that session started; null when hidden
 * @param description the holder as errors name it, e.g. {@code pid 4711 (application_name 'fleetway', client
 *        10.0.0.7, connected since …)}, or why its details are hidden
 */
@RegisterForReflection
@JsonPropertyOrder({ "pid", "applicationName", "client", "connectedSince", "description" })
public record LockHolder(int pid, String applicationName, String client, Instant connectedSince,
        String description) {
}
