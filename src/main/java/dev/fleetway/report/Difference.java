package dev.fleetway.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One way a schema differs from what its migrations produce ({@code drift}) or from the snapshot before a
 * migration ({@code verify}). Expected is the reference, actual the schema read.
 *
 * @param kind what kind of object
 * @param name the object's name within the schema ({@code users.nickname}, {@code invoices_due_idx})
 * @param change {@code added} (only in the schema read), {@code missing} (only in the reference) or {@code changed}
 * @param attribute for a change, which attribute differs ({@code default}, {@code type}, {@code definition}…);
 *        null otherwise (and then absent)
 * @param expected the reference's value (for {@code missing}: the object's description); null when there is none
 * @param actual the schema's value (for {@code added}: the object's description); null when there is none
 */
@RegisterForReflection
@JsonPropertyOrder({ "kind", "name", "change", "attribute", "expected", "actual" })
public record Difference(ObjectKind kind, String name, Change change,
        @JsonInclude(JsonInclude.Include.NON_NULL) String attribute, String expected, String actual) {

    /** Values longer than this are not repeated on the text line (JSON has them whole). */
    private static final int SHOWN_CHARS = 60;

    /** How an object differs. */
    @RegisterForReflection
    public enum Change implements Label {
        /** In the schema read, not in the reference: made by hand (or by a migration no longer in the files). */
        ADDED,
        /** In the reference, not in the schema read: dropped by hand (or never created). */
        MISSING,
        /** In both, with an attribute that differs. */
        CHANGED;

        /** The sign that starts the text line: {@code +}, {@code -} or {@code ~}. */
        public String sign() {
            return switch (this) {
                case ADDED -> "+";
                case MISSING -> "-";
                case CHANGED -> "~";
            };
        }
    }

    public static Difference added(ObjectKind kind, String name, String actual) {
        return new Difference(kind, name, Change.ADDED, null, null, actual);
    }

    public static Difference missing(ObjectKind kind, String name, String expected) {
        return new Difference(kind, name, Change.MISSING, null, expected, null);
    }

    public static Difference changed(ObjectKind kind, String name, String attribute, String expected, String actual) {
        return new Difference(kind, name, Change.CHANGED, attribute, expected, actual);
    }

    /**
     * The difference as one line of text: {@code + index invoices_due_idx}, {@code - column users.nickname},
     * {@code ~ column accounts.plan: default 'free' -> 'trial'}; a value too long for a line is said to differ.
     */
    public String line() {
        String head = change.sign() + " " + kind.word() + " " + name;
        if (change != Change.CHANGED) {
            return head;
        }
        if (tooLong(expected) || tooLong(actual)) {
            return head + ": " + attribute + " differs";
        }
        return head + ": " + attribute + " " + shown(expected) + " -> " + shown(actual);
    }

    private static boolean tooLong(String value) {
        return value != null && (value.length() > SHOWN_CHARS || value.contains("\n"));
    }

    private static String shown(String value) {
        return value == null ? "none" : value;
    }
}
