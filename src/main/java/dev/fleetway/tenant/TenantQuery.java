package dev.fleetway.tenant;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.fleetway.FleetwayException;
import dev.fleetway.config.YamlFiles;

/**
 * Runs {@code fleetway.tenant-query} on the default database. Columns are matched by name (case-insensitive):
 * {@code id} (required), {@code url} or {@code jdbc_url}, {@code schema}, {@code username} or
 * {@code migration_user}, {@code password} or {@code migration_password}, {@code monitor_user},
 * {@code monitor_password}, {@code app_user}, {@code labels} and {@code placeholders} (JSON objects),
 * {@code locations} (comma-separated).
 */
public final class TenantQuery {
    static final String SOURCE = "tenant query";

    private TenantQuery() {
    }

    /**
     * Runs the query read-only.
     *
     * @throws FleetwayException (exit 2) when it fails or lacks an {@code id} column
     */
    public static List<TenantSpec> run(Connection c, String sql) {
        return read(c, sql, SOURCE, "fleetway.tenant-query", "fix the query");
    }

    /**
     * Runs {@code sql} and reads its rows as tenants, columns matched as for the tenant query.
     *
     * @param source how the tenants' {@code source} names where they came from
     * @param setting the setting that gave the query, for messages
     * @param fix what to do when the query fails
     * @throws FleetwayException (exit 2) when it fails or lacks an {@code id} column
     */
    static List<TenantSpec> read(Connection c, String sql, String source, String setting, String fix) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Set<String> columns = new HashSet<>();
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            if (!columns.contains("id")) {
                throw FleetwayException.usage(setting + " returns no 'id' column — select the tenant id AS id");
            }
            List<TenantSpec> specs = new ArrayList<>();
            while (rs.next()) {
                specs.add(new TenantSpec(rs.getString("id"), source, column(rs, columns, "url", "jdbc_url"),
                        column(rs, columns, "schema"),
                        new TenantSpec.Login(column(rs, columns, "username", "migration_user"),
                                column(rs, columns, "password", "migration_password")),
                        new TenantSpec.Login(column(rs, columns, "monitor_user"),
                                column(rs, columns, "monitor_password")),
                        column(rs, columns, "app_user"), json(rs, columns, "labels", setting),
                        json(rs, columns, "placeholders", setting),
                        column(rs, columns, "locations").flatMap(l -> TenantsFile.list(l))));
            }
            return specs;
        } catch (SQLException e) {
            throw FleetwayException.usage(setting + " failed on the default database ("
                    + FleetwayException.firstLine(e.getMessage()) + ") — " + fix);
        }
    }

    /** A JSON object column ({@code json}, {@code jsonb} or text) of names to plain values. */
    private static Map<String, String> json(ResultSet rs, Set<String> columns, String name, String setting)
            throws SQLException {
        Optional<String> text = column(rs, columns, name);
        if (text.isEmpty()) {
            return Map.of();
        }
        Object value;
        try {
            value = YamlFiles.parse(text.get(), "JSON"); // JSON is YAML
        } catch (FleetwayException e) {
            value = null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw FleetwayException.usage(setting + ": column '" + name + "' of tenant '"
                    + rs.getString("id") + "' is not a JSON object — return e.g. {\"region\": \"eu\"}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        map.forEach((k, v) -> values.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return values;
    }

    private static Optional<String> column(ResultSet rs, Set<String> columns, String... names) throws SQLException {
        for (String name : names) {
            if (columns.contains(name)) {
                return Optional.ofNullable(rs.getString(name)).filter(v -> !v.isBlank());
            }
        }
        return Optional.empty();
    }
}
