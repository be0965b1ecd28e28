package dev.fleetway.report;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One migration as seen by {@code status}: the file on disk joined with its row in the history table.
 *
 * @param version the version, empty for repeatable migrations
 * @param type {@code versioned}, {@code repeatable}, {@code baseline}, or {@code schema} (Flyway's marker for
 *        a schema it created)
 * @param script the file name (or the script recorded in history when the file is missing)
 * @param source {@code present} or {@code missing} (baseline and schema markers have no file and count as present)
 * @param database {@code applied}, {@code pending}, {@code failed}, {@code out-of-order}, {@code ignored} (older
 *        than the current version and never applied) or {@code below-baseline} (covered by a baseline)
 * @param installedOn when it was applied; null when not applied
 * @param checksum {@code ok} or {@code mismatch} for applied migrations with a file; null otherwise
 */
@RegisterForReflection
public record MigrationRow(String version, String description, String type, String script, String source,
        String database, Instant installedOn, String checksum) {

    public static final String PRESENT = "present";
    public static final String MISSING = "missing";
    public static final String APPLIED = "applied";
    public static final String PENDING = "pending";
    public static final String FAILED = "failed";
    public static final String OUT_OF_ORDER = "out-of-order";
    public static final String IGNORED = "ignored";
    public static final String BELOW_BASELINE = "below-baseline";
    public static final String OK = "ok";
    public static final String MISMATCH = "mismatch";
}
