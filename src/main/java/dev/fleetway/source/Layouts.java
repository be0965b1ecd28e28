package dev.fleetway.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.fleetway.FleetwayException;

/**
 * Picks the layout of a run: the one named, or with {@code auto} the one the files fit.
 * <p>
 * {@code auto} sorts every {@code .sql} file it recognises into a shape: Flyway's names ({@code V…__…},
 * {@code U…}, {@code R__…}, callbacks); {@code {version}_{name}.up.sql}/{@code .down.sql} pairs; {@code {version}_{name}/up.sql}
 * and {@code down.sql} directories (Hasura); {@code {version}_{name}.sql} with a {@code -- migrate:up} line (dbmate);
 * {@code {version}_{name}.sql} without one (sqlx). Then: only Flyway names is {@code flyway}; only pairs is
 * {@code golang-migrate} (sqlx reads pairs the same way; its {@code -- no-transaction} needs {@code --layout sqlx});
 * plain numbered files, with or without pairs, is {@code sqlx}; only dbmate files is {@code dbmate}; only
 * directories is {@code hasura}. Anything else fits more than one layout and is refused (exit 2), naming them. A
 * declared custom layout is used whenever {@code auto} is configured: declaring one is choosing it.
 */
public final class Layouts {
    public static final String AUTO = "auto";
    public static final String CUSTOM = "custom";
    /** Every name {@code --layout} accepts. */
    public static final List<String> NAMES = List.of(AUTO, "flyway", "golang-migrate", "sqlx", "dbmate", "hasura",
            CUSTOM);

    private Layouts() {
    }

    /**
     * The layout {@code choice} names, without looking at files; for {@code auto}, empty.
     *
     * @throws FleetwayException (exit 2) for an unknown name, or {@code custom} without a declared custom layout
     */
    public static Optional<Layout> named(LayoutChoice choice) {
        String name = choice.name().strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case AUTO -> choice.custom().map(CustomLayout::new);
            case "flyway" -> Optional.of(new FlywayLayout());
            case "golang-migrate" -> Optional.of(new GolangMigrateLayout());
            case "sqlx" -> Optional.of(new SqlxLayout());
            case "dbmate" -> Optional.of(new DbmateLayout());
            case "hasura" -> Optional.of(new HasuraLayout());
            case CUSTOM -> Optional.of(new CustomLayout(choice.custom().orElseThrow(() -> FleetwayException.usage(
                    "layout 'custom' is chosen but no custom layout is declared — set fleetway.custom-layout.up (and"
                            + " the other fleetway.custom-layout settings, see docs/configuration.md)"))));
            default -> throw FleetwayException.usage("unknown layout '" + choice.name() + "' (--layout,"
                    + " fleetway.layout) — use one of " + String.join(", ", NAMES));
        };
    }

    /**
     * The layout of a run over {@code files}: the one named, or the one they fit.
     *
     * @param files every file found in the locations
     * @param ignored whether a file is listed in {@code fleetway.ignore-files}; ignored files do not take part in
     *        the decision
     * @throws FleetwayException (exit 2) for an unknown name, or files that fit more than one layout
     */
    public static Layout resolve(LayoutChoice choice, List<SourceFile> files, Predicate<SourceFile> ignored) {
        Optional<Layout> named = named(choice);
        return named.isPresent() ? named.get() : detect(files.stream().filter(f -> !ignored.test(f)).toList());
    }

    /**
     * The scripts of one file read on its own ({@code lint FILE}): with the chosen layout, or the one it fits; a file
     * the layout does not recognise is one up script, the whole file.
     *
     * @throws FleetwayException (exit 2) for an unknown layout; (exit 4) for a file the layout cannot read
     */
    public static List<MigrationFile> scriptsOf(LayoutChoice choice, SourceFile file) {
        Layout layout = resolve(choice, List.of(file), f -> false);
        List<MigrationFile> scripts = layout.read(List.of(file)).scripts();
        return !scripts.isEmpty() ? scripts : List.of(MigrationFile.of(file.filename(), file.location(),
                file.relativePath(), MigrationFile.Kind.VERSIONED, Optional.empty(), file.filename(), file.content()));
    }

    /** The shapes {@code auto} tells apart, and the layouts each fits. */
    private enum Shape {
        FLYWAY("flyway"), PAIR("golang-migrate or sqlx"), PLAIN("sqlx"), DBMATE("dbmate"), DIRECTORY("hasura");

        final String layouts;

        Shape(String layouts) {
            this.layouts = layouts;
        }
    }

    /**
     * The layout {@code files} fit ({@code flyway} when they fit none, so that the source reports them as not
     * recognised).
     *
     * @throws FleetwayException (exit 2) when they fit more than one, naming the layouts and a file of each
     */
    static Layout detect(List<SourceFile> files) {
        Map<Shape, List<String>> found = new LinkedHashMap<>();
        for (SourceFile f : files) {
            shape(f).ifPresent(s -> found.computeIfAbsent(s, k -> new ArrayList<>()).add(f.relativePath()));
        }
        var shapes = found.keySet();
        if (shapes.isEmpty() || shapes.equals(Set.of(Shape.FLYWAY))) {
            return new FlywayLayout();
        }
        if (shapes.equals(Set.of(Shape.PAIR))) {
            return new GolangMigrateLayout();
        }
        if (Set.of(Shape.PAIR, Shape.PLAIN).containsAll(shapes)) {
            return new SqlxLayout();
        }
        if (shapes.equals(Set.of(Shape.DBMATE))) {
            return new DbmateLayout();
        }
        if (shapes.equals(Set.of(Shape.DIRECTORY))) {
            return new HasuraLayout();
        }
        List<String> candidates = found.entrySet().stream().map(e -> e.getKey().layouts + " (" + e.getValue().get(0)
                + (e.getValue().size() > 1 ? " and " + (e.getValue().size() - 1) + " more" : "") + ")").toList();
        throw FleetwayException.usage("the migration files fit more than one layout: " + String.join(", ", candidates)
                + " — set --layout (fleetway.layout) to the one they are written for, and move the others away or"
                + " list them in fleetway.ignore-files");
    }

    private static Optional<Shape> shape(SourceFile f) {
        String name = f.filename();
        if (name.endsWith(FlywayLayout.CONF)) {
            return Optional.empty();
        }
        if (MigrationFile.parse(f.relativePath(), f.location(), "").isPresent()) {
            return Optional.of(Shape.FLYWAY);
        }
        if (HasuraLayout.inMigrationDirectory(f)) {
            return Optional.of(Shape.DIRECTORY);
        }
        if (GolangMigrateLayout.NAME.matcher(name).matches()) {
            return Optional.of(Shape.PAIR);
        }
        if (DbmateLayout.looksLikeOne(f)) {
            return Optional.of(Shape.DBMATE);
        }
        if (name.matches("\\d+_.*\\.sql")) {
            return Optional.of(Shape.PLAIN);
        }
        return Optional.empty();
    }
}
