package dev.fleetway.source;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One migration script as found in a location, named the Flyway way: {@code V<version>__<description>.sql}
 * (apply), {@code U<version>__<description>.sql} (its down script) or {@code R__<description>.sql}
 * (repeatable, re-applied whenever it changes).
 *
 * @param filename the file name, e.g. {@code V3__create_projects.sql}
 * @param location where it was found, e.g. {@code classpath:db/migration} or {@code filesystem:/app/migrations}
 * @param relativePath path below the location (usually the file name)
 * @param kind what the prefix declares
 * @param version the version for {@code V} and {@code U} files (underscores read as dots, as Flyway does)
 * @param description the description with underscores as spaces
 * @param content the SQL text
 * @param nonTransactional whether it must run outside a transaction (declared with
 *        {@code -- fleetway:non-transactional}, see {@link Directive}): then it also runs without
 *        {@code lock_timeout}
 */
public record MigrationFile(String filename, String location, String relativePath, Kind kind,
        Optional<String> version, String description, String content, boolean nonTransactional) {

    private static final Pattern NAME = Pattern.compile("([VUR])([^_]*(?:_[^_]+)*?)__(.+)\\.sql");

    public enum Kind {
        VERSIONED, UNDO, REPEATABLE
    }

    /** Parses a file name; empty when it does not follow the naming rules (such files are ignored). */
    public static Optional<MigrationFile> parse(String relativePath, String location, String content) {
        String filename = relativePath.substring(relativePath.lastIndexOf('/') + 1);
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

    /** A file whose transaction mode is read from its own directives. */
    public static MigrationFile of(String filename, String location, String relativePath, Kind kind,
            Optional<String> version, String description, String content) {
        return new MigrationFile(filename, location, relativePath, kind, version, description, content,
                Directive.declaresNonTransactional(content));
    }

    /** {@code location/relativePath}, how messages name the file. */
    public String path() {
        return location + "/" + relativePath;
    }
}
