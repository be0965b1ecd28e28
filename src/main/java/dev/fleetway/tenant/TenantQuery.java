package dev.fleetway.tenant;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.fleetway.FleetwayException;

/**
 * Runs {@code fleetway.tenant-query} on the default database. Columns are matched by name (case-insensitive):
 * {@code id} (required), {@code url} or {@code jdbc_url}, {@code schema}, {@code username} or
 * {@code migration_user}, {@code password} or {@code migration_password}, {@code app_user}.
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
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Set<String> columns = new HashSet<>();
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            if (!columns.contains("id")) {
                throw FleetwayException.usage("fleetway.tenant-query returns no 'id' column — select the tenant id AS id");
            }
            List<TenantSpec> specs = new ArrayList<>();
            while (rs.next()) {
                specs.add(new TenantSpec(rs.getString("id"), SOURCE, column(rs, columns, "url", "jdbc_url"),
                        column(rs, columns, "schema"), column(rs, columns, "username", "migration_user"),
                        column(rs, columns, "password", "migration_password"), column(rs, columns, "app_user")));
            }
            return specs;
        } catch (SQLException e) {
            throw FleetwayException.usage("fleetway.tenant-query failed on the default database ("
                    + FleetwayException.firstLine(e.getMessage()) + ") — fix the query");
        }
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
