package dev.fleetway.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a database's schemas hold, read from the catalogs as sorted lines (relations and their privileges,
 * columns in order, defaults, constraints, indexes, views, functions, triggers, types, sequences, comments,
 * default privileges), for comparing two states of a database without text dumps or object ids.
 */
public final class CatalogSnapshot {
    private static final String USER_SCHEMA = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'";
    private static final String HISTORY = "flyway_schema_history";

    private static final List<String> QUERIES = List.of(
            "SELECT 'schema ' || n.nspname || ' acl=' || coalesce(n.nspacl::text, '') FROM pg_namespace n WHERE "
                    + USER_SCHEMA,
            "SELECT 'rel ' || n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' acl='"
                    + " || coalesce(c.relacl::text, '') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE " + USER_SCHEMA + " AND c.relkind IN ('r','p','v','m','S','f','i','I')",
            "SELECT 'col ' || n.nspname || '.' || c.relname || ' #' || row_number() OVER (PARTITION BY c.oid ORDER BY"
                    + " a.attnum) || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull='"
                    + " || a.attnotnull || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' identity='"
                    + " || a.attidentity::text || ' generated=' || a.attgenerated::text FROM pg_attribute a"
                    + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE " + USER_SCHEMA + " AND a.attnum > 0 AND NOT a.attisdropped"
                    + " AND c.relkind IN ('r','p','v','m','f')",
            "SELECT 'constraint ' || n.nspname || '.' || coalesce(r.relname, '') || ' ' || c.conname || ' '"
                    + " || pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid ="
                    + " c.connamespace LEFT JOIN pg_class r ON r.oid = c.conrelid WHERE " + USER_SCHEMA,
            "SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA,
            "SELECT 'view ' || n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA
                    + " AND c.relkind IN ('v','m')",
            "SELECT 'function ' || pg_get_functiondef(p.oid) || ' acl=' || coalesce(p.proacl::text, '') FROM pg_proc p"
                    + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER_SCHEMA
                    + " AND p.prokind IN ('f','p')",
            "SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA + " AND NOT t.tgisinternal",
            "SELECT 'type ' || n.nspname || '.' || t.typname || ' ' || t.typtype::text || ' ' || coalesce((SELECT"
                    + " string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid ="
                    + " t.oid), '') || ' acl=' || coalesce(t.typacl::text, '') FROM pg_type t JOIN pg_namespace n ON"
                    + " n.oid = t.typnamespace WHERE " + USER_SCHEMA + " AND (t.typtype IN ('e','d','r') OR (t.typtype"
                    + " = 'c' AND (SELECT k.relkind FROM pg_class k WHERE k.oid = t.typrelid) = 'c'))",
            "SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || data_type || ' start=' || start_value"
                    + " || ' increment=' || increment_by || ' min=' || min_value || ' max=' || max_value || ' cycle='"
                    + " || cycle FROM pg_sequences",
            "SELECT 'comment ' || n.nspname || '.' || c.relname || '/' || d.objsubid || ' ' || d.description"
                    + " FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid ="
                    + " c.oid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA,
            "SELECT 'default-acl ' || pg_get_userbyid(d.defaclrole) || ' ' || coalesce(n.nspname, '') || ' '"
                    + " || d.defaclobjtype::text || ' ' || d.defaclacl::text FROM pg_default_acl d LEFT JOIN pg_namespace n"
                    + " ON n.oid = d.defaclnamespace");

    private CatalogSnapshot() {
    }

    /** Every line describing the database's user schemas, sorted; the history table included. */
    public static List<String> of(TestDatabase db) throws SQLException {
        try (Connection c = db.connectAsOwner()) {
            return of(c);
        }
    }

    /** Like {@link #of(TestDatabase)}, of the database {@code c} is connected to. */
    public static List<String> of(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String query : QUERIES) {
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    /** Like {@link #of}, without the history table's lines (its rows hold timestamps, its ACL differs). */
    public static List<String> withoutHistory(TestDatabase db) throws SQLException {
        return of(db).stream().filter(l -> !l.contains(HISTORY)).toList();
    }

    /** The schema objects alone: no privileges, default privileges or schemas, no history table. */
    public static List<String> objects(TestDatabase db) throws SQLException {
        return withoutHistory(db).stream().filter(l -> !l.startsWith("schema ") && !l.startsWith("default-acl "))
                .map(l -> l.replaceAll(" acl=\\S*$", "")).toList();
    }

    /** Every history row as JSON, in order; a single marker line when there is no history table. */
    public static List<String> history(TestDatabase db) throws SQLException {
        if (db.query("SELECT to_regclass('public." + HISTORY + "') IS NOT NULL").get(0).equals("f")) {
            return List.of("<no history table>");
        }
        return db.query("SELECT row_to_json(h)::text FROM public." + HISTORY + " h ORDER BY installed_rank");
    }
}
