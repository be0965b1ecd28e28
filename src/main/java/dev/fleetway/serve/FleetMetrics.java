package dev.fleetway.serve;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fleetway.execute.Event;
import dev.fleetway.execute.Events;
import dev.fleetway.report.AuditReport;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.TargetState;
import dev.fleetway.report.UpgradeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Prometheus metrics of {@code serve} (at {@code /q/metrics}), from the events of its migration runs (audits
 * publish none): migrations applied and targets failed per target kind, the time to bring one target up to date,
 * the time of the last run; and pending migrations per target, from the shared audit.
 */
@ApplicationScoped
public class FleetMetrics implements Events {
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastRun = new AtomicLong();

    @Inject
    MeterRegistry registry;

    @Override
    public void publish(Event event) {
        if (event instanceof Event.MigrationApplied e && !e.down()) {
            Counter.builder("fleetway.migrations.applied").description("Migrations applied by serve")
                    .tag("kind", e.target().kind().label()).register(registry).increment();
        } else if (event instanceof Event.TargetFinished e && e.outcome().result().orElse(null) instanceof UpgradeResult) {
            Timer.builder("fleetway.migration.duration").description("Time to bring one target up to date")
                    .tag("kind", e.target().kind().label()).publishPercentileHistogram().register(registry)
                    .record(Duration.ofMillis(e.millis()));
        } else if (event instanceof Event.TargetFinished e && e.outcome().isFailure()) {
            Counter.builder("fleetway.migrations.failed").description("Targets whose migration failed")
                    .tag("kind", e.target().kind().label()).register(registry).increment();
        } else if (event instanceof Event.RunFinished) {
            lastRun.set(System.currentTimeMillis() / 1000);
            Gauge.builder("fleetway.last.run.timestamp.seconds", lastRun, AtomicLong::get)
                    .description("When serve last ran the migrations (Unix time)").register(registry);
        }
    }

    private final Map<TargetState, AtomicLong> states = new ConcurrentHashMap<>();

    /**
     * Updates the gauges of the fleet's health from an audit: the number of targets in each state
     * ({@code fleetway_targets{state="needs-upgrade"}}) and the pending migrations of every target.
     */
    void recordAudit(AuditReport report) {
        for (TargetState state : TargetState.values()) {
            states.computeIfAbsent(state, s -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder("fleetway.targets", v, AtomicLong::get).description("Targets of the fleet in a state")
                        .tag("state", s.label()).register(registry);
                return v;
            }).set(report.targets().stream().filter(r -> r.status() == state).count());
        }
        for (AuditRow row : report.targets()) {
            AtomicLong value = pending.computeIfAbsent(row.target(), id -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder("fleetway.pending.migrations", v, AtomicLong::get)
                        .description("Pending migrations of a target (-1: unreachable)").tag("target", id)
                        .register(registry);
                return v;
            });
            value.set(row.pending() == null ? -1 : row.pending());
        }
    }
}
