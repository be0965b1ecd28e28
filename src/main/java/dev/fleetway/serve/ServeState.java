package dev.fleetway.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.Outcome;
import dev.fleetway.plan.LockInspector;
import dev.fleetway.report.AuditReport;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;

/**
 * What {@code serve} knows: the fleet it serves, whether the auto-migration is running, done or failed, and a
 * short-lived cached audit for the readiness probe (probes come every few seconds; the audit costs one query
 * per target). Set up once by the {@code serve} command; read by the health checks and the API.
 */
@ApplicationScoped
public class ServeState {
    private static final Logger LOG = Logger.getLogger(ServeState.class);
    private static final Duration PROBE_CACHE = Duration.ofSeconds(5);

    /** Where the auto-migration stands. */
    public enum Phase {
        /** {@code serve} has not set the fleet up yet. */
        STARTING,
        /** The auto-migration is running. */
        MIGRATING,
        /** No auto-migration, or it finished: readiness is the fleet's state. */
        SERVING,
        /** The auto-migration failed; readiness stays DOWN with the reason. */
        FAILED
    }

    @Inject
    FleetMetrics metrics;

    private volatile Fleet fleet;
    private volatile Selection selection = new Selection(List.of(), true, List.of(), Optional.empty());
    private volatile int parallelism = 1;
    private volatile Phase phase = Phase.STARTING;
    private volatile String failure;
    private volatile AuditReport cached;
    private volatile Instant cachedAt = Instant.MIN;
    private volatile FleetRunner migrationRunner;
    /** Made on start, never at build time: a native image must not hold a live executor. */
    private volatile ExecutorService background;

    /** Serves {@code fleet}; when {@code autoMigrate}, upgrades the selection in the background right away. */
    public void start(Fleet fleet, Selection selection, int parallelism, ApplyPolicy policy, boolean autoMigrate,
            boolean exitOnFailure) {
        this.fleet = fleet;
        this.selection = selection;
        this.parallelism = parallelism;
        if (!autoMigrate) {
            phase = Phase.SERVING;
            return;
        }
        phase = Phase.MIGRATING;
        background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fleetway-auto-migrate");
            t.setDaemon(true);
            return t;
        });
        background.submit(() -> migrate(policy, exitOnFailure));
    }

    private void migrate(ApplyPolicy policy, boolean exitOnFailure) {
        try {
            List<Target> targets = fleet.select(selection);
            migrationRunner = new FleetRunner(parallelism, false, o -> { });
            List<Outcome<UpgradeResult>> outcomes = fleet.upgrade(targets, migrationRunner, policy);
            metrics.recordRun(outcomes);
            List<String> failed = outcomes.stream().filter(o -> o.isFailure() || o.isSkipped())
                    .map(o -> o.failure().map(Throwable::getMessage).orElse(o.target().id() + ": not started"))
                    .toList();
            if (failed.isEmpty()) {
                LOG.infof("auto-migration done: %d target(s) up to date", outcomes.size());
                phase = Phase.SERVING;
                return;
            }
            fail(failed.size() + " of " + outcomes.size() + " target(s) failed; first: " + failed.get(0), exitOnFailure);
        } catch (Exception e) {
            fail(e instanceof FleetwayException ? e.getMessage() : "auto-migration failed: " + e, exitOnFailure);
        }
    }

    private void fail(String reason, boolean exitOnFailure) {
        failure = LockInspector.withoutQueries(reason); // shown by the open readiness probe
        phase = Phase.FAILED;
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
        ExecutorService executor = background;
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(fleet.config().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("auto-migration still running at shutdown; its session ends with the process and"
                        + " PostgreSQL rolls the current migration back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Phase phase() {
        return phase;
    }

    /** Why the auto-migration failed; null otherwise. */
    public String failure() {
        return failure;
    }

    /** The fleet served; null before {@code serve} set it up. */
    public Fleet fleet() {
        return fleet;
    }

    public Selection selection() {
        return selection;
    }

    /** A fresh audit of the served selection. */
    public AuditReport audit() throws java.sql.SQLException {
        AuditReport report = fleet.audit(fleet.select(selection),
                new FleetRunner(parallelism, false, o -> { }));
        metrics.recordAudit(report);
        cached = report;
        cachedAt = Instant.now();
        return report;
    }

    /** An audit at most a few seconds old, for probes. */
    public AuditReport recentAudit() throws java.sql.SQLException {
        AuditReport report = cached;
        if (report != null && cachedAt.plus(PROBE_CACHE).isAfter(Instant.now())) {
            return report;
        }
        return audit();
    }
}
