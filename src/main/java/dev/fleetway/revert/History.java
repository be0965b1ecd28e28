package dev.fleetway.revert;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.fleetway.db.Sql;
import dev.fleetway.plan.SchemaInspector;

/** Read-only: the rows of a target's history table, which a revert removes one by one. */
final class History {
    private History() {
    }

    /**
     * One history row.
     *
     * @param version null for repeatable migrations and Flyway's schema marker
     * @param type Flyway's type: {@code SQL} for script migrations, {@code BASELINE}, {@code SCHEMA}, {@code DELETE}…
     */
    record Row(int rank, String version, String type, String script, boolean success) {
        boolean isRepeatable() {
            return version == null && "SQL".equals(type);
        }
    }

    /** Every row in {@code installed_rank} order; empty when the history table does not exist. */
    static List<Row> read(Connection c, String schema, String table) throws SQLException {
        List<Row> rows = new ArrayList<>();
        if (!SchemaInspector.hasHistory(c, schema, table)) {
            return rows;
        }
        String sql = "SELECT installed_rank, version, type, script, success FROM " + Sql.qualified(schema, table)
                + " ORDER BY installed_rank";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
        }
        return rows;
    }
}
