package dev.fleetway.report;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A state enum's stable word in JSON and tables: its name in lower case with {@code -} for {@code _}
 * ({@code NEEDS_UPGRADE} is {@code needs-upgrade}). These words are part of the documented output. Registered for
 * reflection so that the native build's Jackson sees {@link #label()}'s {@code @JsonValue} (without it, enums are
 * written by name).
 */
@RegisterForReflection
public interface Label {

    String name();

    @JsonValue
    default String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
