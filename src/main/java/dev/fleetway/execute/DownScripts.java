package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.Sql;
import dev.fleetway.db.SqlState;
import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.Plan;
import dev.fleetway.tenant.Target;

/**
 * Runs the down steps of a revert plan, each with the target's schema first on the search path (as Flyway runs the
 * up scripts), on the locked session.
 * <ul>
 * <li>A transactional step is one transaction: its statements, the removal of the migration's history row and of
 * the rows of repeatable scripts applied after it. A failure rolls it back whole; a lock timeout is retried with
 * the policy's backoff.</li>
 * <li>A non-transactional step ({@code DROP INDEX CONCURRENTLY}…) runs its statements one by one outside a
 * transaction and without {@code lock_timeout} (a concurrent index drop waits for older transactions and never
 * blocks traffic); its history rows are removed, in one transaction, only after every statement succeeded. A
 * failure leaves a failed row (see {@code HistoryTable#recordFailedRevert}) that {@code status} shows and
 * {@code repair} clears.</li>
 * </ul>
 */
final class DownScripts {
    private final ApplyPolicy policy;
    private final Events events;

    DownScripts(ApplyPolicy policy, Events events) {
        this.policy = policy;
        this.events = events;
    }

    /**
     * Runs one step.
     *
     * @param earlier how many steps of this run were reverted before it (for the message of a failure)
     * @return the repeatable scripts whose history rows it removed
     */
    List<String> run(TargetSession session, Plan.Step step, int earlier) throws SQLException {
        long start = System.nanoTime();
        List<String> rerun = step.transactional() ? transactional(session, step, earlier)
                : outsideATransaction(session, step, earlier);
        events.publish(new Event.MigrationApplied(session.target(), step.file().script(), step.version(), true,
                (System.nanoTime() - start) / 1_000_000));
        return rerun;
    }

    private List<String> transactional(TargetSession session, Plan.Step step, int earlier) throws SQLException {
        Target target = session.target();
        try {
            return policy.retry().run(StepFailure.class, () -> inOneTransaction(session, step), (failure, attempt,
                    retryIn) -> {
                if (!failure.lockTimeout() || retryIn < 0) {
                    throw failed(target, step, failure, earlier);
                }
                events.publish(new Event.LockRetry(target, step.file().script(), attempt, policy.lockRetries(),
                        policy.lockTimeout().toMillis(), retryIn, null));
            });
        } catch (StepFailure e) {
            throw failed(target, step, e, earlier);
        }
    }

    private static List<String> inOneTransaction(TargetSession session, Plan.Step step) throws StepFailure {
        Connection c = session.connection();
        ScriptReader.Statement current = null;
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(searchPath(session.target(), true));
            for (ScriptReader.Statement statement : step.statements()) {
                current = statement;
                s.execute(statement.sql());
            }
            current = null;
            List<String> rerun = session.history().removeReverted(c, step.rank(), step.script());
            c.commit();
            c.setAutoCommit(true);
            return rerun;
        } catch (SQLException e) {
            throw new StepFailure(current, rolledBack(c, e));
        }
    }

    private List<String> outsideATransaction(TargetSession session, Plan.Step step, int earlier)
            throws SQLException {
        Connection c = session.connection();
        Target target = session.target();
        String savedPath;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW search_path")) {
            rs.next();
            savedPath = rs.getString(1);
        }
        ScriptReader.Statement current = null;
        try (Statement s = c.createStatement()) {
            s.execute(searchPath(target, false));
            s.execute("SET lock_timeout = 0");
            for (ScriptReader.Statement statement : step.statements()) {
                current = statement;
                s.execute(statement.sql());
            }
        } catch (SQLException e) {
            if (!SqlState.isConnectionLoss(e)) {
                session.history().recordFailedRevert(c, step.version(), step.description(), step.file(),
                        FleetwayException.firstLine(e.getMessage()) + " (SQLSTATE " + e.getSQLState() + ")"
                                + (current == null ? "" : " at line " + current.line()));
            }
            throw failedOutside(target, step, current, earlier, e);
        } finally {
            if (!c.isClosed()) {
                restore(c, savedPath);
            }
        }
        try {
            c.setAutoCommit(false);
            List<String> rerun = session.history().removeReverted(c, step.rank(), step.script());
            c.commit();
            c.setAutoCommit(true);
            return rerun;
        } catch (SQLException e) {
            throw failedOutside(target, step, null, earlier, rolledBack(c, e));
        }
    }

    /** The session's search path and lock timeout as they were before a non-transactional step. */
    private void restore(Connection c, String savedPath) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT set_config('search_path', " + Sql.literal(savedPath) + ", false)");
            s.execute("SET lock_timeout = '" + Math.max(0, policy.lockTimeout().toMillis()) + "ms'");
        }
    }

    /** The target's schema first, then the session's own path (so shared objects in public still resolve). */
    private static String searchPath(Target target, boolean local) {
        return "SELECT set_config('search_path', quote_ident(" + Sql.literal(target.schema())
                + ") || ', ' || current_setting('search_path'), " + local + ")";
    }

    /** Rolls the step's transaction back and ends it; a failure to do so is added to {@code e}. */
    private static SQLException rolledBack(Connection c, SQLException e) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException again) {
            e.addSuppressed(again);
        }
        return e;
    }

    /** A transactional step that was rolled back: the database's error, and the statement it came from. */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ScriptReader.Statement statement;
        private final SQLException error;

        StepFailure(ScriptReader.Statement statement, SQLException error) {
            super(error);
            this.statement = statement;
            this.error = error;
        }

        boolean lockTimeout() {
            return SqlState.LOCK_NOT_AVAILABLE.equals(error.getSQLState());
        }
    }

    private static FleetwayException failed(Target target, Plan.Step step, StepFailure failure, int earlier) {
        SQLException e = failure.error;
        if (SqlState.isConnectionLoss(e)) {
            return lost(target, step, e, "it ran in a transaction that never committed, so PostgreSQL rolled it back");
        }
        String where = failure.statement == null ? " while updating the history" : " at line " + failure.statement.line();
        return new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + step.file().script()
                + " failed" + where + ": " + FleetwayException.firstLine(e.getMessage()) + " (SQLSTATE "
                + e.getSQLState() + "); it was rolled back and " + step.script() + " stays applied"
                + earlier(earlier) + " — fix the down script, then run 'fleetway revert" + target.selector()
                + "' again", e);
    }

    private static FleetwayException failedOutside(Target target, Plan.Step step, ScriptReader.Statement statement,
            int earlier, SQLException e) {
        if (SqlState.isConnectionLoss(e)) {
            return lost(target, step, e, "it ran outside a transaction, so it may be partly done — check 'fleetway"
                    + " status' and the schema");
        }
        String where = statement == null ? " while updating the history" : " at line " + statement.line();
        return new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + step.file().script()
                + " failed" + where + ": " + FleetwayException.firstLine(e.getMessage()) + " (SQLSTATE "
                + e.getSQLState() + "); it ran outside a transaction, so the statements before it stay done, and the"
                + " failed revert is recorded" + earlier(earlier) + " — check the schema, fix the down script (make"
                + " it safe to run again, e.g. DROP INDEX CONCURRENTLY IF EXISTS), run 'fleetway repair"
                + target.selector() + "', then revert again", e);
    }

    private static FleetwayException lost(Target target, Plan.Step step, SQLException e, String outcome) {
        return new FleetwayException(ExitCode.UNREACHABLE, target.describe() + ": lost the connection to the database"
                + " while reverting with " + step.file().script() + " (" + FleetwayException.firstLine(e.getMessage())
                + "); " + outcome + " — rerun when the database is back", e);
    }

    private static String earlier(int earlier) {
        return earlier > 0 ? " (" + earlier + " migration(s) reverted earlier in this run stay reverted)" : "";
    }
}
