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
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/**
 * The migration files of the configured locations, read once per run and shared by every target (so a
 * fleet run resolves and reads the files once, not once per tenant).
 * <p>
 * Locations are {@code classpath:PATH} (the build writes an index, {@code PATH/fleetway-index.txt}, because
 * directories cannot be listed portably inside a native image) or {@code filesystem:DIR} (a plain path is read
 * as a directory too). Files are searched recursively. A {@code .sql} file whose name the layout does not
 * recognise is refused (a one-character typo would otherwise drop a migration silently), unless it matches one
 * of {@code fleetway.ignore-files}; so are two files of the same version.
 */
public final class MigrationSource {
    static final String INDEX = "fleetway-index.txt";
    /** The suffix of Flyway's script configuration file beside a script: {@code V1__x.sql.conf}. */
    static final String CONF = ".conf";

    private final List<String> locations;
    private final List<MigrationFile> files;

    private MigrationSource(List<String> locations, List<MigrationFile> files) {
        this.locations = List.copyOf(locations);
        this.files = List.copyOf(files);
    }

    /** One {@code .sql} file as read, before its name is parsed. */
    private record Read(String relativePath, String location, String content) {
    }

    /**
     * Reads every location.
     *
     * @param ignored globs ({@code fleetway.ignore-files}) of {@code .sql} files that are not migrations, matched
     *        against the path below the location and against the file name
     * @throws FleetwayException (exit 2) when a location does not exist or no {@code V}/{@code R} migration is
     *         found; (exit 4) for a file whose name is not recognised, or two files of one version
     */
    public static MigrationSource load(List<String> locations, List<String> ignored) {
        List<PathMatcher> ignore = ignored.stream().filter(g -> !g.isBlank())
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g.strip())).toList();
        List<MigrationFile> files = new ArrayList<>();
        for (String location : locations) {
            List<Read> read = location.startsWith("classpath:") ? readClasspath(location) : readDirectory(location);
            Map<String, String> confs = new HashMap<>();
            read.stream().filter(r -> r.relativePath().endsWith(CONF))
                    .forEach(r -> confs.put(r.relativePath().substring(0, r.relativePath().length() - CONF.length()),
                            r.content()));
            for (Read r : read) {
                if (r.relativePath().endsWith(CONF)) {
                    continue;
                }
                Optional<MigrationFile> file = MigrationFile.parse(r.relativePath(), r.location(), r.content())
                        .map(f -> f.withConf(Optional.ofNullable(confs.remove(r.relativePath()))));
                if (file.isPresent()) {
                    files.add(file.get());
                } else if (!matches(ignore, r.relativePath())) {
                    throw new FleetwayException(ExitCode.VALIDATION_FAILED, "migration file " + r.relativePath()
                            + " in " + r.location() + " is not named as a migration, so it would never run —"
                            + " expected " + MigrationFile.EXPECTED_FORM + "; rename it, or list it in"
                            + " fleetway.ignore-files if it is not a migration");
                }
            }
            // a script configuration whose script is gone (or misspelt) would configure nothing
            for (String script : confs.keySet()) {
                if (!matches(ignore, script + CONF)) {
                    throw new FleetwayException(ExitCode.VALIDATION_FAILED, "script configuration " + script + CONF
                            + " in " + location + " has no script " + script + " beside it — rename it after its"
                            + " script, or remove it");
                }
            }
        }
        files.sort(Comparator.comparing(MigrationFile::relativePath));
        refuseDuplicates(files);
        if (files.stream().noneMatch(f -> f.kind().isMigration())) {
            throw FleetwayException.usage("no migrations found in " + String.join(", ", locations)
                    + " — add files named like V1__create_tables.sql, or point --migrations at the right directory");
        }
        return new MigrationSource(locations, files);
    }

    public List<String> locations() {
        return locations;
    }

    /** Every migration file, ordered by path. */
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

    private static boolean matches(List<PathMatcher> globs, String relativePath) {
        Path path = Path.of(relativePath);
        return globs.stream().anyMatch(g -> g.matches(path) || g.matches(path.getFileName()));
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

    private static List<Read> readClasspath(String location) {
        String base = trimSlashes(location.substring("classpath:".length()));
        ClassLoader loader = MigrationSource.class.getClassLoader();
        String index = read(loader, base + "/" + INDEX).orElseThrow(() -> FleetwayException.usage(
                "migration location " + location + " not found in the binary — use --migrations DIR or"
                        + " fleetway.locations=filesystem:DIR"));
        List<Read> files = new ArrayList<>();
        for (String line : index.split("\\R")) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            String content = read(loader, base + "/" + name).orElseThrow(() -> new IllegalStateException(
                    "classpath migration " + base + "/" + name + " is listed in the index but missing"));
            files.add(new Read(name, location, content));
        }
        return files;
    }

    private static List<Read> readDirectory(String location) {
        Path dir = Path.of(location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location);
        if (!Files.isDirectory(dir)) {
            throw FleetwayException.usage("migrations directory " + dir + " does not exist"
                    + " — check --migrations or fleetway.locations");
        }
        List<Read> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".sql")
                    || p.toString().endsWith(".sql" + CONF))
                    .filter(Files::isRegularFile).sorted()::iterator) {
                String relative = dir.relativize(path).toString().replace('\\', '/');
                files.add(new Read(relative, "filesystem:" + dir, Files.readString(path, StandardCharsets.UTF_8)));
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
