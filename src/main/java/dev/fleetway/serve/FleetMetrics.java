package dev.fleetway.serve;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fleetway.execute.Outcome;
import dev.fleetway.report.AuditReport;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.UpgradeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Prometheus metrics of {@code serve} (at {@code /q/metrics}): migrations applied and failed per target
 * kind, migration duration per target, pending migrations per target, and the time of the last run.
 */
@ApplicationScoped
public class FleetMetrics {
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastRun = new AtomicLong();

    @Inject
    MeterRegistry registry;

    /** Records one auto-migration's outcomes. */
    public void recordRun(Iterable<Outcome<UpgradeResult>> outcomes) {
        for (Outcome<UpgradeResult> o : outcomes) {
            String kind = o.target().kind().label();
            o.result().ifPresent(r -> {
                Counter.builder("fleetway.migrations.applied").description("Migrations applied by serve")
                        .tag("kind", kind).register(registry).increment(r.applied().size());
                Timer.builder("fleetway.migration.duration").description("Time to bring one target up to date")
                        .tag("kind", kind).publishPercentileHistogram().register(registry)
                        .record(Duration.ofMillis(r.millis()));
            });
            if (o.isFailure()) {
                Counter.builder("fleetway.migrations.failed").description("Targets whose migration failed")
                        .tag("kind", kind).register(registry).increment();
            }
        }
        lastRun.set(System.currentTimeMillis() / 1000);
        Gauge.builder("fleetway.last.run.timestamp.seconds", lastRun, AtomicLong::get)
                .description("When serve last ran the migrations (Unix time)").register(registry);
    }

    /** Updates the pending-migrations gauge of every audited target. */
    public void recordAudit(AuditReport report) {
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
