package dev.fleetway.lint;

import java.util.Locale;

/**
 * The linter's rules: id, severity, and the one-line reason and fix every finding of the rule carries.
 * Reasons and fixes are {@link String#format} templates filled with the statement's names.
 */
enum Rule {
    DROP_TABLE("drop-table", Severity.ERROR,
            "DROP TABLE %s breaks the running version, which still reads and writes it",
            "ship a release that no longer uses %1$s, then drop it in a later migration with -- fleetway:allow drop-table <why>"),
    DROP_COLUMN("drop-column", Severity.ERROR,
            "dropping column %s breaks the running version, which still selects or inserts it",
            "ship a release that no longer uses %1$s, then drop it in a later migration with -- fleetway:allow drop-column <why>"),
    RENAME_TABLE("rename-table", Severity.ERROR,
            "renaming table %s to %s breaks the running version, which still uses the old name",
            "in the same migration CREATE VIEW %1$s AS SELECT * FROM %2$s for the old code, and drop the view a release later"),
    RENAME_COLUMN("rename-column", Severity.ERROR,
            "renaming column %s to %s breaks the running version, which still uses the old name",
            "add column %2$s, write both and backfill, switch reads, then drop %1$s in a later release"),
    CHANGE_COLUMN_TYPE("change-column-type", Severity.ERROR,
            "changing column %s to type %s can rewrite the table under an ACCESS EXCLUSIVE lock and break the running version",
            "add a new column of type %2$s, backfill it in batches, switch the code, then drop %1$s in a later release"),
    ADD_COLUMN_NOT_NULL_WITHOUT_DEFAULT("add-column-not-null-without-default", Severity.ERROR,
            "adding NOT NULL column %s without a DEFAULT fails on a non-empty table and breaks the running version's INSERTs",
            "add %1$s with a DEFAULT (or nullable, then backfill and enforce NOT NULL with a validated CHECK constraint)"),
    SET_NOT_NULL("set-not-null", Severity.ERROR,
            "SET NOT NULL on %s scans the whole table while holding an ACCESS EXCLUSIVE lock",
            "first ADD CONSTRAINT … CHECK (%2$s IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT it; SET NOT NULL then skips the scan"),
    INDEX_WITHOUT_CONCURRENTLY("index-without-concurrently", Severity.WARNING,
            "%s without CONCURRENTLY blocks writes to the table until it finishes",
            "use %2$s CONCURRENTLY in a migration marked -- fleetway:non-transactional"),
    CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction", Severity.ERROR,
            "%s CONCURRENTLY cannot run inside a transaction block, and this migration runs in one",
            "move it to its own migration whose header says -- fleetway:non-transactional"),
    CONSTRAINT_WITHOUT_NOT_VALID("constraint-without-not-valid", Severity.WARNING,
            "adding %s constraint %s checks every row of %s while blocking writes to it",
            "add it with NOT VALID, then ALTER TABLE %3$s VALIDATE CONSTRAINT %2$s in a later migration"),
    MISSING_LOCK_TIMEOUT("missing-lock-timeout", Severity.WARNING,
            "ALTER TABLE %s waits for its lock with no lock_timeout, and every query on the table queues behind it",
            "put SET lock_timeout = '5s'; before the first ALTER TABLE (or enable Fleetway's lock timeout) and retry on timeout"),
    VACUUM_FULL("vacuum-full", Severity.ERROR,
            "VACUUM FULL rewrites %s under an ACCESS EXCLUSIVE lock, blocking reads and writes until it finishes",
            "remove it from the migration; reclaim space online with pg_repack, or let autovacuum do its work"),
    CLUSTER("cluster", Severity.ERROR,
            "CLUSTER rewrites %s under an ACCESS EXCLUSIVE lock, blocking reads and writes until it finishes",
            "remove it from the migration; reorder the table online with pg_repack"),
    LOCK_TABLE("lock-table", Severity.ERROR,
            "LOCK TABLE %s holds an explicit lock until the migration commits, blocking the running version",
            "remove it; let each statement take the lock it needs, bounded by SET lock_timeout"),
    UNPARSED("unparsed", Severity.INFO,
            "not checked: the SQL parser cannot read this statement (%s)",
            "review its locks by hand, or write it in a form the parser reads"),
    SUPPRESSION_WITHOUT_REASON("suppression-without-reason", Severity.WARNING,
            "-- fleetway:allow %s gives no reason",
            "say why it is safe: -- fleetway:allow %1$s <reason>");

    private final String id;
    private final Severity severity;
    private final String reason;
    private final String fix;

    Rule(String id, Severity severity, String reason, String fix) {
        this.id = id;
        this.severity = severity;
        this.reason = reason;
        this.fix = fix;
    }

    /** The kebab-case id used in output and in {@code -- fleetway:allow} comments. */
    String id() {
        return id;
    }

    /** An unsuppressed finding of this rule at {@code file:line}, its templates filled with {@code names}. */
    Finding at(String file, int line, Object... names) {
        return new Finding(file, line, id, severity, String.format(Locale.ROOT, reason, names),
                String.format(Locale.ROOT, fix, names), false, null);
    }
}
