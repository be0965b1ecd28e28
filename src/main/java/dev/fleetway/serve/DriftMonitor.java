package dev.fleetway.serve;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.SqlState;
import dev.fleetway.drift.Drift;
import dev.fleetway.drift.DriftRun;
import dev.fleetway.execute.Events;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.report.DriftState;
import dev.fleetway.report.Envelope;
import dev.fleetway.tenant.Target;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * {@code serve}'s drift checks, when {@code fleetway.dev-url} names a scratch database: the served selection is
 * checked as {@code fleetway drift} does every {@code fleetway.serve.drift-interval} (while serving, not while
 * auto-migrating), and on request when the last check is older than that. At most one check runs at a time: a
 * request during a check gets the previous report (or waits for the first). Each check updates
 * {@code fleetway_drift_objects{target=…}}: the differences of each target, {@code -1} when it could not be
 * compared. Thread-safe.
 */
@ApplicationScoped
public class DriftMonitor {
    private static final Logger LOG = Logger.getLogger(DriftMonitor.class);
    /** How often the schedule looks whether a check is due. */
    private static final Duration TICK = Duration.ofSeconds(5);
    /** How old a report may be with {@code drift-interval = 0} (checks only on request). */
    private static final Duration ON_REQUEST_MAX_AGE = Duration.ofMinutes(1);

    @Inject
    ServeState state;

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicLong> objects = new ConcurrentHashMap<>();
    private CompletableFuture<Envelope> running;
    private Envelope last;
    private long lastAt;
    /** Made on start, never at build time: a native image must not hold a live executor. */
    private volatile ScheduledExecutorService background;

    /** Whether drift is checked: {@code serve} is set up and {@code fleetway.dev-url} is set. */
    public boolean enabled() {
        Fleet fleet = state.snapshot().fleet();
        return fleet != null && fleet.config().devUrl().filter(u -> !u.isBlank()).isPresent();
    }

    /** Starts the periodic checks (after {@link ServeState#start}); does nothing without a dev URL or an interval. */
    public void start() {
        if (!enabled() || interval().isZero()) {
            return;
        }
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleetway-drift");
            t.setDaemon(true);
            return t;
        });
        background.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The last report, the same envelope as {@code fleetway drift --format json}; starts a check when it is older
     * than the interval (none runs yet), and waits only when there is no report at all.
     */
    public Envelope report() {
        CompletableFuture<Envelope> wait;
        synchronized (this) {
            if (last == null || System.nanoTime() - lastAt >= maxAge().toNanos()) {
                startCheck();
            }
            if (last != null) {
                return last;
            }
            wait = running;
        }
        try {
            return wait.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void tick() {
        if (!enabled() || state.snapshot().phase() != ServeState.Phase.SERVING) {
            return;
        }
        CompletableFuture<Envelope> started;
        synchronized (this) {
            if (last != null && System.nanoTime() - lastAt < interval().toNanos()) {
                return;
            }
            started = startCheck();
        }
        try {
            started.join();
        } catch (CompletionException e) {
            LOG.warnf("periodic drift check failed: %s",
                    ConnectionString.mask(FleetwayException.firstLine(e.getCause().getMessage())));
        }
    }

    /** The running check, started now unless one runs. Called holding this object's monitor. */
    private CompletableFuture<Envelope> startCheck() {
        if (running == null) {
            running = CompletableFuture.supplyAsync(this::check);
            running.whenComplete((report, failure) -> done(report));
        }
        return running;
    }

    private synchronized void done(Envelope report) {
        if (report != null) {
            last = report;
            lastAt = System.nanoTime();
        }
        running = null;
    }

    private Envelope check() {
        ServeState.Snapshot now = state.snapshot();
        try {
            List<Target> targets = now.fleet().select(now.selection());
            DriftRun run = new Drift(now.fleet()).check(targets, new FleetRunner(now.parallelism(), false,
                    Events.none()), false);
            record(run);
            return run.envelope("drift", run.exitCode(false));
        } catch (SQLException e) {
            throw new FleetwayException(SqlState.exitCode(e), "drift check failed: "
                    + FleetwayException.firstLine(e.getMessage()), e);
        }
    }

    /** {@code fleetway_drift_objects{target=…}}: each target's differences, -1 when it could not be compared. */
    private void record(DriftRun run) {
        run.outcomes().forEach(o -> objects.computeIfAbsent(o.target().id(), id -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("fleetway.drift.objects", v, AtomicLong::get)
                    .description("Objects whose schema differs from what the target's migrations produce (-1: not"
                            + " compared)").tag("target", id).register(registry);
            return v;
        }).set(DriftRun.state(o) == DriftState.ERROR ? -1 : o.result().orElseThrow().differences().size()));
    }

    private Duration interval() {
        return state.snapshot().fleet().config().serve().driftInterval();
    }

    private Duration maxAge() {
        return interval().isZero() ? ON_REQUEST_MAX_AGE : interval();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        ScheduledExecutorService executor = background;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
