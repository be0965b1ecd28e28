package dev.fleetway.plan;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.FleetwayException;

/**
 * How far a {@code migrate} or {@code revert} run goes.
 *
 * @param kind which bound was given
 * @param count for {@link Kind#COUNT}: how many migrations (at least 1); 0 otherwise
 * @param version for {@link Kind#TARGET}: the version (digits separated by {@code .} or {@code _}); null otherwise
 */
public record Bound(Kind kind, int count, String version) {

    public enum Kind {
        /** No bound given: apply everything pending, or revert the newest migration. */
        DEFAULT,
        /** {@code --to-baseline}: everything pending, or everything revertible (above the baseline). */
        ALL,
        /** {@code --step}: one migration at a time, each confirmed at a prompt. */
        STEP,
        /** {@code --count N}: the next N pending, or the newest N applied. */
        COUNT,
        /** {@code --target V}: up to and including V, or down to and excluding V. */
        TARGET
    }

    public static Bound none() {
        return new Bound(Kind.DEFAULT, 0, null);
    }

    public static Bound all() {
        return new Bound(Kind.ALL, 0, null);
    }

    public static Bound step() {
        return new Bound(Kind.STEP, 0, null);
    }

    /** @throws FleetwayException (exit 2) unless {@code n} is at least 1 */
    public static Bound count(int n) {
        if (n < 1) {
            throw FleetwayException.usage("--count must be at least 1 (got " + n + ")");
        }
        return new Bound(Kind.COUNT, n, null);
    }

    /** @throws FleetwayException (exit 2) unless {@code version} is digits separated by dots or underscores */
    public static Bound target(String version) {
        if (version == null || !version.matches("\\d+([._]\\d+)*")) {
            throw FleetwayException.usage("--target '" + version + "' is not a version — write digits separated by"
                    + " dots, e.g. --target 4 or --target 1.2");
        }
        return new Bound(Kind.TARGET, 0, version.replace('_', '.'));
    }

    /** The {@link Kind#TARGET} version as Flyway compares versions. */
    public MigrationVersion targetVersion() {
        return MigrationVersion.fromVersion(version);
    }
}
