package dev.fleetway.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.Sql;
import dev.fleetway.tenant.Target;

/**
 * Reads the state tables of golang-migrate, dbmate, sqlx, a Flyway history and a project's own query, read-only, as
 * each tool writes them (see docs/operations.md, "Adopting a database"). Refuses, naming the target and the fix, a
 * table whose columns are another tool's, a dirty or failed state, and a version that is not a number.
 */
final class StateTables {
    /** golang-migrate's (and Hasura's CLI config v1/v2) columns. */
    static final Map<String, String> GOLANG = Map.of("version", "bigint", "dirty", "boolean");
    /** sqlx's columns. */
    static final Map<String, String> SQLX = Map.of("version", "bigint", "description", "text", "installed_on",
            "timestamp with time zone", "success", "boolean", "checksum", "bytea", "execution_time", "bigint");

    private final Connection c;
    private final Target target;

    StateTables(Connection c, Target target) {
        this.c = c;
        this.target = target;
    }

    /** A table's schema and name; a name without schema is in {@code schema}. */
    record Table(String schema, String name) {
        static Table of(String written, String schema) {
            int dot = written.indexOf('.');
            return dot < 0 ? new Table(schema, written) : new Table(written.substring(0, dot), written.substring(dot + 1));
        }

        String sql() {
            return Sql.qualified(schema, name);
        }

        @Override
        public String toString() {
            return schema + "." + name;
        }
    }

    /** The table's columns and their types in order; empty when it does not exist. */
    Optional<Map<String, String>> columns(Table table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum")) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns.isEmpty() ? Optional.empty() : Optional.of(columns);
    }

    /**
     * golang-migrate's one row: the current version and whether it is dirty.
     *
     * @throws FleetwayException (exit 4) for a dirty version, or more than one row
     */
    RecordedState golangMigrate(Table table) throws SQLException {
        Optional<Map<String, String>> columns = columns(table);
        if (columns.isEmpty()) {
            return RecordedState.absent("table " + table);
        }
        requireShape(table, columns.get(), GOLANG, "golang-migrate", "(version bigint, dirty boolean)");
        List<String[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, dirty FROM " + table.sql()
                + " ORDER BY version")) {
            while (rs.next()) {
                rows.add(new String[] { rs.getString(1), String.valueOf(rs.getBoolean(2)) });
            }
        }
        if (rows.size() > 1) {
            throw refused("table " + table + " has " + rows.size() + " rows, and golang-migrate keeps one (the current"
                    + " version) — if the Hasura CLI wrote it, adopt with --from hasura; else keep the row of the"
                    + " current version");
        }
        if (rows.isEmpty()) {
            return new RecordedState("table " + table, true, Optional.empty(), List.of());
        }
        if (Boolean.parseBoolean(rows.get(0)[1])) {
            throw refused("golang-migrate recorded version " + rows.get(0)[0] + " as dirty in " + table + " (a migration"
                    + " failed half-way) — repair the schema by hand, run 'migrate force V' with golang-migrate (V: the"
                    + " last version fully applied), then adopt again");
        }
        return new RecordedState("table " + table, true, Optional.of(rows.get(0)[0]), List.of());
    }

    /** dbmate's rows: one applied version each. */
    RecordedState dbmate(Table table) throws SQLException {
        Optional<Map<String, String>> columns = columns(table);
        if (columns.isEmpty()) {
            return RecordedState.absent("table " + table);
        }
        Map<String, String> shape = columns.get();
        if (shape.size() != 1 || !shape.getOrDefault("version", "").startsWith("character varying")) {
            throw wrongShape(table, shape, "dbmate", "(version varchar)");
        }
        return new RecordedState("table " + table, true, Optional.empty(), versions("SELECT version FROM "
                + table.sql() + " ORDER BY version", "dbmate", table.toString()));
    }

    /**
     * sqlx's rows, with their checksums.
     *
     * @throws FleetwayException (exit 4) for a row with {@code success = false}
     */
    RecordedState sqlx(Table table) throws SQLException {
        Optional<Map<String, String>> columns = columns(table);
        if (columns.isEmpty()) {
            return RecordedState.absent("table " + table);
        }
        requireShape(table, columns.get(), SQLX, "sqlx", "(version bigint, description text, installed_on timestamptz,"
                + " success boolean, checksum bytea, execution_time bigint)");
        List<RecordedState.Entry> applied = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, success, checksum FROM "
                + table.sql() + " ORDER BY version")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    throw refused("sqlx recorded version " + rs.getString(1) + " as failed (success = false) in " + table
                            + " — repair the schema by hand and remove that row (or finish the migration with sqlx),"
                            + " then adopt again");
                }
                applied.add(new RecordedState.Entry(rs.getString(1), Optional.of(rs.getBytes(3)), Optional.empty()));
            }
        }
        return new RecordedState("table " + table, true, Optional.empty(), applied);
    }

    /**
     * A Flyway history's successful versioned rows, with their checksums.
     *
     * @throws FleetwayException (exit 4) for a failed row, or a baseline (a history that starts from a baseline is
     *         continued as it is, not copied)
     */
    RecordedState flyway(Table table) throws SQLException {
        Optional<Map<String, String>> columns = columns(table);
        if (columns.isEmpty()) {
            return RecordedState.absent("table " + table);
        }
        if (!columns.get().keySet().containsAll(List.of("installed_rank", "version", "type", "checksum", "success"))) {
            throw wrongShape(table, columns.get(), "Flyway", "(installed_rank, version, …, success)");
        }
        List<RecordedState.Entry> applied = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, type, checksum, success"
                + " FROM " + table.sql() + " ORDER BY installed_rank")) {
            while (rs.next()) {
                String version = rs.getString(1);
                if (!rs.getBoolean(4)) {
                    throw refused("the Flyway history " + table + " records a failed migration"
                            + (version == null ? "" : " of version " + version) + " — fix it and run 'flyway repair'"
                            + " (or 'fleetway repair'), then adopt again");
                }
                if ("BASELINE".equals(rs.getString(2))) {
                    throw refused("the Flyway history " + table + " starts from a baseline at version " + version
                            + ", which adopt does not copy — continue that history as Fleetway's"
                            + " (fleetway.table=" + table.name() + ") instead of adopting it");
                }
                if (version != null && "SQL".equals(rs.getString(2))) {
                    applied.add(new RecordedState.Entry(version, Optional.empty(),
                            Optional.ofNullable((Integer) rs.getObject(3))));
                }
            }
        }
        return new RecordedState("table " + table, true, Optional.empty(), applied);
    }

    /**
     * The versions a project's own query returns, in a read-only transaction.
     *
     * @throws FleetwayException (exit 2) when the query fails, naming the database's error
     */
    RecordedState query(String sql) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
            }
            return new RecordedState("--from-query", true, Optional.empty(), versions(sql, "--from-query", "its result"));
        } catch (SQLException e) {
            throw FleetwayException.usage(target.describe() + ": --from-query failed: "
                    + FleetwayException.firstLine(e.getMessage()) + " (SQLSTATE " + e.getSQLState() + ") — fix the query;"
                    + " it must return one applied version per row, e.g. SELECT version FROM migrations.applied");
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** The first column of every row of {@code sql}, each a version (digits, optionally dotted). */
    private List<RecordedState.Entry> versions(String sql, String tool, String where) throws SQLException {
        List<RecordedState.Entry> versions = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String version = rs.getString(1);
                if (version == null || !version.strip().matches("\\d+(\\.\\d+)*")) {
                    throw refused(tool + " recorded '" + version + "' in " + where + ", which is not a version number —"
                            + " remove the row, or select only the versions");
                }
                versions.add(RecordedState.Entry.of(version.strip()));
            }
        }
        return versions;
    }

    private void requireShape(Table table, Map<String, String> columns, Map<String, String> expected, String tool,
            String shape) {
        if (!columns.equals(expected)) {
            throw wrongShape(table, columns, tool, shape);
        }
    }

    private FleetwayException wrongShape(Table table, Map<String, String> columns, String tool, String shape) {
        String found = String.join(", ", columns.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
        String whose = columns.equals(GOLANG) ? "; that is golang-migrate's (or the Hasura CLI's) shape: use --from"
                + " golang-migrate, or --from hasura" : columns.size() == 1 && columns.containsKey("version")
                        ? "; that is dbmate's shape: use --from dbmate" : columns.equals(SQLX)
                                ? "; that is sqlx's shape: use --from sqlx" : "";
        return FleetwayException.usage(target.describe() + ": table " + table + " has the columns (" + found + "), not "
                + tool + "'s " + shape + whose + " — or name the right table with --state-table");
    }

    private FleetwayException refused(String what) {
        return new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": " + what
                + "; nothing was changed");
    }
}
