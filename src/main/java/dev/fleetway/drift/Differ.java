package dev.fleetway.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.fleetway.db.Sql;
import dev.fleetway.report.Difference;
import dev.fleetway.report.ObjectKind;

/**
 * Compares two normalised {@link Catalog}s, order-free: objects by kind and name (so a column dropped and added
 * again, which moves to the end of its table, is the same column), then each attribute. Two refinements keep the
 * report to what an operator would call a difference:
 * <ul>
 * <li>a constraint or index present on both sides under different names but with the same table and definition
 * (a generated name that came out differently, {@code users_email_key1}) is the same object;</li>
 * <li>the columns, constraints, indexes, triggers, policies and grants of a table (or view, or type) that is itself
 * missing or added are not listed again.</li>
 * </ul>
 */
public final class Differ {
    private static final Comparator<Difference> ORDER = Comparator.comparing(Difference::kind)
            .thenComparing(Difference::name);
    private static final Set<ObjectKind> CONTAINERS = Set.of(ObjectKind.TABLE, ObjectKind.VIEW,
            ObjectKind.MATERIALIZED_VIEW, ObjectKind.TYPE);

    private Differ() {
    }

    /** What {@code actual} has that {@code expected} lacks, lacks that it has, and has otherwise; sorted. */
    public static List<Difference> compare(Catalog expected, Catalog actual) {
        List<Difference> changed = new ArrayList<>();
        List<SchemaObject> missing = new ArrayList<>();
        List<SchemaObject> added = new ArrayList<>();
        for (SchemaObject e : expected.objects()) {
            Optional<SchemaObject> a = actual.get(e.kind(), e.name());
            if (a.isEmpty()) {
                missing.add(e);
            } else {
                changed.addAll(attributes(e, a.get()));
            }
        }
        for (SchemaObject a : actual.objects()) {
            if (expected.get(a.kind(), a.name()).isEmpty()) {
                added.add(a);
            }
        }
        pairRenamed(missing, added);
        Set<String> gone = containers(missing);
        Set<String> extra = containers(added);
        List<Difference> all = new ArrayList<>(changed);
        missing.stream().filter(o -> CONTAINERS.contains(o.kind()) || o.parent() == null || !gone.contains(o.parent()))
                .forEach(o -> all.add(Difference.missing(o.kind(), o.name(), o.describe())));
        added.stream().filter(o -> CONTAINERS.contains(o.kind()) || o.parent() == null || !extra.contains(o.parent()))
                .forEach(o -> all.add(Difference.added(o.kind(), o.name(), o.describe())));
        all.sort(ORDER);
        return List.copyOf(all);
    }

    private static List<Difference> attributes(SchemaObject expected, SchemaObject actual) {
        Set<String> names = new LinkedHashSet<>(expected.attributes().keySet());
        names.addAll(actual.attributes().keySet());
        List<Difference> out = new ArrayList<>();
        for (String name : names) {
            String e = expected.attributes().get(name);
            String a = actual.attributes().get(name);
            if (!Objects.equals(e, a)) {
                out.add(Difference.changed(expected.kind(), expected.name(), name, e, a));
            }
        }
        return out;
    }

    /** Removes the constraints and indexes that differ only by name (see the class comment) from both lists. */
    private static void pairRenamed(List<SchemaObject> missing, List<SchemaObject> added) {
        for (Iterator<SchemaObject> m = missing.iterator(); m.hasNext();) {
            SchemaObject e = m.next();
            if (e.kind() != ObjectKind.CONSTRAINT && e.kind() != ObjectKind.INDEX) {
                continue;
            }
            Optional<SchemaObject> twin = added.stream().filter(a -> a.kind() == e.kind()
                    && Objects.equals(a.parent(), e.parent()) && unnamed(a).equals(unnamed(e))).findFirst();
            if (twin.isPresent()) {
                added.remove(twin.get());
                m.remove();
            }
        }
    }

    /** An object's attributes with its own name taken out of its definition ({@code CREATE INDEX name ON …}). */
    private static Map<String, String> unnamed(SchemaObject o) {
        String own = o.name().substring(o.name().lastIndexOf('.') + 1);
        Map<String, String> values = new LinkedHashMap<>(o.attributes());
        values.computeIfPresent("definition", (k, v) -> v.replace(" " + own + " ", " ? ")
                .replace(" " + Sql.ident(own) + " ", " ? "));
        return values;
    }

    private static Set<String> containers(List<SchemaObject> objects) {
        Set<String> names = new HashSet<>();
        objects.stream().filter(o -> CONTAINERS.contains(o.kind())).forEach(o -> names.add(o.name()));
        return names;
    }
}
