package dev.fleetway.plan;

import java.sql.SQLException;
import java.util.Optional;

import org.flywaydb.core.Flyway;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Target;

/**
 * Read-only checks before a write path changes a target (and before its dry run, which reports the same
 * refusals): the target's status, or the refusal that stops the run before anything changes.
 */
public final class Preflight {
    private Preflight() {
    }

    /**
     * Whether the schema has a history table; refuses (exit 4) a schema that has objects but no history.
     *
     * @param command the command to run after adopting the schema, for the message
     */
    public static boolean hasHistoryOrRefuse(TargetSession session, String command) throws SQLException {
        if (session.history().exists(session.connection())) {
            return true;
        }
        Optional<Validation.Problem> unadopted = unadopted(session, command);
        if (unadopted.isPresent()) {
            throw new FleetwayException(unadopted.get().exitCode(), session.target().describe() + ": "
                    + unadopted.get().message());
        }
        return false;
    }

    /**
     * The problem of a schema that has objects but no history table (built without Fleetway: it must be
     * adopted first); empty when it has a history table, or nothing at all.
     */
    public static Optional<Validation.Problem> unadopted(TargetSession session, String command) throws SQLException {
        Target target = session.target();
        String table = session.history().name();
        if (session.history().exists(session.connection())) {
            return Optional.empty();
        }
        long objects = SchemaInspector.objectCount(session.connection(), target.schema(), table);
        return objects == 0 ? Optional.empty() : Optional.of(new Validation.Problem(ExitCode.VALIDATION_FAILED,
                "schema '" + target.schema() + "' already has " + objects + " table(s)/view(s)/sequence(s) but no"
                        + " history table '" + table + "' — if another tool migrated it, take it over with 'fleetway"
                        + " adopt --from TOOL'; else adopt it with 'fleetway baseline --version V' (V: the version it"
                        + " already matches); then " + command));
    }

    /**
     * The target's status, after refusing its most urgent validation problem, if any: a recorded failure (exit 1),
     * a checksum mismatch, an applied migration missing from the files or a file that can never be applied (exit
     * 4). Never writes, not even the history table.
     */
    public static TargetStatus validated(Target target, Flyway flyway) {
        TargetStatus status = StatusPlanner.plan(target, flyway);
        Validation.mostUrgent(Validation.problems(status)).ifPresent(p -> {
            throw new FleetwayException(p.exitCode(), target.describe() + ": " + p.message());
        });
        return status;
    }
}
