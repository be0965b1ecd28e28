package dev.fleetway.execute;

import java.time.Duration;

import dev.fleetway.db.Retry;

/**
 * How carefully migrations are applied.
 *
 * @param lockTimeout the session's {@code lock_timeout}; zero disables it
 * @param statementTimeout the session's {@code statement_timeout}; zero disables it
 * @param lockRetries how often a migration that hit the lock timeout is retried, with backoff
 * @param lint refuse a target whose pending migrations have error-level lint findings
 * @param repairInvalidIndexes drop INVALID indexes (left by an interrupted {@code CREATE INDEX CONCURRENTLY})
 *        before migrating, so the migration builds them again; otherwise they are a refusal (exit 4)
 * @param firstBackoff the wait before the first retry; doubled each time, at most 30 s
 */
public record ApplyPolicy(Duration lockTimeout, Duration statementTimeout, int lockRetries, boolean lint,
        boolean repairInvalidIndexes, Duration firstBackoff) {

    /** No timeouts, no retries, no lint: for tests and tools that want plain Flyway behaviour. */
    public static final ApplyPolicy PLAIN = new ApplyPolicy(Duration.ZERO, Duration.ZERO, 0, false, false,
            Duration.ofSeconds(1));

    /** How a script that gave up on the lock timeout is retried. */
    public Retry retry() {
        return Retry.times(lockRetries, firstBackoff);
    }

    public boolean lockTimeoutEnabled() {
        return !lockTimeout.isZero() && !lockTimeout.isNegative();
    }
}
