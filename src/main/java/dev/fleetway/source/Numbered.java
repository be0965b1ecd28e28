package dev.fleetway.source;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** What the layouts that number their files ({@code {version}_{name}…}) share. */
final class Numbered {
    private Numbered() {
    }

    /**
     * The version of a file numbered {@code digits}: the number without leading zeros ({@code 0007} is 7), as the
     * other tools store it ({@code bigint}) and as Flyway compares it.
     */
    static String version(String digits) {
        return new BigInteger(digits).toString();
    }

    /** A name as a description: underscores read as spaces, as Flyway and sqlx read them. */
    static String description(String name) {
        return name.replace('_', ' ');
    }

    /** The first line of a new script: what it does and who wrote it when. */
    static String header(String version, String description, Instant created, String what) {
        return "-- " + version + ": " + description + " (" + what + ")\n-- Created "
                + DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS))
                + " by 'fleetway new'.\n\n";
    }
}
