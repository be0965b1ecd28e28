package dev.fleetway.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import net.sf.jsqlparser.schema.Table;

/**
 * What one migration has done so far, as the linter walks its statements in order: the tables and indexes it
 * created (which the running version cannot be using yet), its {@code CHECK (col IS NOT NULL)} constraints and
 * whether they are validated, and whether a {@code lock_timeout} is in effect. One instance per file and lint run.
 *
 * <p>Tables are matched by name without schema: unquoted names fold to lower case as in PostgreSQL, quoted ones
 * keep their case.
 */
final class FileState {
    private final String file;
    private final boolean nonTransactional;
    private final Set<String> createdTables = new HashSet<>();
    private final Set<String> createdIndexes = new HashSet<>();
    private final Map<String, String> notNullChecks = new HashMap<>();
    private final Set<String> validatedNotNull = new HashSet<>();
    private boolean lockTimeout;

    FileState(String file, boolean nonTransactional) {
        this.file = file;
        this.nonTransactional = nonTransactional;
    }

    /** The migration's path, as findings name it. */
    String file() {
        return file;
    }

    /** True when the migration declares {@code -- fleetway:non-transactional}. */
    boolean nonTransactional() {
        return nonTransactional;
    }

    /** True when this migration created {@code table} earlier, so no running code can be using it. */
    boolean isNew(Table table) {
        return createdTables.contains(key(table.getName()));
    }

    void tableCreated(Table table) {
        createdTables.add(key(table.getName()));
    }

    /** Same as {@link #tableCreated(Table)} for a possibly schema-qualified name as written. */
    void tableCreated(String name) {
        createdTables.add(key(lastPart(name)));
    }

    void tableDropped(Table table) {
        createdTables.remove(key(table.getName()));
    }

    /** A table this migration created was renamed: the new name is just as new. */
    void tableRenamed(Table table, String newName) {
        if (createdTables.remove(key(table.getName()))) {
            createdTables.add(key(lastPart(newName)));
        }
    }

    void indexCreated(String name) {
        if (name != null) {
            createdIndexes.add(key(lastPart(name)));
        }
    }

    boolean isNewIndex(String name) {
        return name != null && createdIndexes.contains(key(lastPart(name)));
    }

    /** Records {@code CHECK (column IS NOT NULL)} named {@code constraint} on {@code table}, validated or not. */
    void notNullCheck(Table table, String constraint, String column, boolean validated) {
        String col = key(table.getName()) + "." + key(column);
        if (validated) {
            validatedNotNull.add(col);
        } else if (constraint != null) {
            notNullChecks.put(key(table.getName()) + "/" + key(constraint), col);
        }
    }

    /** {@code ALTER TABLE table VALIDATE CONSTRAINT constraint}. */
    void constraintValidated(Table table, String constraint) {
        String col = notNullChecks.remove(key(table.getName()) + "/" + key(constraint));
        if (col != null) {
            validatedNotNull.add(col);
        }
    }

    /** True when a validated {@code CHECK (column IS NOT NULL)} on {@code table} exists by now. */
    boolean notNullValidated(Table table, String column) {
        return validatedNotNull.contains(key(table.getName()) + "." + key(column));
    }

    boolean lockTimeout() {
        return lockTimeout;
    }

    void lockTimeout(boolean inEffect) {
        lockTimeout = inEffect;
    }

    /** PostgreSQL's identity of a name: quoted names as written, unquoted ones in lower case. */
    static String key(String identifier) {
        if (identifier.length() > 1 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        return identifier.toLowerCase(Locale.ROOT);
    }

    private static String lastPart(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }
}
