package dev.fleetway.execute;

import static dev.fleetway.db.Sql.qualified;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.flywaydb.core.api.MigrationInfo;

import dev.fleetway.tenant.Target;

/**
 * Records a failed migration in the history table the way Flyway does on databases without transactional
 * DDL ({@code success = false}). On PostgreSQL Flyway rolls the migration back and records nothing, so
 * without this row {@code status} would show the failure as merely pending and a retry would run the same
 * broken file again; with it, {@code status} shows {@code failed} and {@code repair} clears it, exactly as
 * with plain Flyway elsewhere.
 */
final class FailureRecord {
    private FailureRecord() {
    }

    static void write(Connection c, Target target, String table, MigrationInfo failed) throws SQLException {
        String history = qualified(target.schema(), table);
        String sql = "INSERT INTO " + history + " (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, 'SQL',"
                + " ?, ?, current_user, 0, false FROM " + history;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, failed.getVersion() == null ? null : failed.getVersion().getVersion());
            ps.setString(2, failed.getDescription());
            ps.setString(3, failed.getScript());
            if (failed.getChecksum() == null) {
                ps.setNull(4, java.sql.Types.INTEGER);
            } else {
                ps.setInt(4, failed.getChecksum());
            }
            ps.executeUpdate();
        }
    }
}
