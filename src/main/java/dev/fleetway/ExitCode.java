package dev.fleetway;

/**
 * The process exit codes Fleetway documents. This enum is the only place the numbers live; the CLI maps
 * every outcome and every exception to one of these in {@code cli.ExitCodes} (exceptions that are not a
 * {@link FleetwayException} through {@code db.SqlState#exitCode}).
 */
public enum ExitCode {
    /** Everything selected is done, including "nothing to do". */
    OK(0),
    /** A migration (or revert step) failed; the database is left as it was before that migration. */
    MIGRATION_FAILED(1),
    /** Bad command line or configuration: nothing was changed. */
    USAGE(2),
    /** A database could not be reached in time, or refused the credentials. */
    UNREACHABLE(3),
    /** Source and database disagree (checksum mismatch, missing file, non-empty database without history). */
    VALIDATION_FAILED(4),
    /** The per-target lock was not acquired within {@code --lock-wait}. */
    LOCK_TIMEOUT(5),
    /** Fleet runs: some targets failed while others succeeded. */
    PARTIAL(6),
    /** {@code audit --fail-on} or {@code drift --fail-on} found what it was asked to fail on. */
    AUDIT_FINDINGS(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
