package dev.fleetway.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;

/**
 * What {@code fleetway adopt} reads in each target: which tool recorded the applied migrations, and where. It is
 * independent of the layout, which says how the files are named.
 *
 * @param tool the tool that recorded the state
 * @param table for golang-migrate, dbmate, sqlx and flyway: the state table as {@code [SCHEMA.]TABLE} when it is
 *        not the tool's default (a table without schema is in the target's schema)
 * @param query for {@link Tool#QUERY}: a query returning one applied version per row, in its first column
 * @param hasuraMetadata for hasura: the metadata database, when it is not the target's own
 * @param hasuraSource for hasura: the source (database) name the state is kept under; {@code {tenant}} stands for
 *        the target's id
 */
public record AdoptSource(Tool tool, Optional<String> table, Optional<String> query,
        Optional<ConnectionString> hasuraMetadata, String hasuraSource) {

    /** The tools whose recorded state adopt reads. */
    public enum Tool {
        /** {@code schema_migrations (version bigint, dirty boolean)}: one row, the current version. */
        GOLANG_MIGRATE("golang-migrate", "schema_migrations"),
        /** {@code _sqlx_migrations}: one row per version, with {@code success} and a SHA-384 {@code checksum}. */
        SQLX("sqlx", "_sqlx_migrations"),
        /** {@code schema_migrations (version varchar)}: one row per applied version. */
        DBMATE("dbmate", "schema_migrations"),
        /** {@code hdb_catalog.schema_migrations} (CLI config v1/v2) or {@code hdb_catalog.hdb_version.cli_state}. */
        HASURA("hasura", "hdb_catalog.schema_migrations"),
        /** A Flyway history table: by default Fleetway's own (then adopting only checks it). */
        FLYWAY("flyway", null),
        /** {@code --from-query}: a project's own table, read by a query. */
        QUERY("query", null);

        private final String label;
        private final String defaultTable;

        Tool(String label, String defaultTable) {
            this.label = label;
            this.defaultTable = defaultTable;
        }

        /** How {@code --from} spells it. */
        public String label() {
            return label;
        }

        /** The table it keeps its state in by default; null for flyway (Fleetway's table) and queries. */
        String defaultTable() {
            return defaultTable;
        }

        /**
         * The tool {@code --from} names.
         *
         * @throws FleetwayException (exit 2) for an unknown name, listing the known ones
         */
        public static Tool of(String label) {
            String wanted = label.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(t -> t != QUERY && t.label.equals(wanted)).findFirst()
                    .orElseThrow(() -> FleetwayException.usage("adopt --from '" + label + "' is not a tool adopt knows"
                            + " — use golang-migrate, sqlx, dbmate, hasura or flyway, or --from-query SQL for a state"
                            + " table of your own"));
        }
    }

    /**
     * The source the options of {@code adopt} describe.
     *
     * @throws FleetwayException (exit 2) unless exactly one of {@code from} and {@code query} is given, or when an
     *         option does not apply to the tool
     */
    public static AdoptSource of(Optional<String> from, Optional<String> query, Optional<String> table,
            Optional<String> hasuraMetadataUrl, Optional<String> hasuraSource) {
        if (from.isPresent() == query.filter(q -> !q.isBlank()).isPresent()) {
            throw FleetwayException.usage("adopt needs what recorded the applied migrations: --from golang-migrate,"
                    + " sqlx, dbmate, hasura or flyway, or --from-query 'SELECT version FROM …' — give one of them");
        }
        Tool tool = from.map(Tool::of).orElse(Tool.QUERY);
        if (tool != Tool.HASURA && (hasuraMetadataUrl.isPresent() || hasuraSource.isPresent())) {
            throw FleetwayException.usage("--hasura-metadata-url and --hasura-source are for --from hasura — drop them");
        }
        if ((tool == Tool.HASURA || tool == Tool.QUERY) && table.isPresent()) {
            throw FleetwayException.usage("--state-table is for --from golang-migrate, sqlx, dbmate or flyway — "
                    + (tool == Tool.QUERY ? "name the table in the query" : "use --hasura-metadata-url"));
        }
        return new AdoptSource(tool, table.filter(t -> !t.isBlank()), query, hasuraMetadataUrl.map(ConnectionString::parse),
                hasuraSource.filter(s -> !s.isBlank()).orElse("default"));
    }

    /** How messages name what was read, e.g. {@code golang-migrate}. */
    public String label() {
        return tool == Tool.QUERY ? "--from-query" : tool.label();
    }
}
