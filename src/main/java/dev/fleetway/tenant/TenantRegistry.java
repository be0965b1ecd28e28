package dev.fleetway.tenant;

import static dev.fleetway.db.Sql.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.fleetway.FleetwayException;

/**
 * The tenant registry ({@code fleetway.tenant-registry.table}): a table of the default database with one row per
 * tenant, read as a tenant source (its columns named as the tenant query's: {@code id}, {@code url} or
 * {@code jdbc_url}, {@code schema}, {@code labels}, …) and written by {@code tenants create} and
 * {@code tenants drop}. Fleetway does not create the table (it would make the default database's schema
 * non-empty before its first migration): a migration of the default database does, for instance
 * <pre>
 * CREATE TABLE tenant_registry (id text PRIMARY KEY, url text, schema text, labels jsonb);
 * </pre>
 * Rows written fill {@code id}, the URL of a database tenant ({@code url}, else {@code jdbc_url}), the schema of a
 * schema tenant, and {@code labels} as a JSON object; other columns keep their defaults.
 */
public final class TenantRegistry {
    static final String SETTING = "fleetway.tenant-registry.table";
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_$]*";

    private final String table;
    private final String qualified;

    /**
     * @param table {@code name} or {@code schema.name}, unquoted (folded to lower case as PostgreSQL folds them)
     * @throws FleetwayException (exit 2) for anything else
     */
    public TenantRegistry(String table) {
        String name = table.strip();
        if (!name.matches(NAME + "(\\." + NAME + ")?")) {
            throw FleetwayException.usage(SETTING + " '" + table + "' is not a table name — use name or schema.name"
                    + " (letters, digits, '_')");
        }
        this.table = name.toLowerCase(java.util.Locale.ROOT);
        this.qualified = List.of(this.table.split("\\.")).stream().map(dev.fleetway.db.Sql::ident)
                .collect(Collectors.joining("."));
    }

    /** How tenant sources name it: {@code tenant registry TABLE}. */
    public String source() {
        return "tenant registry " + table;
    }

    /**
     * Every row as a tenant.
     *
     * @throws FleetwayException (exit 2) when the table cannot be read or a row is not a tenant
     */
    public List<TenantSpec> read(Connection c) {
        return TenantQuery.read(c, "SELECT * FROM " + qualified, source(), SETTING,
                "create the table (see the tenant registry in docs/configuration.md) or fix the setting");
    }

    /** A tenant as written to the registry: its URL for a database tenant, its schema for a schema tenant. */
    public record Row(String id, Optional<String> url, Optional<String> schema, Map<String, String> labels) {
        public Row {
            labels = Map.copyOf(labels);
        }
    }

    /**
     * Checks, changing nothing, that {@code row} can be written: the table exists, has the columns it needs, has no
     * other required column without a default, and the login may insert and delete.
     *
     * @throws FleetwayException (exit 2) naming what is missing and how to fix it
     */
    public void checkWritable(Connection c, Row row) throws SQLException {
        Map<String, Boolean> columns = columns(c);
        List<String> needed = new ArrayList<>(List.of("id"));
        row.url().ifPresent(u -> needed.add(urlColumn(columns)));
        row.schema().ifPresent(s -> needed.add("schema"));
        if (!row.labels().isEmpty()) {
            needed.add("labels");
        }
        for (String column : needed) {
            if (!columns.containsKey(column)) {
                throw FleetwayException.usage(SETTING + " " + table + " has no column '" + column + "' to record"
                        + " tenant '" + row.id() + "' — add it (see the tenant registry in docs/configuration.md)");
            }
        }
        List<String> required = columns.entrySet().stream().filter(e -> e.getValue() && !needed.contains(e.getKey()))
                .map(Map.Entry::getKey).toList();
        if (!required.isEmpty()) {
            throw FleetwayException.usage(SETTING + " " + table + ": column(s) " + String.join(", ", required)
                    + " are NOT NULL without a default, and Fleetway does not know their values — give them a"
                    + " default or allow NULL");
        }
        requirePrivileges(c, "INSERT", "DELETE");
    }

    /**
     * Checks, changing nothing, that rows can be deleted: the table exists and the login may delete from it.
     *
     * @throws FleetwayException (exit 2) naming what is missing and how to fix it
     */
    public void checkDeletable(Connection c) throws SQLException {
        columns(c);
        requirePrivileges(c, "DELETE");
    }

    private void requirePrivileges(Connection c, String... privileges) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT bool_and(has_table_privilege(to_regclass(?), p))"
                + " FROM unnest(?::text[]) p")) {
            ps.setString(1, qualified);
            ps.setArray(2, c.createArrayOf("text", privileges));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw FleetwayException.usage(SETTING + " " + table + ": the default database's migration user"
                            + " may not " + String.join(" and ", privileges).toLowerCase(java.util.Locale.ROOT)
                            + " rows there — GRANT " + String.join(", ", privileges) + " ON " + table + " TO it");
                }
            }
        }
    }

    /**
     * Inserts {@code row} (see {@link #checkWritable}).
     *
     * @throws FleetwayException (exit 2) when a row of that id is already there
     */
    public void insert(Connection c, Row row) throws SQLException {
        Map<String, Boolean> columns = columns(c);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("id", row.id());
        row.url().ifPresent(u -> values.put(urlColumn(columns), u));
        row.schema().ifPresent(s -> values.put("schema", s));
        if (!row.labels().isEmpty()) {
            values.put("labels", JsonText.object(new java.util.TreeMap<>(row.labels())));
        }
        String sql = "INSERT INTO " + qualified + " (" + values.keySet().stream().map(dev.fleetway.db.Sql::ident)
                .collect(Collectors.joining(", ")) + ") VALUES (" + values.keySet().stream().map(k -> "?")
                .collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Map.Entry<String, String> value : values.entrySet()) {
                // labels: json, jsonb or text alike (the server converts an untyped parameter)
                ps.setObject(i++, value.getValue(), value.getKey().equals("labels") ? Types.OTHER : Types.VARCHAR);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw FleetwayException.usage(source() + " already has tenant '" + row.id() + "' — choose another id");
            }
            throw e;
        }
    }

    /** Deletes the row of {@code id}; false when there was none. */
    public boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + qualified + " WHERE " + ident("id") + " = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** The table's columns (lower case) and whether each must be given (NOT NULL without a default). */
    private Map<String, Boolean> columns(Connection c) throws SQLException {
        Map<String, Boolean> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT lower(a.attname), a.attnotnull AND NOT a.atthasdef"
                + " AND a.attidentity = '' AND a.attgenerated = '' FROM pg_attribute a WHERE a.attrelid = to_regclass(?)"
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        if (columns.isEmpty()) {
            throw FleetwayException.usage(SETTING + ": table " + table + " does not exist in the default database —"
                    + " create it (see the tenant registry in docs/configuration.md) or fix the setting");
        }
        return columns;
    }

    private static String urlColumn(Map<String, Boolean> columns) {
        return columns.containsKey("url") || !columns.containsKey("jdbc_url") ? "url" : "jdbc_url";
    }
}
