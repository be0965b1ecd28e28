package dev.fleetway.revert;

import static dev.fleetway.db.Sql.ident;
import static dev.fleetway.db.Sql.qualified;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Grants;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.report.RevertResult;
import dev.fleetway.tenant.Target;

/**
 * Runs a {@link RevertPlan} on the locked session it was planned on. Each step is one transaction: the down
 * script's statements (with the target's schema as the search path), the removal of the migration's history
 * row, and the removal of the rows of repeatable migrations applied after it (so the next apply runs them
 * again: they may depend on what the step dropped). A step that fails is rolled back whole, history included;
 * steps before it stay reverted. Afterwards the app user is granted again on what remains.
 */
public final class Reverter {
    private static final Logger LOG = Logger.getLogger(Reverter.class);

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final String historyTable;
    private final ApplyPolicy policy;

    /** @param policy the {@code lock_timeout}, {@code statement_timeout} and lock retries down scripts run with */
    public Reverter(String historyTable, ApplyPolicy policy) {
        this.historyTable = historyTable;
        this.policy = policy;
    }

    /**
     * Reverts every step of {@code plan}, newest first.
     *
     * @throws FleetwayException exit 2 when the app user does not exist (checked before the first step), exit 1
     *         when a down script fails (that step is rolled back; the message names the file and line)
     */
    public RevertResult revert(TargetSession session, RevertPlan plan) throws SQLException {
        long start = System.nanoTime();
        Target target = session.target();
        Connection c = session.connection();
        Optional<String> app = target.appUser();
        if (plan.isEmpty()) {
            return new RevertResult(target.id(), plan.fromVersion(), plan.toVersion(), List.of(), List.of(),
                    app.orElse(null), millisSince(start));
        }
        if (app.isPresent()) {
            Grants.requireRole(c, target, app.get());
        }
        List<String> reverted = new ArrayList<>();
        List<String> rerun = new ArrayList<>();
        for (RevertPlan.Step step : plan.steps()) {
            rerun.addAll(runWithRetries(c, target, step, reverted.size()));
            reverted.add(step.undo().filename());
            LOG.debugf("%s: reverted %s", target.describe(), step.script());
        }
        if (app.isPresent()) {
            Grants.apply(c, target, app.get(), historyTable);
        }
        return new RevertResult(target.id(), plan.fromVersion(), plan.toVersion(), reverted, rerun, app.orElse(null),
                millisSince(start));
    }

    /** A step that gave up waiting for a lock was rolled back whole, so it simply runs again, after a pause. */
    private List<String> runWithRetries(Connection c, Target target, RevertPlan.Step step, int earlier)
            throws SQLException {
        long backoff = policy.firstBackoff().toMillis();
        for (int attempt = 0;; attempt++) {
            try {
                return run(c, target, step);
            } catch (StepFailure f) {
                if (!LOCK_NOT_AVAILABLE.equals(f.error.getSQLState()) || attempt >= policy.lockRetries()) {
                    throw failure(target, step, f.statement, earlier, f.error);
                }
                LOG.warnf("%s: %s gave up waiting for a lock after %d ms; retry %d of %d in %d ms",
                        target.describe(), step.undo().filename(), policy.lockTimeout().toMillis(), attempt + 1,
                        policy.lockRetries(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    /** One step in one transaction; returns the repeatable scripts whose rows it removed. */
    private List<String> run(Connection c, Target target, RevertPlan.Step step) throws SQLException, StepFailure {
        String history = qualified(target.schema(), historyTable);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        ScriptReader.Statement current = null;
        try (Statement s = c.createStatement()) {
            // As Flyway runs the V scripts: the target's schema first, then the session's own path (so
            // extensions and shared objects in public resolve in the down script as they did going up).
            s.execute("SELECT set_config('search_path', " + "quote_ident(" + quoteLiteral(target.schema())
                    + ") || ', ' || current_setting('search_path'), true)");
            s.execute("SET LOCAL lock_timeout = '" + Math.max(0, policy.lockTimeout().toMillis()) + "ms'");
            s.execute("SET LOCAL statement_timeout = '" + Math.max(0, policy.statementTimeout().toMillis()) + "ms'");
            for (ScriptReader.Statement statement : step.statements()) {
                current = statement;
                s.execute(statement.sql());
            }
            current = null;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + history + " WHERE installed_rank = ?"
                    + " AND success")) {
                ps.setInt(1, step.rank());
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("history row " + step.rank() + " of " + step.script() + " is gone");
                }
            }
            List<String> rerun = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + history + " WHERE version IS NULL"
                    + " AND type = 'SQL' AND installed_rank > ? RETURNING script")) {
                ps.setInt(1, step.rank());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rerun.add(rs.getString(1));
                    }
                }
            }
            c.commit();
            return rerun;
        } catch (SQLException e) {
            c.rollback();
            throw new StepFailure(current, e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** A step that was rolled back: the database's error, and the statement it came from (null: the history). */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ScriptReader.Statement statement;
        private final SQLException error;

        StepFailure(ScriptReader.Statement statement, SQLException error) {
            super(error);
            this.statement = statement;
            this.error = error;
        }
    }

    private static FleetwayException failure(Target target, RevertPlan.Step step, ScriptReader.Statement statement,
            int earlier, SQLException e) {
        String where = statement == null ? " while updating the history" : " at line " + statement.line();
        String retarget = target.kind() == Target.Kind.DEFAULT ? "" : " --tenant " + target.id();
        return new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + step.undo().filename()
                + " failed" + where + ": " + firstLine(e.getMessage()) + " (SQLSTATE " + e.getSQLState() + "); it was"
                + " rolled back and " + step.script() + " stays applied"
                + (earlier > 0 ? " (" + earlier + " migration(s) reverted earlier in this run stay reverted)" : "")
                + " — fix the down script, then run 'fleetway revert" + retarget + "' again", e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, "interrupted while waiting to retry a down script");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.strip().lines().findFirst().orElse("unknown error");
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String quoteLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
