package dev.fleetway.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jboss.logging.Logger;

import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.config.LayoutSettings;
import dev.fleetway.db.Connector;
import dev.fleetway.flyway.FlywayFactory;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.Auditor;
import dev.fleetway.plan.Bound;
import dev.fleetway.plan.Plan;
import dev.fleetway.plan.Planner;
import dev.fleetway.plan.Preflight;
import dev.fleetway.plan.SchemaBatch;
import dev.fleetway.plan.StatusPlanner;
import dev.fleetway.plan.Validation;
import dev.fleetway.report.AuditReport;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.Direction;
import dev.fleetway.report.MigrationPlan;
import dev.fleetway.report.RevertResult;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.TenantDirectory;

/**
 * The fleet as one run sees it, and what can be done to it: its configuration, the tenant directory, a
 * connector, the migration files (read on first use, then shared by every target), and where the run's events
 * go. Every write path here plans each target first ({@link Planner}) and executes that plan
 * ({@link Executor}); dry runs print the same plans. Used by the CLI commands and by {@code serve}. Thread-safe:
 * fleet runs open sessions from several workers.
 */
public final class Fleet {
    private static final Logger LOG = Logger.getLogger(Fleet.class);
    private final FleetwayConfig config;
    private final Connector connector;
    private final Events events;
    private final Map<List<String>, FlywayFactory> flyways = new HashMap<>();

    public Fleet(FleetwayConfig config, Events events) {
        this.config = config;
        this.connector = new Connector(config.connectTimeout());
        this.events = events;
    }

    public FleetwayConfig config() {
        return config;
    }

    public Connector connector() {
        return connector;
    }

    public Events events() {
        return events;
    }

    public TenantDirectory tenants() {
        return new TenantDirectory(config, connector);
    }

    /** The targets a selection names (just the default database without a selector). */
    public List<Target> select(Selection selection) throws SQLException {
        return tenants().select(selection);
    }

    /** The Flyway factory over the run's {@code fleetway.locations}; the files are read on the first call. */
    public FlywayFactory flyways() {
        return flyways(config.locations());
    }

    /**
     * The Flyway factory over a target's own migration set (its locations, or the run's); each set's files are
     * read once per run and shared by every target that has it.
     */
    public FlywayFactory flyways(Target target) {
        return flyways(target.locations().orElse(config.locations()));
    }

    private synchronized FlywayFactory flyways(List<String> locations) {
        return flyways.computeIfAbsent(List.copyOf(locations), l -> new FlywayFactory(
                MigrationSource.load(l, config.ignoreFiles().orElse(List.of()), LayoutSettings.of(config)),
                config.table()));
    }

    /** A runner over this fleet's events. */
    public FleetRunner runner(int parallelism, boolean failFast) {
        return runner(parallelism, failFast, events);
    }

    /**
     * A runner whose events go to {@code events} instead of the fleet's. Either way, the end of its run closes the
     * connections the run kept for reuse ({@link Connector#release}).
     */
    public FleetRunner runner(int parallelism, boolean failFast, Events events) {
        return new FleetRunner(parallelism, failFast, event -> {
            events.publish(event);
            if (event instanceof Event.RunFinished) {
                connector.closeIdle();
            }
        });
    }

    /** Opens the target; {@code locked} takes its advisory lock, waiting at most {@code fleetway.lock-wait}. */
    public TargetSession open(Target target, boolean locked) throws SQLException {
        return TargetSession.open(target, connector, flyways(target), locked ? Optional.of(config.lockWait()) : Optional.empty(),
                holder -> events.publish(new Event.LockWaiting(target, holder)));
    }

    /** Opens the target for reading only, as its monitor user when one is configured; takes no lock. */
    public TargetSession read(Target target) throws SQLException {
        return TargetSession.openForReading(target, connector, flyways(target));
    }

    /**
     * {@code upgrade}: applies everything pending on every target, isolated per target: the default database
     * first, then the tenants (a failed default database stops the run before them). Results in run order.
     */
    public List<Outcome<UpgradeResult>> upgrade(List<Target> targets, FleetRunner runner, ApplyPolicy policy) {
        return migrate(targets, runner, policy, Bound.none(), Rollout.NONE).outcomes();
    }

    /**
     * {@code upgrade} and {@code migrate}: applies what {@code bound} selects of each target's pending migrations,
     * in the phases and waves of {@code rollout}.
     */
    public FleetRunner.Staged<UpgradeResult> migrate(List<Target> targets, FleetRunner runner, ApplyPolicy policy,
            Bound bound, Rollout rollout) {
        Executor executor = new Executor(policy, events);
        Precheck precheck = precheck(targets, runner.parallelism());
        return runner.run(rollout.waves(targets), rollout.pause(), target -> {
            String version = precheck.current().get(target.id());
            if (version != null) {
                return new UpgradeResult(target.id(), version, version, List.of(), target.appUser().orElse(null), 0);
            }
            if (precheck.unreachable().containsKey(target.id())) {
                throw precheck.unreachable().get(target.id());
            }
            try (TargetSession session = open(target, true)) {
                return executor.apply(session, Planner.up(session, bound, upCommand(bound)));
            }
        });
    }

    /**
     * What one connection per database learnt before an upgrade: the targets confirmed up to date with complete
     * grants (with their version), and those whose database could not be reached (with that error).
     */
    private record Precheck(Map<String, String> current, Map<String, FleetwayException> unreachable) {
    }

    /**
     * Checks the targets that share a database with others (schema-per-tenant tenants) for many at once
     * ({@link SchemaBatch}, a slice of schemas per connection, {@code parallelism} slices at a time), so that a
     * deploy that changes nothing needs no session per schema, and a database that cannot be reached is waited for
     * once, not once per schema. Anything else the batch cannot confirm is left to the target's own session, which
     * reports it; files with callbacks that Flyway runs on every migrate are never confirmed this way.
     */
    private Precheck precheck(List<Target> targets, int parallelism) {
        Map<String, List<Target>> byDatabase = new LinkedHashMap<>();
        for (Target t : targets) {
            byDatabase.computeIfAbsent(t.connection().jdbcUrl() + "\n" + t.migrationLogin().username() + "\n"
                    + System.identityHashCode(flyways(t)), k -> new ArrayList<>()).add(t);
        }
        List<List<Target>> slices = new ArrayList<>();
        for (List<Target> group : byDatabase.values()) {
            if (group.size() >= 2 && !flyways(group.get(0)).source().hasNoOpCallbacks()) {
                for (int from = 0; from < group.size(); from += SchemaBatch.CHUNK) {
                    slices.add(group.subList(from, Math.min(group.size(), from + SchemaBatch.CHUNK)));
                }
            }
        }
        Precheck precheck = new Precheck(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        if (slices.isEmpty()) {
            return precheck;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, slices.size()));
        try {
            for (Future<?> f : pool.invokeAll(slices.stream().<Callable<Void>>map(slice -> () -> {
                precheck(slice, precheck);
                return null;
            }).toList())) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debugf(e.getCause(), "checking schemas in batches failed: %s", e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
        }
        return precheck;
    }

    private void precheck(List<Target> slice, Precheck into) {
        Target first = slice.get(0);
        FlywayFactory files = flyways(first);
        Connection c;
        try {
            c = connector.connect(first.connection(), first.migrationLogin(), first.describe());
        } catch (FleetwayException e) {
            String reason = e.getMessage().startsWith(first.describe())
                    ? e.getMessage().substring(first.describe().length()) : ": " + e.getMessage();
            slice.forEach(t -> into.unreachable().put(t.id(), new FleetwayException(e.exitCode(), t.describe() + reason,
                    e)));
            return;
        }
        try {
            SchemaBatch.current(c, slice, files.table(), files.expectedHistory())
                    .forEach(id -> into.current().put(id, files.expectedHistory().latest()));
        } catch (SQLException | RuntimeException e) {
            LOG.debugf(e, "%s: these schemas are checked one by one (%s)", first.describe(), e.getMessage());
        } finally {
            connector.release(c, first.connection(), first.migrationLogin());
        }
    }

    /**
     * {@code --only}: the targets of {@code targets} that one audit finds behind (or failed); all of them without
     * {@code only}.
     */
    public List<Target> narrow(List<Target> targets, Optional<Only> only, FleetRunner runner) {
        if (only.isEmpty()) {
            return targets;
        }
        java.util.Set<String> keep = new java.util.HashSet<>();
        audit(targets, runner).targets().stream().filter(only.get()::keeps).forEach(r -> keep.add(r.target()));
        return targets.stream().filter(t -> keep.contains(t.id())).toList();
    }

    /** {@code revert}: reverts what {@code bound} selects of each target's applied migrations. */
    public List<Outcome<RevertResult>> revert(List<Target> targets, FleetRunner runner, ApplyPolicy policy,
            Bound bound) {
        Executor executor = new Executor(policy, events);
        return runner.run(targets, target -> {
            try (TargetSession session = open(target, true)) {
                return executor.revert(session, Planner.down(session, bound));
            }
        });
    }

    /**
     * {@code --dry-run}: each target's plan, on a session that takes no lock and writes nothing. The refusals a
     * real run would meet (a checksum mismatch, a missing down script…) are the targets' failures.
     */
    public List<Outcome<MigrationPlan>> plan(List<Target> targets, FleetRunner runner, Direction direction,
            Bound bound) {
        return runner.run(targets, target -> {
            try (TargetSession session = open(target, false)) {
                Plan plan = direction == Direction.UP ? Planner.up(session, bound, upCommand(bound))
                        : Planner.down(session, bound);
                return plan.view(session.scripts(), session.flyways().source().migrateCallbacks());
            }
        });
    }

    /** {@code --step}: one target, locked until the session is closed, its steps run one at a time. */
    public StepSession step(Target target, Direction direction, ApplyPolicy policy) throws SQLException {
        return StepSession.open(open(target, true), direction, new Executor(policy, events));
    }

    /** Each target's status: every migration from files and history. Read-only, no lock, the monitor user. */
    public List<Outcome<TargetStatus>> status(List<Target> targets, FleetRunner runner) {
        return runner.run(targets, target -> {
            try (TargetSession session = read(target)) {
                return StatusPlanner.plan(target, session.flyway());
            }
        });
    }

    /**
     * {@code validate}: each target's problems between files and history (a schema with objects but no history
     * among them). Read-only, no lock, the monitor user.
     */
    public List<Outcome<List<Validation.Problem>>> validate(List<Target> targets, FleetRunner runner) {
        return runner.run(targets, target -> {
            try (TargetSession session = read(target)) {
                Optional<Validation.Problem> unadopted = Preflight.unadopted(session, "upgrade");
                return unadopted.isPresent() ? List.of(unadopted.get())
                        : Validation.problems(StatusPlanner.plan(target, session.flyway()));
            }
        });
    }

    /** One of {@link Maintenance}'s operations on a locked target. */
    @FunctionalInterface
    public interface MaintenanceTask<R> {
        R run(Maintenance maintenance, TargetSession session) throws Exception;
    }

    /** {@code repair}, {@code grant}, {@code baseline}: {@code task} on every target, each under its lock. */
    public <R> List<Outcome<R>> maintain(List<Target> targets, FleetRunner runner, MaintenanceTask<R> task) {
        Maintenance maintenance = new Maintenance();
        return runner.run(targets, target -> {
            try (TargetSession session = open(target, true)) {
                return task.run(maintenance, session);
            }
        });
    }

    /** Audits every target; an unreachable one is a row, not a failure. Read-only, no lock, the monitor user. */
    public AuditReport audit(List<Target> targets, FleetRunner runner) {
        List<Outcome<AuditRow>> outcomes = runner.run(targets, target -> {
            try (TargetSession session = read(target)) {
                return Auditor.audit(session);
            }
        });
        List<AuditRow> rows = outcomes.stream()
                .map(o -> o.result().orElseGet(() -> Auditor.failed(o.target(), o.failure().orElseThrow()))).toList();
        return AuditReport.of(Instant.now(), rows);
    }

    /** The command a schema without history is told to run after {@code baseline}. */
    private static String upCommand(Bound bound) {
        return bound.kind() == Bound.Kind.DEFAULT || bound.kind() == Bound.Kind.ALL ? "upgrade" : "migrate";
    }
}
