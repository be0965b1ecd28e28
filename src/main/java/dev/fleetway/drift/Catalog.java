package dev.fleetway.drift;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.report.ObjectKind;

/**
 * A snapshot of one schema's catalog: every object {@code drift} and {@code verify} compare (tables, columns,
 * constraints, indexes, views, functions, triggers, sequences, types, extensions, row-level security, policies and
 * the app user's grants), keyed by kind and name, read with one query ({@link CatalogQuery}). The history table is
 * left out. Immutable; the values are as the catalog spells them until {@link #normalised} makes two snapshots of
 * different schemas comparable.
 */
public final class Catalog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An object's identity within a schema. */
    public record Key(ObjectKind kind, String name) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::kind).thenComparing(Key::name);

    private final String schema;
    private final Map<Key, SchemaObject> objects;

    private Catalog(String schema, Map<Key, SchemaObject> objects) {
        this.schema = schema;
        this.objects = Collections.unmodifiableMap(objects);
    }

    /**
     * Reads {@code schema} on {@code c} in one round trip. Sets the session's {@code search_path} to
     * {@code pg_catalog} (so definitions come out alike whatever the login's setting): call it on a session that is
     * not migrating.
     *
     * @param appUser the role whose privileges are read as grants; empty reads no grants
     * @param historyTable the history table's name, left out with its columns, indexes and grants
     * @param definitions also read each function's full text (references, for {@code --fix-sql})
     */
    public static Catalog read(Connection c, String schema, Optional<String> appUser, String historyTable,
            boolean definitions) throws SQLException {
        Map<Key, SchemaObject> objects = new TreeMap<>(ORDER);
        try (Statement s = c.createStatement()) {
            boolean result = s.execute(CatalogQuery.of(schema, appUser, historyTable, definitions));
            while (!result && s.getUpdateCount() != -1) {
                result = s.getMoreResults();
            }
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    SchemaObject object = new SchemaObject(ObjectKind.of(rs.getString(1)), rs.getString(2),
                            rs.getString(3), attributes(rs.getString(4)), rs.getString(5));
                    objects.put(new Key(object.kind(), object.name()), object);
                }
            }
        }
        return new Catalog(schema, objects);
    }

    /** A snapshot of given objects (for tests, and anything that has a schema's objects already). */
    static Catalog of(String schema, Collection<SchemaObject> objects) {
        Map<Key, SchemaObject> map = new TreeMap<>(ORDER);
        objects.forEach(o -> map.put(new Key(o.kind(), o.name()), o));
        return new Catalog(schema, map);
    }

    /** The attributes of a row's JSON object, in its order, without the null ones. */
    private static Map<String, String> attributes(String json) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            JsonNode node = JSON.readTree(json);
            node.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    values.put(f.getKey(), f.getValue().asText());
                }
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalog query returned malformed JSON", e);
        }
        return values;
    }

    /** The schema read. */
    public String schema() {
        return schema;
    }

    /** Every object, by kind (in {@link ObjectKind} order), then name. */
    public Collection<SchemaObject> objects() {
        return objects.values();
    }

    public Optional<SchemaObject> get(ObjectKind kind, String name) {
        return Optional.ofNullable(objects.get(new Key(kind, name)));
    }

    public int size() {
        return objects.size();
    }

    /**
     * This snapshot made comparable with one of another schema ({@link Normaliser}): the names of
     * {@code schemas} (this one's and the other's) taken out of every value, casts of literal defaults dropped,
     * function bodies replaced by a hash.
     */
    public Catalog normalised(Normaliser normaliser) {
        Map<Key, SchemaObject> mapped = new TreeMap<>(ORDER);
        objects.forEach((key, object) -> mapped.put(key, normaliser.object(object)));
        return new Catalog(schema, mapped);
    }
}
