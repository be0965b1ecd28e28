package dev.fleetway.lint;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How bad a finding is. Only unsuppressed {@link #ERROR}s fail {@code fleetway lint}. */
@RegisterForReflection
public enum Severity {
    /** Breaks the running version or blocks it for the length of a table rewrite or scan. */
    ERROR,
    /** Usually safe to fix cheaply, and harmful on a large or busy table. */
    WARNING,
    /** Not a hazard: something the linter could not check. */
    INFO;

    /** The lower-case name used in text and JSON output, e.g. {@code error}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
