package dev.fleetway.serve;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The one fleet audit that every probe, API request and page poll of {@code serve} shares: a report younger
 * than {@code maxAge} is served as is; otherwise the first caller starts an audit and every caller that comes
 * while it runs waits for the same one. So however many clients poll, at most one audit runs at a time, and at
 * most one starts per {@code maxAge}. The same holds for any other read shared this way (one target's status for
 * the dashboard's detail view). Thread-safe.
 *
 * @param <T> the report: an {@link dev.fleetway.report.AuditReport}, or another read's result
 */
final class AuditCache<T> {
    private final Duration maxAge;
    private final Supplier<T> audit;
    private CompletableFuture<T> running;
    private T last;
    private long lastAt;

    AuditCache(Duration maxAge, Supplier<T> audit) {
        this.maxAge = maxAge;
        this.audit = audit;
    }

    /** A report at most {@code maxAge} old, waiting for the running audit when there is one. */
    T get() {
        CompletableFuture<T> wait;
        synchronized (this) {
            if (last != null && System.nanoTime() - lastAt < maxAge.toNanos()) {
                return last;
            }
            if (running == null) {
                running = CompletableFuture.supplyAsync(audit);
                wait = running;
                // An audit that already ended runs this at once, on this thread, clearing 'running': hence 'wait'.
                wait.whenComplete((report, failure) -> done(report));
            } else {
                wait = running;
            }
        }
        try {
            return wait.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The last report, however old; null before the first audit ended. */
    synchronized T last() {
        return last;
    }

    private synchronized void done(T report) {
        if (report != null) {
            last = report;
            lastAt = System.nanoTime();
        }
        running = null;
    }
}
