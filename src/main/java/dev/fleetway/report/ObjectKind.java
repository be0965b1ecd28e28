package dev.fleetway.report;

import java.util.Arrays;
import java.util.Locale;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What kind of schema object a drift difference is about: the entry's {@code kind} in JSON, and the word after
 * {@code +}, {@code -} or {@code ~} in text ({@link #word()}, the label with spaces). Declared in the order a
 * report lists them.
 */
@RegisterForReflection
public enum ObjectKind implements Label {
    /** An extension installed in the schema. */
    EXTENSION,
    /** A composite type, domain or range type. */
    TYPE,
    /** An enum type; its values are compared in order. */
    ENUM,
    /** A sequence that is not a column's identity (identity columns carry theirs). */
    SEQUENCE,
    /** A table (ordinary, partitioned or foreign). */
    TABLE,
    /** A table's column, named {@code table.column}, compared by name (not position). */
    COLUMN,
    /** A check, foreign key, primary key, unique or exclusion constraint, named {@code table.constraint}. */
    CONSTRAINT,
    /** An index that does not back a constraint. */
    INDEX,
    /** A view. */
    VIEW,
    /** A materialised view. */
    MATERIALIZED_VIEW,
    /** A function, named with its argument types. */
    FUNCTION,
    /** A procedure, named with its argument types. */
    PROCEDURE,
    /** A trigger, named {@code table.trigger}. */
    TRIGGER,
    /** Row-level security enabled on a table. */
    ROW_LEVEL_SECURITY,
    /** A row-level security policy, named {@code table.policy}. */
    POLICY,
    /** A privilege of the app user (on the schema, a table, a sequence, a function, or by default). */
    GRANT;

    /** The kind written in text: the label with spaces, e.g. {@code materialized view}. */
    public String word() {
        return label().replace('-', ' ');
    }

    /**
     * The kind a label names.
     *
     * @throws IllegalArgumentException for a word that is no kind's label
     */
    public static ObjectKind of(String label) {
        return Arrays.stream(values()).filter(k -> k.label().equals(label.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no object kind '" + label + "'"));
    }
}
