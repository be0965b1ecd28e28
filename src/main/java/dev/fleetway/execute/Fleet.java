package dev.fleetway.execute;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        return new FleetRunner(parallelism, failFast, events);
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
        return runner.run(rollout.waves(targets), rollout.pause(), target -> {
            try (TargetSession session = open(target, true)) {
                return executor.apply(session, Planner.up(session, bound, upCommand(bound)));
            }
        });
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
