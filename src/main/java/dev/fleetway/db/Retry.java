package dev.fleetway.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/**
 * The one retry policy of Fleetway, for everything that may succeed a little later: a database that is not up
 * yet (retried until a deadline), a migration or down script that gave up on {@code lock_timeout} (retried a
 * number of times). Waits start at {@code firstBackoff} and double up to {@code maxBackoff}; with a deadline, the
 * last wait is cut to what is left.
 *
 * @param maxRetries how many retries after the first attempt; {@link Integer#MAX_VALUE} when only the deadline bounds them
 * @param deadline how long to keep retrying, counted from the first attempt; empty for no time bound
 */
public record Retry(int maxRetries, Optional<Duration> deadline, Duration firstBackoff, Duration maxBackoff) {

    /** One attempt at the work. */
    @FunctionalInterface
    public interface Attempt<T, X extends Exception> {
        T run() throws X;
    }

    /**
     * Told of every failed attempt, before the wait: logs it or publishes it, and may throw (a better error, or
     * the failure itself) to give up early, e.g. when the failure is not one that a retry can cure. It may ask
     * the database why (hence {@link SQLException}).
     */
    @FunctionalInterface
    public interface OnFailure<X extends Exception> {
        /**
         * @param attempt the 1-based number of the attempt that failed
         * @param retryInMillis the wait before the next attempt; -1 when the policy allows none, in which case
         *        returning normally gives up with {@code failure}
         */
        void failed(X failure, int attempt, long retryInMillis) throws X, SQLException;
    }

    /** At most {@code retries} retries, the first after {@code firstBackoff}, waits doubling up to 30 s. */
    public static Retry times(int retries, Duration firstBackoff) {
        return new Retry(Math.max(0, retries), Optional.empty(), firstBackoff, Duration.ofSeconds(30));
    }

    /** Retries until {@code deadline} has passed, the first after 200 ms, waits doubling up to 5 s. */
    public static Retry until(Duration deadline) {
        return new Retry(Integer.MAX_VALUE, Optional.of(deadline), Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /**
     * Runs {@code attempt} until it succeeds, {@code onFailure} gives up, or the policy is spent. Exceptions that
     * are not {@code failures} (unchecked ones of other types) end the run at once.
     *
     * @throws X the last failure when the policy is spent
     */
    public <T, X extends Exception> T run(Class<X> failures, Attempt<T, X> attempt, OnFailure<X> onFailure)
            throws X, SQLException {
        long start = System.nanoTime();
        long backoff = firstBackoff.toMillis();
        for (int n = 1;; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (!failures.isInstance(e)) {
                    throw (RuntimeException) e; // only X or unchecked exceptions can come out of the attempt
                }
                X failure = failures.cast(e);
                long wait = nextWait(n, start, backoff);
                onFailure.failed(failure, n, wait);
                if (wait < 0) {
                    throw failure;
                }
                sleep(wait);
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            }
        }
    }

    private long nextWait(int attempt, long start, long backoff) {
        if (attempt > maxRetries) {
            return -1;
        }
        if (deadline.isEmpty()) {
            return backoff;
        }
        long left = deadline.get().toMillis() - (System.nanoTime() - start) / 1_000_000;
        return left <= 0 ? -1 : Math.min(backoff, left);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetwayException(ExitCode.MIGRATION_FAILED, "interrupted while waiting to retry");
        }
    }
}
