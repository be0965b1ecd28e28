package dev.fleetway.drift;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fleetway.db.Sql;

/**
 * The one query that reads a schema's catalog for {@link Catalog}: one row per object (kind, name, parent,
 * attributes as a JSON object, and a function's full text when asked), objects of extensions and the history
 * table left out. Names of other schemas' objects come out qualified because the caller runs it with
 * {@code search_path} set to {@code pg_catalog} alone, whatever the login's own setting.
 */
final class CatalogQuery {
    /** Where a value goes: {@code :schema}, {@code :app}, {@code :history}, {@code :full} (not {@code ::cast}). */
    private static final Pattern TOKEN = Pattern.compile("(?<!:):(schema|app|history|full)\\b");

    private CatalogQuery() {
    }

    private static final String SQL = """
            WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = :schema),
            app AS (SELECT oid FROM pg_roles WHERE rolname = :app),
            rel AS (
                SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.relacl
                FROM pg_class c JOIN ns ON c.relnamespace = ns.oid
                WHERE c.relname <> :history
                  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')),
            fn AS (
                SELECT p.oid, p.proname, p.prokind, p.proacl, p.provolatile, p.prosecdef, p.proisstrict, p.proconfig,
                       p.prosrc, p.prolang
                FROM pg_proc p JOIN ns ON p.pronamespace = ns.oid
                WHERE p.prokind IN ('f', 'p')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid
                                  AND e.deptype = 'e'))
            SELECT 'table', c.relname, NULL, json_build_object(
                    'kind', CASE c.relkind WHEN 'p' THEN 'partitioned' WHEN 'f' THEN 'foreign' ELSE 'ordinary' END,
                    'persistence', CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'logged' END)::text, NULL
            FROM rel c WHERE c.relkind IN ('r', 'p', 'f')
            UNION ALL
            SELECT 'column', c.relname || '.' || a.attname, c.relname, json_build_object(
                    'type', format_type(a.atttypid, a.atttypmod),
                    'not null', a.attnotnull,
                    'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                    'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
                    'generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                    'collation', CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                        THEN (SELECT quote_ident(collname) FROM pg_collation WHERE oid = a.attcollation) END)::text,
                   NULL
            FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE c.relkind IN ('r', 'p', 'f')
            UNION ALL
            SELECT 'constraint', coalesce(c.relname, t.typname) || '.' || k.conname, coalesce(c.relname, t.typname),
                   json_build_object('definition', pg_get_constraintdef(k.oid), 'validated', k.convalidated)::text, NULL
            FROM pg_constraint k JOIN ns ON k.connamespace = ns.oid
            LEFT JOIN rel c ON c.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
            WHERE k.contype IN ('c', 'f', 'p', 'u', 'x') AND (c.oid IS NOT NULL OR t.oid IS NOT NULL)
            UNION ALL
            SELECT 'index', i.relname, c.relname,
                   json_build_object('definition', pg_get_indexdef(x.indexrelid), 'valid', x.indisvalid)::text, NULL
            FROM pg_index x JOIN rel i ON i.oid = x.indexrelid JOIN rel c ON c.oid = x.indrelid
            WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                              AND k.contype IN ('p', 'u', 'x'))
            UNION ALL
            SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized-view' END, c.relname, NULL,
                   json_build_object('definition', pg_get_viewdef(c.oid))::text, NULL
            FROM rel c WHERE c.relkind IN ('v', 'm')
            UNION ALL
            SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                   p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL, json_build_object(
                    'returns', pg_get_function_result(p.oid), 'language', l.lanname,
                    'volatility', CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable'
                        ELSE 'volatile' END,
                    'security definer', p.prosecdef, 'strict', p.proisstrict,
                    'settings', array_to_string(p.proconfig, ', '), 'body', p.prosrc)::text,
                   CASE WHEN :full THEN pg_get_functiondef(p.oid) END
            FROM fn p JOIN pg_language l ON l.oid = p.prolang
            UNION ALL
            SELECT 'trigger', c.relname || '.' || g.tgname, c.relname, json_build_object(
                    'definition', pg_get_triggerdef(g.oid),
                    'enabled', CASE g.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always'
                        ELSE 'origin' END)::text, NULL
            FROM pg_trigger g JOIN rel c ON c.oid = g.tgrelid WHERE NOT g.tgisinternal
            UNION ALL
            SELECT 'sequence', c.relname, NULL, json_build_object(
                    'type', format_type(s.seqtypid, NULL), 'start', s.seqstart, 'increment', s.seqincrement,
                    'min', s.seqmin, 'max', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle)::text, NULL
            FROM rel c JOIN pg_sequence s ON s.seqrelid = c.oid
            WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.deptype = 'i')
            UNION ALL
            SELECT CASE t.typtype WHEN 'e' THEN 'enum' ELSE 'type' END, t.typname, NULL, json_build_object(
                    'kind', CASE t.typtype WHEN 'c' THEN 'composite' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range'
                        WHEN 'e' THEN NULL ELSE t.typtype::text END,
                    'values', (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                        FROM pg_enum e WHERE e.enumtypid = t.oid),
                    'attributes', (SELECT string_agg(quote_ident(a.attname) || ' '
                        || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a
                        WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped),
                    'base type', CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
                    'not null', CASE WHEN t.typtype = 'd' THEN t.typnotnull END,
                    'default', t.typdefault,
                    'subtype', (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid))::text,
                   NULL
            FROM pg_type t JOIN ns ON t.typnamespace = ns.oid
            WHERE (t.typtype IN ('e', 'd', 'r')
                   OR (t.typtype = 'c' AND (SELECT k.relkind FROM pg_class k WHERE k.oid = t.typrelid) = 'c'))
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid
                              AND e.deptype = 'e')
            UNION ALL
            SELECT 'extension', x.extname, NULL, json_build_object('version', x.extversion)::text, NULL
            FROM pg_extension x JOIN ns ON x.extnamespace = ns.oid
            UNION ALL
            SELECT 'row-level-security', c.relname, c.relname, json_build_object('forced', c.relforcerowsecurity)::text,
                   NULL
            FROM rel c WHERE c.relrowsecurity
            UNION ALL
            SELECT 'policy', c.relname || '.' || p.polname, c.relname, json_build_object(
                    'command', CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                        WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                    'permissive', p.polpermissive,
                    'roles', (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END,
                        ', ' ORDER BY 1) FROM unnest(p.polroles) r),
                    'using', pg_get_expr(p.polqual, p.polrelid),
                    'with check', pg_get_expr(p.polwithcheck, p.polrelid))::text, NULL
            FROM pg_policy p JOIN rel c ON c.oid = p.polrelid
            UNION ALL
            SELECT 'grant', 'schema', NULL,
                   json_build_object('privileges', string_agg(a.privilege_type, ', '
                        ORDER BY a.privilege_type))::text, NULL
            FROM pg_namespace n JOIN ns ON n.oid = ns.oid, aclexplode(n.nspacl) a, app WHERE a.grantee = app.oid
            HAVING count(*) > 0
            UNION ALL
            SELECT 'grant', CASE c.relkind WHEN 'S' THEN 'sequence ' WHEN 'v' THEN 'view ' WHEN 'm'
                        THEN 'materialized view ' ELSE 'table ' END || c.relname, c.relname,
                   json_build_object('privileges', string_agg(a.privilege_type, ', '
                        ORDER BY a.privilege_type))::text, NULL
            FROM rel c, aclexplode(c.relacl) a, app WHERE a.grantee = app.oid GROUP BY c.relkind, c.relname
            UNION ALL
            SELECT 'grant', 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL,
                   json_build_object('privileges', string_agg(a.privilege_type, ', '
                        ORDER BY a.privilege_type))::text, NULL
            FROM fn p, aclexplode(p.proacl) a, app WHERE a.grantee = app.oid
            GROUP BY p.oid, p.proname
            UNION ALL
            SELECT 'grant', 'default privileges on ' || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S'
                        THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' ELSE 'schemas' END, NULL,
                   json_build_object('privileges', string_agg(DISTINCT a.privilege_type, ', '
                        ORDER BY a.privilege_type))::text, NULL
            FROM pg_default_acl d JOIN ns ON d.defaclnamespace = ns.oid, aclexplode(d.defaclacl) a, app
            WHERE a.grantee = app.oid
            GROUP BY d.defaclobjtype
            """;

    /**
     * The statement for one schema: {@code search_path} set to {@code pg_catalog}, then the query, in one round trip.
     * Values are spliced as quoted literals (a multi-statement text takes no bind parameters).
     *
     * @param appUser the role whose grants are read; empty reads none
     * @param full also read each function's full text (for a reference, which {@code --fix-sql} may need)
     */
    static String of(String schema, Optional<String> appUser, String historyTable, boolean full) {
        Map<String, String> values = Map.of("schema", Sql.literal(schema), "app", Sql.literal(appUser.orElse("")),
                "history", Sql.literal(historyTable), "full", String.valueOf(full));
        // One pass, so that a value holding ':app' is never substituted again.
        return "SET search_path TO pg_catalog;\n"
                + TOKEN.matcher(SQL).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
    }
}
