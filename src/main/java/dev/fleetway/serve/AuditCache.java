package dev.fleetway.serve;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.fleetway.report.AuditReport;

/**
 * The one fleet audit that every probe, API request and page poll of {@code serve} shares: a report younger
 * than {@code maxAge} is served as is; otherwise the first caller starts an audit and every caller that comes
 * while it runs waits for the same one. So however many clients poll, at most one audit runs at a time, and at
 * most one starts per {@code maxAge}. Thread-safe.
 */
final class AuditCache {
    private final Duration maxAge;
    private final Supplier<AuditReport> audit;
    private CompletableFuture<AuditReport> running;
    private AuditReport last;
    private long lastAt;

    AuditCache(Duration maxAge, Supplier<AuditReport> audit) {
        this.maxAge = maxAge;
        this.audit = audit;
    }

    /** A report at most {@code maxAge} old, waiting for the running audit when there is one. */
    AuditReport get() {
        CompletableFuture<AuditReport> wait;
        synchronized (this) {
            if (last != null && System.nanoTime() - lastAt < maxAge.toNanos()) {
                return last;
            }
            if (running == null) {
                running = CompletableFuture.supplyAsync(audit);
                running.whenComplete((report, failure) -> done(report));
            }
            wait = running;
        }
        try {
            return wait.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The last report, however old; null before the first audit ended. */
    synchronized AuditReport last() {
        return last;
    }

    private synchronized void done(AuditReport report) {
        if (report != null) {
            last = report;
            lastAt = System.nanoTime();
        }
        running = null;
    }
}
