package dev.fleetway.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.fleetway.report.ObjectKind;

/**
 * One object of a schema as a catalog snapshot reads it.
 *
 * @param name its name within the schema: {@code accounts}, {@code accounts.plan}, {@code set_updated_at()}
 * @param parent the table, view or type it belongs to (a column's, an index's, a grant's); null for a top-level one
 * @param attributes what is compared, in a fixed order per kind ({@code type}, {@code not null}, {@code default}…);
 *        an attribute the catalog has no value for is absent
 * @param source for functions and procedures of a reference: the full {@code CREATE OR REPLACE} text, for
 *        {@code --fix-sql}; null otherwise. Never compared.
 */
public record SchemaObject(ObjectKind kind, String name, String parent, Map<String, String> attributes,
        String source) {

    public SchemaObject {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The same object with every attribute value (and the source) passed through {@code f}. */
    SchemaObject map(UnaryOperator<String> f) {
        Map<String, String> mapped = new LinkedHashMap<>();
        attributes.forEach((k, v) -> mapped.put(k, f.apply(v)));
        return new SchemaObject(kind, name, parent, mapped, source == null ? null : f.apply(source));
    }

    /** The same object with one attribute replaced. */
    SchemaObject with(String attribute, String value) {
        Map<String, String> changed = new LinkedHashMap<>(attributes);
        changed.put(attribute, value);
        return new SchemaObject(kind, name, parent, changed, source);
    }

    /**
     * The object in one line, as a missing or an added one is described: its definition where the catalog gives one
     * ({@code CREATE INDEX …}), a column as in {@code ADD COLUMN} ({@code text NOT NULL DEFAULT 'free'}), else its
     * attributes.
     */
    public String describe() {
        if (attributes.containsKey("definition")) {
            return attributes.get("definition");
        }
        if (kind == ObjectKind.COLUMN) {
            return columnDefinition();
        }
        return attributes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** A column's type and properties as {@code ALTER TABLE … ADD COLUMN} writes them. */
    String columnDefinition() {
        StringBuilder sql = new StringBuilder(attributes.getOrDefault("type", "?"));
        String identity = attributes.get("identity");
        if (identity != null) {
            sql.append(" GENERATED ").append(identity.toUpperCase(Locale.ROOT)).append(" AS IDENTITY");
        }
        if (attributes.containsKey("generated")) {
            sql.append(" GENERATED ALWAYS AS (").append(attributes.get("generated")).append(") STORED");
        }
        if (attributes.containsKey("collation")) {
            sql.append(" COLLATE ").append(attributes.get("collation"));
        }
        if ("true".equals(attributes.get("not null"))) {
            sql.append(" NOT NULL");
        }
        if (attributes.containsKey("default")) {
            sql.append(" DEFAULT ").append(attributes.get("default"));
        }
        return sql.toString();
    }
}
