package dev.fleetway.serve;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.SqlState;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.EventLog;
import dev.fleetway.execute.Events;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.execute.Rollout;
import dev.fleetway.plan.Bound;
import dev.fleetway.plan.LockInspector;
import dev.fleetway.report.AuditReport;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;

/**
 * What {@code serve} knows, as one immutable {@link Snapshot} replaced whole on every change (so a reader never
 * sees half an update): the fleet it serves, whether the auto-migration is running, done or failed. Audits go
 * through one {@link AuditCache} that every probe and API request shares. Set up once by the {@code serve}
 * command; read by the health checks and the API.
 */
@ApplicationScoped
public class ServeState {
    private static final Logger LOG = Logger.getLogger(ServeState.class);
    /** How old an audit served to probes and API requests may be. */
    private static final Duration AUDIT_MAX_AGE = Duration.ofSeconds(2);

    /** Where the auto-migration stands. */
    public enum Phase {
        /** {@code serve} has not set the fleet up yet. */
        STARTING,
        /** The auto-migration is running. */
        MIGRATING,
        /** No auto-migration, or it finished: ready (the fleet's state is check_up's, not readiness's). */
        SERVING,
        /** The auto-migration failed; readiness stays DOWN with the reason. */
        FAILED
    }

    /**
     * Everything {@code serve} knows at one moment.
     *
     * @param fleet null until {@code serve} set it up
     * @param failure why the auto-migration failed; null otherwise
     */
    public record Snapshot(Phase phase, String failure, Fleet fleet, Selection selection, int parallelism) {
        Snapshot with(Phase newPhase, String newFailure) {
            return new Snapshot(newPhase, newFailure, fleet, selection, parallelism);
        }
    }

    @Inject
    FleetMetrics metrics;

    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(
            new Snapshot(Phase.STARTING, null, null, Selection.DEFAULT_ONLY.withAll(), 1));
    private final AuditCache audits = new AuditCache(AUDIT_MAX_AGE, this::freshAudit);
    private volatile FleetRunner migrationRunner;
    /** Made on start, never at build time: a native image must not hold a live executor. */
    private volatile ScheduledExecutorService background;

    /** Where serve's migration runs publish their events: the log and the metrics. */
    public Events events() {
        return Events.all(new EventLog(), metrics);
    }

    /**
     * Serves {@code fleet}; when {@code autoMigrate}, upgrades the selection in the background right away. Audits
     * the fleet every {@code fleetway.serve.audit-interval} while serving, for the metrics.
     */
    public void start(Fleet fleet, Selection selection, int parallelism, ApplyPolicy policy, boolean autoMigrate,
            boolean exitOnFailure) {
        Phase phase = autoMigrate ? Phase.MIGRATING : Phase.SERVING;
        snapshot.set(new Snapshot(phase, null, fleet, selection, parallelism));
        background = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "fleetway-serve-background");
            t.setDaemon(true);
            return t;
        });
        if (autoMigrate) {
            background.submit(() -> migrate(policy, exitOnFailure));
        }
        long every = fleet.config().serve().auditInterval().toMillis();
        if (every > 0) {
            background.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The periodic audit: only while serving; a failure is logged, never thrown (it would end the schedule). */
    private void refresh() {
        if (snapshot.get().phase() != Phase.SERVING) {
            return;
        }
        try {
            audits.get();
        } catch (RuntimeException e) {
            LOG.warnf("periodic fleet audit failed: %s", ConnectionString.mask(FleetwayException.firstLine(e.getMessage())));
        }
    }

    private void migrate(ApplyPolicy policy, boolean exitOnFailure) {
        Snapshot now = snapshot.get();
        try {
            List<Target> targets = now.fleet().select(now.selection());
            migrationRunner = now.fleet().runner(now.parallelism(), false);
            List<Outcome<UpgradeResult>> outcomes = now.fleet().migrate(targets, migrationRunner, policy, Bound.none(),
                    Rollout.of(now.fleet().config().rollout())).outcomes();
            List<String> failed = outcomes.stream().filter(o -> o.isFailure() || o.isSkipped())
                    .map(o -> o.failure().map(Throwable::getMessage)
                            .orElse(o.target().describe() + ": not started: " + o.skipped().orElse("skipped")))
                    .toList();
            if (failed.isEmpty()) {
                LOG.infof("auto-migration done: %d target(s) up to date", outcomes.size());
                snapshot.updateAndGet(s -> s.with(Phase.SERVING, null));
                return;
            }
            fail(failed.size() + " of " + outcomes.size() + " target(s) failed; first: " + failed.get(0), exitOnFailure);
        } catch (Exception e) {
            fail(e instanceof FleetwayException ? e.getMessage() : "auto-migration failed: " + e, exitOnFailure);
        }
    }

    private void fail(String reason, boolean exitOnFailure) {
        // shown by the open readiness probe: without the blocking sessions' query texts
        snapshot.updateAndGet(s -> s.with(Phase.FAILED, LockInspector.withoutQueries(reason)));
        LOG.errorf("auto-migration failed, readiness stays DOWN: %s", reason);
        if (exitOnFailure) {
            Quarkus.asyncExit(ExitCode.MIGRATION_FAILED.code());
        }
    }

    /** On SIGTERM: start no new target, give the running ones a grace period, then let the process end. */
    void onShutdown(@Observes ShutdownEvent event) {
        FleetRunner runner = migrationRunner;
        if (runner != null) {
            runner.stop();
        }
        ScheduledExecutorService executor = background;
        if (executor == null) {
            return;
        }
        executor.shutdown(); // cancels the periodic audit; a running auto-migration gets the grace period
        try {
            if (!executor.awaitTermination(snapshot.get().fleet().config().shutdownGrace().toMillis(),
                    TimeUnit.MILLISECONDS)) {
                LOG.warn("auto-migration still running at shutdown; its session ends with the process and"
                        + " PostgreSQL rolls the current migration back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What serve knows now. */
    public Snapshot snapshot() {
        return snapshot.get();
    }

    /** An audit of the served selection, at most two seconds old, shared by every caller ({@link AuditCache}). */
    public AuditReport audit() {
        return audits.get();
    }

    private AuditReport freshAudit() {
        Snapshot now = snapshot.get();
        try {
            // Audits publish no events: the metrics count migration runs only.
            AuditReport report = now.fleet().audit(now.fleet().select(now.selection()),
                    now.fleet().runner(now.parallelism(), false, Events.none()));
            metrics.recordAudit(report);
            return report;
        } catch (java.sql.SQLException e) {
            throw new FleetwayException(SqlState.exitCode(e), "audit failed: " + FleetwayException.firstLine(e.getMessage()),
                    e);
        }
    }
}
