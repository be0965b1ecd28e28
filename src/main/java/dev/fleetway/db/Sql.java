package dev.fleetway.db;

/** SQL text helpers. Identifiers from configuration are always quoted with {@link #ident}, never spliced raw. */
public final class Sql {
    private Sql() {
    }

    /** Quotes an identifier (schema, role, table) the way PostgreSQL's {@code quote_ident} does, always. */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /** Quotes a string literal the way PostgreSQL's {@code quote_literal} does (standard-conforming strings). */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
