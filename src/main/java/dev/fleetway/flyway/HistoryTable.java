package dev.fleetway.flyway;

import static dev.fleetway.db.Sql.ident;
import static dev.fleetway.db.Sql.qualified;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.internal.resolver.ChecksumCalculator;

import dev.fleetway.db.SqlState;
import dev.fleetway.source.MigrationFile;

/**
 * A target's Flyway history table ({@code flyway_schema_history} by default, in the target's schema). Every
 * read and write of it that Fleetway makes itself goes through this class; what Flyway writes (applied
 * migrations, repair, baseline) goes through Flyway. The rows keep Flyway's shape, so plain Flyway reads and
 * continues a history Fleetway wrote.
 */
public final class HistoryTable {
    /** Flyway's {@code type} of a script migration. */
    public static final String SQL = "SQL";

    /**
     * One row as Flyway writes it.
     *
     * @param version null for repeatable migrations and Flyway's markers
     * @param type {@code SQL} for script migrations, {@code BASELINE}, {@code SCHEMA} (Flyway's marker of a schema it
     *        created), {@code DELETE} (a repair's marker of a vanished file)…
     * @param checksum null for markers
     */
    public record Row(int rank, String version, String description, String type, String script, Integer checksum,
            boolean success) {

        /** A successful run of a repeatable script. */
        public boolean isRepeatable() {
            return version == null && SQL.equals(type);
        }
    }

    /**
     * A row {@code adopt} writes for a migration another tool applied: a successful script migration, as Flyway
     * would have recorded it.
     *
     * @param version as Flyway writes it ({@code MigrationVersion#getVersion()} of the script's version)
     * @param description as Flyway reads it from the script
     * @param script the script's name ({@code MigrationFile#script()})
     * @param checksum Flyway's checksum of the script
     */
    public record Adopted(String version, String description, String script, int checksum) {
    }

    private final String schema;
    private final String table;

    public HistoryTable(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /** The table's name without schema, e.g. {@code flyway_schema_history}. */
    public String name() {
        return table;
    }

    /** The table's name with its schema, quoted for SQL. */
    public String qualifiedName() {
        return qualified(schema, table);
    }

    /** Whether the table exists. */
    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualified(schema, table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Every row in {@code installed_rank} order, in one query; empty when the table (or its schema) does not exist
     * yet. Runs outside a transaction (a missing table would abort one).
     */
    public Optional<List<Row>> rows(Connection c) throws SQLException {
        String sql = "SELECT installed_rank, version, description, type, script, checksum, success FROM "
                + qualified(schema, table) + " ORDER BY installed_rank";
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Integer checksum = rs.getObject(6) == null ? null : rs.getInt(6);
                rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        checksum, rs.getBoolean(7)));
            }
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (SqlState.UNDEFINED_TABLE.equals(state) || SqlState.INVALID_SCHEMA_NAME.equals(state)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(rows);
    }

    /**
     * Creates the table exactly as Flyway creates it on PostgreSQL (the same columns, primary key and index, as
     * read from flyway-database-postgresql's {@code PostgreSQLDatabase}), in the caller's transaction, so that
     * Flyway reads and continues it.
     */
    public void create(Connection c) throws SQLException {
        String history = qualified(schema, table);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + history + " (\n"
                    + "    \"installed_rank\" INT NOT NULL,\n"
                    + "    \"version\" VARCHAR(50),\n"
                    + "    \"description\" VARCHAR(200) NOT NULL,\n"
                    + "    \"type\" VARCHAR(20) NOT NULL,\n"
                    + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                    + "    \"checksum\" INTEGER,\n"
                    + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                    + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                    + "    \"execution_time\" INTEGER NOT NULL,\n"
                    + "    \"success\" BOOLEAN NOT NULL\n"
                    + ")");
            s.execute("ALTER TABLE " + history + " ADD CONSTRAINT " + ident(table + "_pk")
                    + " PRIMARY KEY (\"installed_rank\")");
            s.execute("CREATE INDEX " + ident(table + "_s_idx") + " ON " + history + " (\"success\")");
        }
    }

    /**
     * Appends successful rows of script migrations after the last row, in order, in the caller's transaction:
     * installed by {@code current_user}, now, in 0 ms.
     */
    public void append(Connection c, List<Adopted> rows) throws SQLException {
        String history = qualified(schema, table);
        String sql = "INSERT INTO " + history + " (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, '" + SQL
                + "', ?, ?, current_user, 0, true FROM " + history;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Adopted row : rows) {
                ps.setString(1, row.version());
                ps.setString(2, row.description());
                ps.setString(3, row.script());
                ps.setInt(4, row.checksum());
                ps.executeUpdate();
            }
        }
    }

    /**
     * Records a failed migration ({@code success = false}), the way Flyway does on databases without
     * transactional DDL. On PostgreSQL Flyway rolls a failed migration back and records nothing, so without this
     * row {@code status} would show it merely pending and the next run would apply the same broken file again;
     * with it, {@code status} shows it failed and {@code repair} clears it, as with plain Flyway elsewhere. The
     * description carries the database's error after the migration's own, {@code add webhooks [failed: syntax
     * error at or near "CRATE" (SQLSTATE 42601) at line 4]}, cut to the column's 200 characters, so that
     * whoever reads the history later (the dashboard, {@code status --format json}) sees why.
     */
    public void recordFailure(Connection c, MigrationFailure failed) throws SQLException {
        String history = qualified(schema, table);
        String sql = "INSERT INTO " + history + " (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, '" + SQL
                + "', ?, ?, current_user, 0, false FROM " + history;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, failed.version());
            ps.setString(2, withError(failed.description(), failed.getMessage()
                    + (failed.line() > 0 ? " at line " + failed.line() : "")));
            ps.setString(3, failed.script());
            if (failed.checksum() == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setInt(4, failed.checksum());
            }
            ps.executeUpdate();
        }
    }

    /** {@code description [failed: error]}, at most 200 characters (Flyway's column), connection strings masked. */
    static String withError(String description, String error) {
        String text = (description == null ? "" : description) + " [failed: "
                + dev.fleetway.db.ConnectionString.mask(error) + "]";
        return text.length() <= DESCRIPTION_CHARS ? text : text.substring(0, DESCRIPTION_CHARS - 2) + "…]";
    }

    private static final int DESCRIPTION_CHARS = 200;

    /**
     * Records a down script that failed outside a transaction (and may have changed part of the schema): a row
     * of the reverted version with {@code success = false} whose {@code script} is the down script. Flyway reads
     * it as a failed migration of that version, so {@code validate}, {@code upgrade} and {@code revert} refuse
     * the target until {@code repair} removes the row; {@code status} shows it as a failed revert.
     */
    public void recordFailedRevert(Connection c, String version, String description, MigrationFile undo, String error)
            throws SQLException {
        String history = qualified(schema, table);
        String sql = "INSERT INTO " + history + " (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, '" + SQL
                + "', ?, ?, current_user, 0, false FROM " + history;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, version);
            ps.setString(2, withError(description, error));
            ps.setString(3, undo.script());
            ps.setInt(4, ChecksumCalculator.calculate(MigrationResources.resource(undo)));
            ps.executeUpdate();
        }
    }

    /**
     * Removes, in the caller's transaction, the row of a reverted migration and the rows of repeatable scripts
     * applied after it (they may depend on what the revert dropped, so the next apply runs them again).
     *
     * @return the scripts of the repeatable rows removed
     * @throws SQLException when the migration's row is no longer there
     */
    public List<String> removeReverted(Connection c, int rank, String script) throws SQLException {
        String history = qualified(schema, table);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + history + " WHERE installed_rank = ? AND success")) {
            ps.setInt(1, rank);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("history row " + rank + " of " + script + " is gone");
            }
        }
        List<String> rerun = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + history + " WHERE version IS NULL"
                + " AND type = '" + SQL + "' AND installed_rank > ? RETURNING script")) {
            ps.setInt(1, rank);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rerun.add(rs.getString(1));
                }
            }
        }
        return rerun;
    }

    /**
     * Lets {@code role} read the history but never change it (in the caller's transaction); does nothing when
     * the table does not exist yet.
     */
    public void readOnlyFor(Connection c, String role) throws SQLException {
        if (!exists(c)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON " + qualified(schema, table) + " FROM " + ident(role));
        }
    }
}
