package dev.fleetway.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One problem {@code verify} found with a migration.
 *
 * @param message what happened, in one line
 * @param differences the objects that differ (the reference is the snapshot it should have matched); empty for
 *        a failure
 */
@RegisterForReflection
@JsonPropertyOrder({ "problem", "message", "differences" })
public record VerifyProblem(Kind problem, String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Difference> differences) {

    public VerifyProblem {
        differences = List.copyOf(differences);
    }

    /** What went wrong. */
    @RegisterForReflection
    public enum Kind implements Label {
        /** The migration itself fails to apply in the scratch database: fix it; later ones are not checked (exit 1). */
        UP_FAILED,
        /** Its down script failed: fix the down script (exit 4). */
        DOWN_FAILED,
        /** Its down script ran but left the schema unlike before the migration: the differences say how (exit 4). */
        DOWN_DOES_NOT_RESTORE,
        /** After its down script it cannot be applied again: something the down script left is in its way (exit 4). */
        CANNOT_REAPPLY,
        /** Applied again after its down script, it gives another schema than the first time (exit 4). */
        REAPPLY_DIFFERS;
    }
}
