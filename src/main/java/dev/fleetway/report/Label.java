package dev.fleetway.report;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A state enum's stable word in JSON and tables: its name in lower case with {@code -} for {@code _}
 * ({@code NEEDS_UPGRADE} is {@code needs-upgrade}). These words are part of the documented output.
 */
public interface Label {

    String name();

    @JsonValue
    default String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
