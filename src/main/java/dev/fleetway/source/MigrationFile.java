package dev.fleetway.source;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.api.callback.Event;

/**
 * One migration script as a {@link Layout} read it from a location: an up script (applied once, in version order),
 * its down script (run by {@code revert}), a repeatable script or a Flyway callback. In the {@code flyway} layout
 * the file name says which: {@code V<version>__<description>.sql} (apply), {@code U<version>__<description>.sql}
 * (its down script) or {@code R__<description>.sql} (repeatable, re-applied whenever it changes); other layouts
 * have their own names (see {@link Layouts}), and everything outside {@code source/} sees only these records.
 *
 * @param filename the file's own name, e.g. {@code V3__create_projects.sql} or {@code up.sql}
 * @param location where it was found, e.g. {@code classpath:db/migration} or {@code filesystem:/app/migrations}
 * @param relativePath path of the file below the location (usually the file name)
 * @param script the name of the script: what the history table's {@code script} column records for it (Flyway
 *        records the path below the location), what messages and results call it, and how history rows are
 *        matched to scripts. Unique in a source: the path below the location, except for a down section that
 *        shares its file with the up section ({@code dbmate}), which is {@code PATH#down}
 * @param kind what the script is
 * @param version the version of up and down scripts, as the layout reads it (Flyway: underscores read as dots;
 *        other layouts: the number without leading zeros); compared as Flyway compares versions, part by part
 *        numerically
 * @param description the description, underscores read as spaces
 * @param content the SQL as Fleetway runs it (and checksums it): the whole file, or for a file holding both
 *        directions ({@code dbmate}) its section, with blank lines in place of the lines before it so that line
 *        numbers stay those of the file
 * @param nonTransactional whether it must run outside a transaction (declared with
 *        {@code -- fleetway:non-transactional}, see {@link Directive}, or {@code executeInTransaction=false} in
 *        its script configuration): then it also runs without {@code lock_timeout}
 * @param conf Flyway's script configuration beside it ({@code NAME.sql.conf}), as written; empty when none
 */
public record MigrationFile(String filename, String location, String relativePath, String script, Kind kind,
        Optional<String> version, String description, String content, boolean nonTransactional,
        Optional<String> conf) {

    private static final Pattern NAME = Pattern.compile("([VUR])([^_]*(?:_[^_]+)*?)__(.+)\\.sql");
    private static final Pattern CALLBACK = Pattern.compile("([a-zA-Z]+)(?:__(.+))?\\.sql");

    /** What a file is. */
    public enum Kind {
        /** {@code V}: applied once, in version order. */
        VERSIONED,
        /** {@code U}: the down script of the version it names, run by {@code revert}. */
        UNDO,
        /** {@code R__}: applied again whenever it changes, after the versioned ones. */
        REPEATABLE,
        /** A Flyway SQL callback, e.g. {@code afterMigrate.sql}: run by Flyway around its commands. */
        CALLBACK;

        /** {@code V} and {@code R} files: what Flyway applies and records in the history. */
        public boolean isMigration() {
            return this == VERSIONED || this == REPEATABLE;
        }
    }

    /** The form of the names this class recognises, for messages. */
    public static final String EXPECTED_FORM = "V<version>__<description>.sql, U<version>__<description>.sql,"
            + " R__<description>.sql or a Flyway callback such as afterMigrate.sql";

    /**
     * Parses a file name the {@code flyway} layout's way; empty when it does not follow its naming rules (see
     * {@link #EXPECTED_FORM}).
     */
    public static Optional<MigrationFile> parse(String relativePath, String location, String content) {
        String filename = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        Matcher callback = CALLBACK.matcher(filename);
        if (callback.matches() && isCallbackEvent(callback.group(1))) {
            String description = callback.group(2) == null ? "" : callback.group(2).replace('_', ' ');
            return Optional.of(of(filename, location, relativePath, Kind.CALLBACK, Optional.empty(), description,
                    content));
        }
        Matcher m = NAME.matcher(filename);
        if (!m.matches()) {
            return Optional.empty();
        }
        String rawVersion = m.group(2);
        Kind kind = switch (m.group(1)) {
            case "V" -> Kind.VERSIONED;
            case "U" -> Kind.UNDO;
            default -> Kind.REPEATABLE;
        };
        if (kind == Kind.REPEATABLE != rawVersion.isEmpty()
                || (!rawVersion.isEmpty() && !rawVersion.matches("\\d+([._]\\d+)*"))) {
            return Optional.empty();
        }
        Optional<String> version = rawVersion.isEmpty() ? Optional.empty()
                : Optional.of(rawVersion.replace('_', '.'));
        return Optional.of(of(filename, location, relativePath, kind, version, m.group(3).replace('_', ' '), content));
    }

    /** For a {@link Kind#CALLBACK}: Flyway's event it runs on, e.g. {@code afterMigrate}; empty for other files. */
    public Optional<String> callbackEvent() {
        if (kind != Kind.CALLBACK) {
            return Optional.empty();
        }
        Matcher m = CALLBACK.matcher(filename);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether {@code name} is one of Flyway's callback events, e.g. {@code afterMigrate}. */
    private static boolean isCallbackEvent(String name) {
        for (Event event : Event.values()) {
            if (event.getId().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A whole file, named by its path, whose transaction mode is read from its own directives. */
    public static MigrationFile of(String filename, String location, String relativePath, Kind kind,
            Optional<String> version, String description, String content) {
        return new MigrationFile(filename, location, relativePath, relativePath, kind, version, description, content,
                Directive.declaresNonTransactional(content), Optional.empty());
    }

    /**
     * A script of {@code file}, as a layout reads it: non-transactional when the layout says so
     * ({@code layoutSaysOutside}) or when it declares {@code -- fleetway:non-transactional} itself.
     */
    public static MigrationFile of(SourceFile file, String script, Kind kind, String version, String description,
            String content, boolean layoutSaysOutside) {
        return new MigrationFile(file.filename(), file.location(), file.relativePath(), script, kind,
                Optional.of(version), description, content,
                layoutSaysOutside || Directive.declaresNonTransactional(content), Optional.empty());
    }

    /**
     * This file with its script configuration ({@code NAME.sql.conf}, Flyway's {@code key=value} lines):
     * {@code executeInTransaction=false} makes it non-transactional.
     */
    public MigrationFile withConf(Optional<String> conf) {
        boolean outside = conf.map(c -> c.lines().map(String::strip)
                .anyMatch(l -> l.replace(" ", "").equalsIgnoreCase("executeInTransaction=false"))).orElse(false);
        return new MigrationFile(filename, location, relativePath, script, kind, version, description, content,
                nonTransactional || outside, conf);
    }

    /** {@code location/relativePath}, how messages name the file. */
    public String path() {
        return location + "/" + relativePath;
    }
}
