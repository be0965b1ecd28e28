package dev.fleetway.flyway;

import dev.fleetway.db.SqlState;

/**
 * A migration that failed while Flyway applied it, with what Fleetway needs to report and record it. Read off
 * Flyway's internal exception here, so that nothing outside this package depends on Flyway's internals.
 *
 * @see Migrator#migrate
 */
public final class MigrationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String script;
    private final String version;
    private final String description;
    private final Integer checksum;
    private final boolean transactional;
    private final int line;
    private final String sqlState;
    private final int earlierApplied;
    private final boolean identified;

    MigrationFailure(String script, String version, String description, Integer checksum, boolean transactional,
            int line, String sqlState, int earlierApplied, boolean identified, Throwable cause) {
        super(databaseError(cause), cause);
        this.identified = identified;
        this.script = script;
        this.version = version;
        this.description = description;
        this.checksum = checksum;
        this.transactional = transactional;
        this.line = line;
        this.sqlState = sqlState;
        this.earlierApplied = earlierApplied;
    }

    /** The script that failed, e.g. {@code V10__add_webhooks.sql}; {@code a migration} when Flyway did not say. */
    public String script() {
        return script;
    }

    /** Its version; null for a repeatable script. */
    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    /** Flyway's checksum of the script; null when unknown. */
    public Integer checksum() {
        return checksum;
    }

    /** Whether it ran in a transaction (then PostgreSQL rolled it back whole). */
    public boolean transactional() {
        return transactional;
    }

    /** The line of the failing statement; 0 when unknown. */
    public int line() {
        return line;
    }

    /** The database's SQLSTATE; empty when the failure did not come from the database. */
    public String sqlState() {
        return sqlState;
    }

    /** Whether the statement gave up waiting for a lock ({@code lock_timeout}). */
    public boolean lockTimeout() {
        return SqlState.LOCK_NOT_AVAILABLE.equals(sqlState);
    }

    /** How many migrations of the same run were applied before this one, and stay applied. */
    public int earlierApplied() {
        return earlierApplied;
    }

    /** Whether Flyway said which migration failed (else {@link #script()} is only {@code a migration}). */
    public boolean identified() {
        return identified;
    }

    /** The database's own error text, first line, with its SQLSTATE. */
    static String databaseError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                return dev.fleetway.FleetwayException.firstLine(sql.getMessage()) + " (SQLSTATE " + sql.getSQLState() + ")";
            }
        }
        return dev.fleetway.FleetwayException.firstLine(e == null ? null : e.getMessage());
    }
}
