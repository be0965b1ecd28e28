package dev.fleetway.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/**
 * The migration scripts of the configured locations, read once per run and shared by every target (so a
 * fleet run resolves and reads the files once, not once per tenant).
 * <p>
 * Locations are {@code classpath:PATH} (the build writes an index, {@code PATH/fleetway-index.txt}, because
 * directories cannot be listed portably inside a native image) or {@code filesystem:DIR} (a plain path is read
 * as a directory too). Files are searched recursively and read with the run's {@link Layout} (chosen, or decided
 * from the files: see {@link Layouts}). A {@code .sql} file the layout does not recognise is refused (a
 * one-character typo would otherwise drop a migration silently), unless it matches one of
 * {@code fleetway.ignore-files}; so are two scripts of the same version and direction.
 */
public final class MigrationSource {
    static final String INDEX = "fleetway-index.txt";
    /** The suffix of Flyway's script configuration file beside a script: {@code V1__x.sql.conf}. */
    static final String CONF = FlywayLayout.CONF;

    private final List<String> locations;
    private final Layout layout;
    private final List<MigrationFile> files;

    private MigrationSource(List<String> locations, Layout layout, List<MigrationFile> files) {
        this.locations = List.copyOf(locations);
        this.layout = layout;
        this.files = List.copyOf(files);
    }

    /**
     * Reads every location.
     *
     * @param ignored globs ({@code fleetway.ignore-files}) of {@code .sql} files that are not migrations, matched
     *        against the path below the location and against the file name
     * @param choice the layout to read them with ({@code auto}: the one they fit)
     * @throws FleetwayException (exit 2) when a location does not exist, the layout is unknown or cannot be told,
     *         or no migration is found; (exit 4) for a file the layout does not recognise or cannot read, or two
     *         scripts of one version
     */
    public static MigrationSource load(List<String> locations, List<String> ignored, LayoutChoice choice) {
        Predicate<String> ignore = ignoring(ignored);
        List<SourceFile> read = new ArrayList<>();
        for (String location : locations) {
            read.addAll(location.startsWith("classpath:") ? readClasspath(location) : readDirectory(location));
        }
        Layout layout = Layouts.resolve(choice, read, f -> ignore.test(f.relativePath()));
        Layout.Reading reading = layout.read(read);
        for (SourceFile f : reading.unrecognised()) {
            if (ignore.test(f.relativePath())) {
                continue;
            }
            if (f.relativePath().endsWith(CONF)) {
                String script = f.relativePath().substring(0, f.relativePath().length() - CONF.length());
                throw new FleetwayException(ExitCode.VALIDATION_FAILED, "script configuration " + f.relativePath()
                        + " in " + f.location() + (layout instanceof FlywayLayout
                                ? " has no script " + script + " beside it — rename it after its script, or remove it"
                                : " is read only in the flyway layout, and this folder is read in the " + layout.name()
                                        + " layout — declare a non-transactional script with"
                                        + " '-- fleetway:non-transactional' instead, and remove it"));
            }
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, "migration file " + f.relativePath() + " in "
                    + f.location() + " is not named as a migration of the " + layout.name() + " layout, so it would"
                    + " never run — expected " + layout.expectedForm() + "; rename it, or list it in"
                    + " fleetway.ignore-files if it is not a migration");
        }
        List<MigrationFile> files = new ArrayList<>(reading.scripts());
        files.sort(Comparator.comparing(MigrationFile::script));
        refuseDuplicates(files);
        if (files.stream().noneMatch(f -> f.kind().isMigration())) {
            throw FleetwayException.usage("no migrations found in " + String.join(", ", locations) + " ("
                    + layout.name() + " layout) — add files named like " + layout.expectedForm()
                    + ", or point --migrations at the right directory");
        }
        return new MigrationSource(locations, layout, files);
    }

    /** The layout the files were read with. */
    public Layout layout() {
        return layout;
    }

    public List<String> locations() {
        return locations;
    }

    /** Every migration script, ordered by {@link MigrationFile#script}. */
    public List<MigrationFile> files() {
        return files;
    }

    /**
     * The SQL callbacks Flyway fires while migrating, in file order: {@code beforeMigrate},
     * {@code beforeEachMigrate}, {@code afterEachMigrate(Error)}, {@code afterMigrate(Error|Applied)},
     * {@code beforeValidate}, {@code afterValidate}, {@code beforeRepeatables}, {@code afterVersioned} and their
     * {@code __description} variants.
     */
    public List<MigrationFile> migrateCallbacks() {
        return files.stream().filter(f -> f.callbackEvent().filter(MIGRATE_EVENTS::contains).isPresent()).toList();
    }

    /**
     * The SQL callbacks Flyway fires even when there is nothing to migrate ({@code beforeMigrate},
     * {@code afterMigrate}, {@code beforeValidate}, {@code afterValidate}): while one exists, a target cannot be
     * called current from its history alone, because Flyway would run it.
     */
    public boolean hasNoOpCallbacks() {
        return files.stream().anyMatch(f -> f.callbackEvent().filter(NO_OP_EVENTS::contains).isPresent());
    }

    private static final java.util.Set<String> NO_OP_EVENTS = java.util.Set.of("beforeMigrate", "afterMigrate",
            "beforeValidate", "afterValidate", "afterMigrateOperationFinish", "afterValidateOperationFinish");
    private static final java.util.Set<String> MIGRATE_EVENTS = java.util.Set.of("beforeMigrate", "afterMigrate",
            "afterMigrateError", "afterMigrateApplied", "beforeEachMigrate", "afterEachMigrate",
            "afterEachMigrateError", "beforeEachMigrateStatement", "afterEachMigrateStatement",
            "afterEachMigrateStatementError", "beforeValidate", "afterValidate", "afterValidateError",
            "beforeRepeatables", "afterVersioned", "afterMigrateOperationFinish", "afterValidateOperationFinish");

    /**
     * Whether a path below a location is listed in {@code fleetway.ignore-files} ({@code globs}), matched against the
     * path and against the file name.
     */
    public static Predicate<String> ignoring(List<String> globs) {
        List<PathMatcher> matchers = globs.stream().filter(g -> !g.isBlank())
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g.strip())).toList();
        return relativePath -> {
            Path path = Path.of(relativePath);
            return matchers.stream().anyMatch(g -> g.matches(path) || g.matches(path.getFileName()));
        };
    }

    /** Two files of one kind and version (or two repeatable files of one description) cannot both run. */
    private static void refuseDuplicates(List<MigrationFile> files) {
        Map<String, MigrationFile> seen = new HashMap<>();
        for (MigrationFile f : files) {
            if (f.kind() == MigrationFile.Kind.CALLBACK) {
                continue;
            }
            String key = f.kind() + ":" + f.version().map(v -> MigrationVersion.fromVersion(v).getVersion())
                    .orElse(f.description());
            MigrationFile earlier = seen.putIfAbsent(key, f);
            if (earlier != null) {
                String what = f.version().map(v -> "version " + v).orElse("description '" + f.description() + "'");
                throw new FleetwayException(ExitCode.VALIDATION_FAILED, "migration files " + earlier.path() + " and "
                        + f.path() + " have the same " + what + ", so only one could ever run — give one of"
                        + " them another " + (f.version().isPresent() ? "version" : "description"));
            }
        }
    }

    private static List<SourceFile> readClasspath(String location) {
        String base = trimSlashes(location.substring("classpath:".length()));
        ClassLoader loader = MigrationSource.class.getClassLoader();
        String index = read(loader, base + "/" + INDEX).orElseThrow(() -> FleetwayException.usage(
                "migration location " + location + " not found in the binary — use --migrations DIR or"
                        + " fleetway.locations=filesystem:DIR"));
        List<SourceFile> files = new ArrayList<>();
        for (String line : index.split("\\R")) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            String content = read(loader, base + "/" + name).orElseThrow(() -> new IllegalStateException(
                    "classpath migration " + base + "/" + name + " is listed in the index but missing"));
            files.add(new SourceFile(name, location, content));
        }
        return files;
    }

    static List<SourceFile> readDirectory(String location) {
        Path dir = Path.of(location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location);
        if (!Files.isDirectory(dir)) {
            throw FleetwayException.usage("migrations directory " + dir + " does not exist"
                    + " — check --migrations or fleetway.locations");
        }
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".sql")
                    || p.toString().endsWith(".sql" + CONF))
                    .filter(Files::isRegularFile).sorted()::iterator) {
                String relative = dir.relativize(path).toString().replace('\\', '/');
                files.add(new SourceFile(relative, "filesystem:" + dir, Files.readString(path, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw FleetwayException.usage("cannot read migrations directory " + dir + " (" + e.getMessage() + ")");
        }
        return files;
    }

    private static Optional<String> read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read classpath resource " + resource, e);
        }
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
