package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.SessionDataSource;
import dev.fleetway.db.SessionSettings;
import dev.fleetway.db.Sql;
import dev.fleetway.flyway.MigrationFailure;
import dev.fleetway.flyway.Migrator;
import dev.fleetway.flyway.ScriptReader;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.GrantCheck;
import dev.fleetway.plan.LockInspector;
import dev.fleetway.plan.Plan;
import dev.fleetway.plan.SchemaInspector;
import dev.fleetway.report.Direction;
import dev.fleetway.report.RevertResult;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * Runs a {@link Plan} on the locked session it was planned on, so that DDL never queues forever: the session
 * gets the policy's {@code lock_timeout} and {@code statement_timeout}; a script that gives up on the lock
 * timeout is rolled back by PostgreSQL and retried with backoff ({@link ApplyPolicy#retry()}), each retry
 * published with the session that held the lock; after the last retry the target fails naming it. Afterwards the
 * app user is granted on what is there. Up steps are applied by Flyway, down steps by this class.
 */
public final class Executor {
    private final ApplyPolicy policy;
    private final Events events;

    public Executor(ApplyPolicy policy, Events events) {
        this.policy = policy;
        this.events = events;
    }

    /**
     * Applies an up plan.
     *
     * @throws FleetwayException exit 2 when the app user does not exist, exit 4 for a lint error or an INVALID
     *         index (all checked before any change), exit 1 when a migration fails (a transactional one is rolled
     *         back and recorded as failed)
     */
    public UpgradeResult apply(TargetSession session, Plan plan) throws SQLException {
        requireDirection(plan, Direction.UP);
        long start = System.nanoTime();
        Target target = session.target();
        Optional<String> app = target.appUser();
        if (plan.basis() == Plan.Basis.CONFIRMED_CURRENT) {
            // The common case of every deploy: nothing pending, known from one query; grant only what is missing.
            if (session.flyways().source().hasNoOpCallbacks()) {
                // ... but Flyway fires beforeMigrate, afterMigrate (and the validate ones) on every migrate.
                SessionSettings.timeouts(session.connection(), policy.lockTimeout(), policy.statementTimeout());
                migrate(session, session.flyways().forPlan(target, new SessionDataSource(session.connection()),
                        Optional.empty(), Set.of(), false, (script, version, millis) -> { }), null);
            }
            if (!Grants.complete(session)) {
                grant(session);
            }
            return new UpgradeResult(target.id(), plan.fromVersion(), plan.toVersion(), List.of(), app.orElse(null),
                    millisSince(start));
        }
        Grants.requireRoles(session.connection(), target);
        String after = plan.fromVersion();
        List<String> applied = List.of();
        if (!plan.isEmpty()) {
            SessionSettings.timeouts(session.connection(), policy.lockTimeout(), policy.statementTimeout());
            if (plan.basis() == Plan.Basis.FRESH) {
                createSchema(session);
            }
            checkBefore(session, plan.files());
            Set<String> repeatables = plan.steps().stream().filter(Plan.Step::isRepeatable)
                    .map(s -> s.file().script()).collect(Collectors.toSet());
            // A fresh target's migrations (none applied yet: no history table, or an empty one, as a failed fresh
            // install leaves it) run in one transaction when every one can: far fewer round trips, and a failure
            // leaves the target as empty as it was.
            boolean fresh = plan.basis() == Plan.Basis.FRESH
                    || plan.basis() == Plan.Basis.CONFIRMED_PREFIX && plan.fromVersion() == null;
            boolean group = fresh && plan.steps().size() > 1 && plan.steps().stream().allMatch(Plan.Step::transactional);
            Migrator.Applied result;
            try {
                result = migrate(session, plan, repeatables, group);
            } catch (Migrator.MixedGroup e) {
                result = migrate(session, plan, repeatables, false);
            }
            applied = result.scripts();
            after = result.version() != null ? result.version() : after;
        }
        grant(session);
        return new UpgradeResult(target.id(), plan.fromVersion(), after, applied, app.orElse(null),
                millisSince(start));
    }

    /**
     * Applies exactly the plan's steps with Flyway on the session, publishing each applied migration; with
     * {@code group}, in one transaction, and published only once it committed.
     */
    private Migrator.Applied migrate(TargetSession session, Plan plan, Set<String> repeatables, boolean group)
            throws SQLException {
        Target target = session.target();
        List<Event> committed = new ArrayList<>();
        Flyway flyway = session.flyways().forPlan(target, new SessionDataSource(session.connection()),
                plan.lastVersion(), repeatables, group, (script, version, millis) -> {
                    Event applied = new Event.MigrationApplied(target, script, version, false, millis);
                    if (group) {
                        committed.add(applied);
                    } else {
                        events.publish(applied);
                    }
                });
        Migrator.Applied result = migrate(session, flyway, group ? plan : null);
        committed.forEach(events::publish);
        return result;
    }

    /** The app and monitor users' grants after a change; what could not be granted is logged. */
    private static void grant(TargetSession session) throws SQLException {
        Grants.all(session).note().ifPresent(note -> org.jboss.logging.Logger.getLogger(Executor.class)
                .warnf("%s: %s", session.target().describe(), note));
    }

    /**
     * Creates a fresh target's schema when it does not exist yet. Flyway would create it too, but it retries a
     * failed creation ten times a second apart, also on a connection that is gone.
     */
    private static void createSchema(TargetSession session) throws SQLException {
        Connection c = session.connection();
        if (SchemaInspector.exists(c, session.target().schema())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(session.target().schema()));
        }
    }

    /**
     * Refuses (or, when the policy allows, repairs) what must not be migrated over: INVALID indexes left by an
     * interrupted concurrent build, and, with {@code --lint}, error-level findings in {@code files}. Runs before
     * anything changes.
     */
    private void checkBefore(TargetSession session, List<MigrationFile> files) throws SQLException {
        Target target = session.target();
        List<String> invalid = LockInspector.invalidIndexes(session.connection(), target.schema());
        if (!invalid.isEmpty() && !policy.repairInvalidIndexes()) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": INVALID index(es) "
                    + String.join(", ", invalid) + " in schema '" + target.schema() + "', left by an interrupted"
                    + " CREATE INDEX CONCURRENTLY — rerun with --repair-invalid-indexes to drop and build them again");
        }
        if (!invalid.isEmpty()) {
            dropInvalidIndexes(session);
        }
        if (policy.lint()) {
            PendingLint.refuseErrors(target, files, policy.lockTimeoutEnabled());
        }
    }

    /**
     * Flyway's migrate, retried after a lock timeout (Flyway resumes at the migration that gave up; a group starts
     * again). {@code group} is the plan whose steps run as one transaction, or {@code null}.
     */
    private Migrator.Applied migrate(TargetSession session, Flyway flyway, Plan group) throws SQLException {
        Target target = session.target();
        return policy.retry().run(MigrationFailure.class,
                () -> Migrator.migrate(target, flyway, session.flyways().source()), (failure, attempt, retryIn) -> {
                    if (!failure.lockTimeout()) {
                        throw failed(session, failure, group);
                    }
                    String heldBy = blocker(session);
                    if (retryIn < 0 || !retryable(session, failure)) {
                        String fix = failure.transactional()
                                ? "end that session or transaction, or run again when traffic is lower"
                                        + " (fleetway.lock-timeout, fleetway.lock-retries)"
                                : "it ran outside a transaction and is recorded as failed: run 'fleetway repair', then"
                                        + " 'fleetway upgrade --repair-invalid-indexes'";
                        throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": "
                                + failure.script() + " could not get its lock within lock_timeout "
                                + policy.lockTimeout().toMillis() + " ms after " + attempt + " attempt(s); held by "
                                + heldBy + " — " + fix, failure);
                    }
                    events.publish(new Event.LockRetry(target, failure.script(), attempt, policy.lockRetries(),
                            policy.lockTimeout().toMillis(), retryIn, heldBy));
                });
    }

    /**
     * A transactional migration was rolled back, so it can simply run again. A non-transactional one (an index
     * built concurrently) may have left an INVALID index behind: it is retried only when the policy allows
     * dropping those first.
     */
    private boolean retryable(TargetSession session, MigrationFailure failure) throws SQLException {
        if (failure.transactional()) {
            return true;
        }
        if (!policy.repairInvalidIndexes()) {
            return false;
        }
        dropInvalidIndexes(session);
        new Maintenance().repair(session); // the failed row Flyway wrote for it
        return true;
    }

    /** Drops INVALID indexes of the target's schema (outside a transaction, without blocking writes). */
    private void dropInvalidIndexes(TargetSession session) throws SQLException {
        Target target = session.target();
        Connection c = session.connection();
        for (String index : LockInspector.invalidIndexes(c, target.schema())) {
            org.jboss.logging.Logger.getLogger(Executor.class).warnf(
                    "%s: dropping INVALID index %s so the migration builds it again", target.describe(), index);
            try (Statement s = c.createStatement()) {
                s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(target.schema(), index));
            }
        }
    }

    /**
     * The target's failure for a migration that failed for another reason than a lock; records it when rolled back.
     * {@code group} is the plan run as one transaction, or {@code null}.
     */
    private FleetwayException failed(TargetSession session, MigrationFailure e, Plan group) throws SQLException {
        Target target = session.target();
        String line = e.line() > 0 ? " at line " + e.line() : "";
        if (group != null) {
            // Nothing was applied, so nothing is recorded: a failed row would make the migrations below it, rolled
            // back with it, look ignored.
            long before = group.steps().stream().takeWhile(s -> !s.file().script().equals(e.script())).count();
            return new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + e.script() + " failed"
                    + line + ": " + e.getMessage() + "; it was rolled back with the " + before + " migration(s) before"
                    + " it (a fresh install runs as one transaction), so the database is as before — fix the file,"
                    + " then run 'fleetway upgrade" + target.selector() + "'", e);
        }
        if (e.transactional() && e.identified()) {
            session.history().recordFailure(session.connection(), e);
        }
        String effect = e.transactional()
                ? "it was rolled back" + (e.earlierApplied() > 0 ? " (" + e.earlierApplied() + " earlier migration(s)"
                        + " of this run stay applied)" : " and the database is as before")
                : "it ran outside a transaction and may be partly applied — check the schema (an interrupted"
                        + " CREATE INDEX CONCURRENTLY leaves an INVALID index: rerun with --repair-invalid-indexes)";
        return new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": " + e.script() + " failed" + line
                + ": " + e.getMessage() + "; " + effect + " — fix the file, then run 'fleetway repair"
                + target.selector() + "' and 'fleetway upgrade" + target.selector() + "'", e);
    }

    private static String blocker(TargetSession session) throws SQLException {
        List<String> blockers = LockInspector.blockers(session.connection(), session.target().schema());
        return blockers.isEmpty() ? "a session that has since finished" : blockers.get(0);
    }

    /**
     * Reverts a down plan, newest first (see {@link DownScripts}); afterwards the app and monitor users are
     * granted again on what remains.
     *
     * @throws FleetwayException exit 2 when the app user does not exist (checked before the first step), exit 1
     *         when a down script fails (the message names the file and line, and what became of the step)
     */
    public RevertResult revert(TargetSession session, Plan plan) throws SQLException {
        requireDirection(plan, Direction.DOWN);
        long start = System.nanoTime();
        Target target = session.target();
        Optional<String> app = target.appUser();
        Grants.requireRoles(session.connection(), target);
        List<String> reverted = new ArrayList<>();
        List<String> rerun = new ArrayList<>();
        if (!plan.isEmpty()) {
            SessionSettings.timeouts(session.connection(), policy.lockTimeout(), policy.statementTimeout());
        }
        DownScripts down = new DownScripts(policy, events);
        for (Plan.Step step : plan.steps()) {
            rerun.addAll(down.run(session, step, reverted.size()));
            reverted.add(step.file().script());
        }
        grant(session);
        return new RevertResult(target.id(), plan.fromVersion(), plan.isEmpty() ? plan.fromVersion() : plan.toVersion(),
                reverted, rerun, app.orElse(null), millisSince(start));
    }

    private static void requireDirection(Plan plan, Direction direction) {
        if (plan.direction() != direction) {
            throw new IllegalArgumentException("a " + plan.direction().label() + " plan given to " + direction.label());
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
