package dev.fleetway.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One versioned migration in {@code verify}: applied, reverted with its down script, applied again, the schema
 * compared each time.
 *
 * @param downScript its down script's file name; null when it has none
 * @param problems what failed, in the order found; empty when {@code ok}
 */
@RegisterForReflection
@JsonPropertyOrder({ "version", "script", "downScript", "state", "problems" })
public record VerifiedMigration(String version, String script, String downScript, VerifyState state,
        List<VerifyProblem> problems) {

    public VerifiedMigration {
        problems = List.copyOf(problems);
    }
}
