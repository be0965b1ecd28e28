package dev.fleetway.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.tenant.Target;

/**
 * Reads the Hasura CLI's record of applied migrations from Hasura's metadata database, read-only. With CLI config
 * v3 it is the {@code cli_state} document of {@code hdb_catalog.hdb_version},
 * {@code {"migrations": {"<source>": {"<version>": <dirty>}}}}; with config v1/v2 it is the table
 * {@code hdb_catalog.schema_migrations (version bigint, dirty boolean)}, one row per applied version. The first is
 * used when it records the source, else the second.
 */
final class HasuraState {
    private HasuraState() {
    }

    /**
     * The versions recorded for {@code source}.
     *
     * @param where how messages name the metadata database
     * @throws FleetwayException (exit 4) for a version recorded as dirty; (exit 2) when the state records other
     *         sources but not this one
     */
    static RecordedState read(Connection metadata, Target target, String source, String where) throws SQLException {
        StateTables tables = new StateTables(metadata, target);
        List<String> sources = new ArrayList<>();
        if (tables.columns(StateTables.Table.of("hdb_catalog.hdb_version", "hdb_catalog")).isPresent()) {
            try (Statement s = metadata.createStatement(); ResultSet rs = s.executeQuery("SELECT k FROM"
                    + " hdb_catalog.hdb_version, jsonb_object_keys(CASE WHEN jsonb_typeof(cli_state -> 'migrations')"
                    + " = 'object' THEN cli_state -> 'migrations' ELSE '{}'::jsonb END) k ORDER BY k")) {
                while (rs.next()) {
                    sources.add(rs.getString(1));
                }
            }
            if (sources.contains(source)) {
                return cliState(metadata, target, source, where);
            }
        }
        StateTables.Table table = StateTables.Table.of("hdb_catalog.schema_migrations", "hdb_catalog");
        Optional<Map<String, String>> columns = tables.columns(table);
        if (columns.isEmpty()) {
            if (!sources.isEmpty()) {
                throw FleetwayException.usage(target.describe() + ": Hasura's state in " + where + " records the sources "
                        + String.join(", ", sources) + " but not '" + source + "' — name the target's source with"
                        + " --hasura-source");
            }
            return RecordedState.absent("hdb_catalog.hdb_version and hdb_catalog.schema_migrations in " + where);
        }
        if (!columns.get().equals(StateTables.GOLANG)) {
            throw FleetwayException.usage(target.describe() + ": " + table + " in " + where + " is not the Hasura CLI's"
                    + " (version bigint, dirty boolean) — check --hasura-metadata-url");
        }
        List<RecordedState.Entry> applied = new ArrayList<>();
        try (Statement s = metadata.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, dirty FROM " + table.sql() + " ORDER BY version")) {
            while (rs.next()) {
                if (rs.getBoolean(2)) {
                    throw dirty(target, rs.getString(1), table + " in " + where);
                }
                applied.add(RecordedState.Entry.of(rs.getString(1)));
            }
        }
        return new RecordedState("table " + table + " in " + where, true, Optional.empty(), applied);
    }

    private static RecordedState cliState(Connection metadata, Target target, String source, String where)
            throws SQLException {
        List<RecordedState.Entry> applied = new ArrayList<>();
        String what = "hdb_catalog.hdb_version (cli_state, source '" + source + "') in " + where;
        try (PreparedStatement ps = metadata.prepareStatement("SELECT e.key, e.value::text FROM"
                + " hdb_catalog.hdb_version, jsonb_each(cli_state -> 'migrations' -> ?) e ORDER BY e.key")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String version = rs.getString(1);
                    if (!version.matches("\\d+")) {
                        throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": Hasura recorded '"
                                + version + "' in " + what + ", which is not a version; nothing was changed — remove"
                                + " the entry");
                    }
                    if (!"false".equals(rs.getString(2))) {
                        throw dirty(target, version, what);
                    }
                    applied.add(RecordedState.Entry.of(version));
                }
            }
        }
        return new RecordedState(what, true, Optional.empty(), applied);
    }

    private static FleetwayException dirty(Target target, String version, String where) {
        return new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": the Hasura CLI recorded"
                + " version " + version + " as dirty in " + where + " (a migration failed half-way); nothing was changed"
                + " — repair the schema by hand and clear the dirty flag with the Hasura CLI, then adopt again");
    }
}
