package dev.fleetway.drift;

import static dev.fleetway.db.Sql.ident;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.fleetway.db.Sql;
import dev.fleetway.report.Difference;
import dev.fleetway.tenant.Target;

/**
 * {@code drift --fix-sql}: the SQL that brings one drifted target back to its reference, where that is mechanical
 * (create a missing index, restore a default, drop a hand-made trigger, grant what is missing…). Statements that
 * would lose data (dropping a column, a table, a sequence, an extension) are written commented out, and what cannot
 * be repaired mechanically (a missing table, a changed enum) is said in a comment. Fleetway never runs it.
 */
final class FixSql {
    private FixSql() {
    }

    /**
     * The script for one target: a header, {@code SET search_path} to its schema, then for each difference a comment
     * with its line and the statements that repair it.
     *
     * @param expected the target's reference, normalised (definitions of what is missing come from it)
     */
    static String script(Target target, AppliedState state, List<Difference> differences, Catalog expected) {
        StringBuilder sql = new StringBuilder();
        sql.append("-- ").append(target.describe()).append(": ").append(differences.size())
                .append(" difference(s) from what its migrations produce at version ").append(state.version())
                .append('\n');
        sql.append("-- Review before running (as its migration user); what would lose data is commented out.\n");
        sql.append("SET search_path TO ").append(ident(target.schema())).append(";\n");
        Set<String> written = new LinkedHashSet<>();
        for (Difference d : differences) {
            List<String> statements = new ArrayList<>();
            for (String s : repair(target, d, expected)) {
                if (written.add(s)) {
                    statements.add(s);
                }
            }
            sql.append("-- ").append(d.line()).append('\n');
            statements.forEach(s -> sql.append(s.replace("@schema", ident(target.schema()))).append('\n'));
        }
        return sql.toString();
    }

    private static List<String> repair(Target target, Difference d, Catalog expected) {
        Optional<SchemaObject> reference = expected.get(d.kind(), d.name());
        return switch (d.change()) {
            case ADDED -> drop(target, d);
            case MISSING -> create(target, d, reference);
            case CHANGED -> change(target, d, reference);
        };
    }

    private static List<String> drop(Target target, Difference d) {
        Name n = Name.of(d.name());
        return switch (d.kind()) {
            case INDEX -> List.of("DROP INDEX " + ident(d.name()) + ";");
            case CONSTRAINT -> List.of("ALTER TABLE " + n.table() + " DROP CONSTRAINT " + n.own() + ";");
            case COLUMN -> List.of("-- ALTER TABLE " + n.table() + " DROP COLUMN " + n.own() + ";  -- drops its data");
            case TABLE -> List.of("-- DROP TABLE " + ident(d.name()) + ";  -- drops its data");
            case VIEW -> List.of("DROP VIEW " + ident(d.name()) + ";");
            case MATERIALIZED_VIEW -> List.of("DROP MATERIALIZED VIEW " + ident(d.name()) + ";");
            case FUNCTION, PROCEDURE -> List.of("DROP " + d.kind().word().toUpperCase(Locale.ROOT) + " "
                    + routine(d.name()) + ";");
            case TRIGGER -> List.of("DROP TRIGGER " + n.own() + " ON " + n.table() + ";");
            case SEQUENCE -> List.of("-- DROP SEQUENCE " + ident(d.name()) + ";  -- loses its current value");
            case TYPE, ENUM -> List.of("DROP TYPE " + ident(d.name()) + ";");
            case EXTENSION -> List.of("-- DROP EXTENSION " + ident(d.name()) + ";  -- drops what depends on it");
            case ROW_LEVEL_SECURITY -> List.of("ALTER TABLE " + ident(d.name()) + " DISABLE ROW LEVEL SECURITY;");
            case POLICY -> List.of("DROP POLICY " + n.own() + " ON " + n.table() + ";");
            case GRANT -> target.appUser().map(app -> List.of("REVOKE " + privileges(d.actual()) + " ON "
                    + grantObject(target, d.name()) + " FROM " + ident(app) + ";"))
                    .orElse(List.of());
        };
    }

    private static List<String> create(Target target, Difference d, Optional<SchemaObject> reference) {
        if (reference.isEmpty()) {
            return List.of("-- not mechanical: re-create it as its migration does");
        }
        SchemaObject o = reference.get();
        Map<String, String> a = o.attributes();
        Name n = Name.of(d.name());
        return switch (d.kind()) {
            case INDEX, TRIGGER -> List.of(a.get("definition") + ";");
            case CONSTRAINT -> List.of("ALTER TABLE " + n.table() + " ADD CONSTRAINT " + n.own() + " "
                    + a.get("definition") + ";");
            case COLUMN -> List.of("ALTER TABLE " + n.table() + " ADD COLUMN " + n.own() + " " + o.columnDefinition()
                    + ";");
            case TABLE -> List.of("-- not mechanical: re-create the table as its migration does (its data is gone)");
            case VIEW -> List.of("CREATE VIEW " + ident(d.name()) + " AS" + body(a.get("definition")) + ";");
            case MATERIALIZED_VIEW -> List.of("CREATE MATERIALIZED VIEW " + ident(d.name()) + " AS"
                    + body(a.get("definition")) + ";");
            case FUNCTION, PROCEDURE -> o.source() == null ? List.of("-- not mechanical: re-create it as its migration"
                    + " does") : List.of(o.source().strip() + ";");
            case SEQUENCE -> List.of("CREATE SEQUENCE " + ident(d.name()) + " AS " + a.get("type") + " INCREMENT "
                    + a.get("increment") + " MINVALUE " + a.get("min") + " MAXVALUE " + a.get("max") + " START "
                    + a.get("start") + " CACHE " + a.get("cache")
                    + ("true".equals(a.get("cycle")) ? " CYCLE" : " NO CYCLE") + ";");
            case ENUM -> List.of("CREATE TYPE " + ident(d.name()) + " AS ENUM (" + a.get("values") + ");");
            case TYPE -> type(d.name(), a);
            case EXTENSION -> List.of("CREATE EXTENSION IF NOT EXISTS " + ident(d.name()) + " VERSION "
                    + Sql.literal(a.get("version")) + ";");
            case ROW_LEVEL_SECURITY -> "true".equals(a.get("forced"))
                    ? List.of("ALTER TABLE " + ident(d.name()) + " ENABLE ROW LEVEL SECURITY;",
                            "ALTER TABLE " + ident(d.name()) + " FORCE ROW LEVEL SECURITY;")
                    : List.of("ALTER TABLE " + ident(d.name()) + " ENABLE ROW LEVEL SECURITY;");
            case POLICY -> List.of(policy(n, a));
            case GRANT -> target.appUser().map(app -> grant(target, d.name(), privileges(d.expected()), app))
                    .orElse(List.of());
        };
    }

    private static List<String> change(Target target, Difference d, Optional<SchemaObject> reference) {
        Name n = Name.of(d.name());
        String attribute = d.attribute();
        return switch (d.kind()) {
            case COLUMN -> switch (attribute) {
                case "default" -> List.of("ALTER TABLE " + n.table() + " ALTER COLUMN " + n.own()
                        + (d.expected() == null ? " DROP DEFAULT;" : " SET DEFAULT " + d.expected() + ";"));
                case "not null" -> List.of("ALTER TABLE " + n.table() + " ALTER COLUMN " + n.own()
                        + ("true".equals(d.expected()) ? " SET NOT NULL;" : " DROP NOT NULL;"));
                case "type" -> List.of("-- ALTER TABLE " + n.table() + " ALTER COLUMN " + n.own() + " TYPE "
                        + d.expected() + ";  -- may rewrite the table or need a USING clause");
                default -> List.of("-- not mechanical: change it as its migration does");
            };
            case INDEX -> "valid".equals(attribute) ? List.of("REINDEX INDEX " + ident(d.name()) + ";")
                    : recreate(target, d, reference);
            case CONSTRAINT -> "validated".equals(attribute)
                    ? List.of("ALTER TABLE " + n.table() + " VALIDATE CONSTRAINT " + n.own() + ";")
                    : recreate(target, d, reference);
            case TRIGGER -> "enabled".equals(attribute) ? List.of("ALTER TABLE " + n.table() + " ENABLE "
                    + ("origin".equals(d.expected()) ? "" : d.expected().toUpperCase(Locale.ROOT) + " ") + "TRIGGER "
                    + n.own() + ";") : recreate(target, d, reference);
            case VIEW -> reference.map(o -> List.of("CREATE OR REPLACE VIEW " + ident(d.name()) + " AS"
                    + body(o.attributes().get("definition")) + ";")).orElse(List.of());
            case MATERIALIZED_VIEW, POLICY -> recreate(target, d, reference);
            case FUNCTION, PROCEDURE -> reference.filter(o -> o.source() != null)
                    .map(o -> List.of(o.source().strip() + ";"))
                    .orElse(List.of("-- not mechanical: re-create it as its migration does"));
            case SEQUENCE -> List.of("ALTER SEQUENCE " + ident(d.name()) + " " + sequenceOption(attribute, d.expected())
                    + ";");
            case ROW_LEVEL_SECURITY -> List.of("ALTER TABLE " + ident(d.name()) + ("true".equals(d.expected())
                    ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY;");
            case GRANT -> target.appUser().map(app -> grantChange(target, d, app)).orElse(List.of());
            default -> List.of("-- not mechanical: change it as its migration does");
        };
    }

    /** Drops the object and creates it as the reference has it. */
    private static List<String> recreate(Target target, Difference d, Optional<SchemaObject> reference) {
        List<String> both = new ArrayList<>(drop(target, Difference.added(d.kind(), d.name(), d.actual())));
        both.addAll(create(target, Difference.missing(d.kind(), d.name(), d.expected()), reference));
        return both;
    }

    private static List<String> type(String name, Map<String, String> a) {
        return switch (a.getOrDefault("kind", "")) {
            case "composite" -> List.of("CREATE TYPE " + ident(name) + " AS (" + a.get("attributes") + ");");
            case "domain" -> List.of("CREATE DOMAIN " + ident(name) + " AS " + a.get("base type")
                    + ("true".equals(a.get("not null")) ? " NOT NULL" : "")
                    + (a.containsKey("default") ? " DEFAULT " + a.get("default") : "") + ";");
            case "range" -> List.of("CREATE TYPE " + ident(name) + " AS RANGE (SUBTYPE = " + a.get("subtype") + ");");
            default -> List.of("-- not mechanical: re-create it as its migration does");
        };
    }

    private static String policy(Name n, Map<String, String> a) {
        return "CREATE POLICY " + n.own() + " ON " + n.table() + " AS "
                + ("true".equals(a.get("permissive")) ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + a.get("command")
                + " TO " + a.getOrDefault("roles", "PUBLIC")
                + (a.containsKey("using") ? " USING (" + a.get("using") + ")" : "")
                + (a.containsKey("with check") ? " WITH CHECK (" + a.get("with check") + ")" : "") + ";";
    }

    private static String sequenceOption(String attribute, String value) {
        return switch (attribute) {
            case "type" -> "AS " + value;
            case "start" -> "START " + value;
            case "increment" -> "INCREMENT " + value;
            case "min" -> "MINVALUE " + value;
            case "max" -> "MAXVALUE " + value;
            case "cache" -> "CACHE " + value;
            case "cycle" -> "true".equals(value) ? "CYCLE" : "NO CYCLE";
            default -> attribute + " " + value;
        };
    }

    private static List<String> grantChange(Target target, Difference d, String app) {
        Set<String> expected = set(d.expected());
        Set<String> actual = set(d.actual());
        List<String> out = new ArrayList<>();
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        Set<String> lacking = new TreeSet<>(expected);
        lacking.removeAll(actual);
        if (!extra.isEmpty()) {
            out.add("REVOKE " + String.join(", ", extra) + " ON " + grantObject(target, d.name()) + " FROM "
                    + ident(app) + ";");
        }
        if (!lacking.isEmpty()) {
            out.addAll(grant(target, d.name(), String.join(", ", lacking), app));
        }
        return out;
    }

    private static List<String> grant(Target target, String name, String privileges, String app) {
        if (name.startsWith("default privileges on ")) {
            return List.of("ALTER DEFAULT PRIVILEGES IN SCHEMA " + ident(target.schema()) + " GRANT " + privileges
                    + " ON " + name.substring("default privileges on ".length()).toUpperCase(Locale.ROOT) + " TO "
                    + ident(app) + ";");
        }
        return List.of("GRANT " + privileges + " ON " + grantObject(target, name) + " TO " + ident(app) + ";");
    }

    /** What a grant's name designates in GRANT and REVOKE: {@code TABLE "accounts"}, {@code SCHEMA "tenant_a"}… */
    private static String grantObject(Target target, String name) {
        if (name.equals("schema")) {
            return "SCHEMA " + ident(target.schema());
        }
        if (name.startsWith("default privileges on ")) {
            return name; // only ever granted through ALTER DEFAULT PRIVILEGES
        }
        int space = name.indexOf(' ');
        String kind = name.substring(0, space);
        String object = name.substring(space + 1);
        return switch (kind) {
            case "sequence" -> "SEQUENCE " + ident(object);
            case "function" -> "FUNCTION " + routine(object);
            case "materialized" -> "TABLE " + ident(object.substring("view ".length()));
            default -> "TABLE " + ident(object);
        };
    }

    private static String privileges(String value) {
        return value == null ? "ALL" : value.replace("privileges ", "");
    }

    private static Set<String> set(String privileges) {
        return privileges == null ? Set.of() : new TreeSet<>(Arrays.asList(privileges.split(",\\s*")));
    }

    /** {@code name(args)} with the name quoted. */
    private static String routine(String signature) {
        int paren = signature.indexOf('(');
        return ident(signature.substring(0, paren)) + signature.substring(paren);
    }

    /** A view's definition as the catalog gives it, after {@code AS}: without its final semicolon. */
    private static String body(String definition) {
        String d = definition == null ? "" : definition.strip();
        return "\n" + (d.endsWith(";") ? d.substring(0, d.length() - 1) : d);
    }

    /** A {@code table.object} name, each part quoted. */
    private record Name(String table, String own) {
        static Name of(String name) {
            int dot = name.indexOf('.');
            return dot < 0 ? new Name(ident(name), ident(name))
                    : new Name(ident(name.substring(0, dot)), ident(name.substring(dot + 1)));
        }
    }
}
