package dev.fleetway.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.fleetway.FleetwayException;

/**
 * The migration files of the configured locations, read once per run and shared by every target (so a
 * fleet run resolves and reads the files once, not once per tenant).
 * <p>
 * Locations are {@code classpath:PATH} (the build writes an index, {@code PATH/fleetway-index.txt}, because
 * directories cannot be listed portably inside a native image) or {@code filesystem:DIR} (a plain path is read
 * as a directory too). Files are searched recursively; names that don't follow the {@code V}/{@code U}/{@code R}
 * rules are ignored.
 */
public final class MigrationSource {
    static final String INDEX = "fleetway-index.txt";

    private final List<String> locations;
    private final List<MigrationFile> files;

    private MigrationSource(List<String> locations, List<MigrationFile> files) {
        this.locations = List.copyOf(locations);
        this.files = List.copyOf(files);
    }

    /**
     * Reads every location.
     *
     * @throws FleetwayException (exit 2) when a location does not exist or no {@code V}/{@code R} migration is found
     */
    public static MigrationSource load(List<String> locations) {
        List<MigrationFile> files = new ArrayList<>();
        for (String location : locations) {
            if (location.startsWith("classpath:")) {
                files.addAll(readClasspath(location));
            } else {
                files.addAll(readDirectory(location));
            }
        }
        files.sort(Comparator.comparing(MigrationFile::relativePath));
        if (files.stream().noneMatch(f -> f.kind() != MigrationFile.Kind.UNDO)) {
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

    /** The down script of a version, if there is one. */
    public Optional<MigrationFile> undoFor(String version) {
        return files.stream()
                .filter(f -> f.kind() == MigrationFile.Kind.UNDO && f.version().orElse("").equals(version))
                .findFirst();
    }

    private static List<MigrationFile> readClasspath(String location) {
        String base = trimSlashes(location.substring("classpath:".length()));
        ClassLoader loader = MigrationSource.class.getClassLoader();
        String index = read(loader, base + "/" + INDEX).orElseThrow(() -> FleetwayException.usage(
                "migration location " + location + " not found in the binary — use --migrations DIR or"
                        + " fleetway.locations=filesystem:DIR"));
        List<MigrationFile> files = new ArrayList<>();
        for (String line : index.split("\\R")) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            String content = read(loader, base + "/" + name).orElseThrow(() -> new IllegalStateException(
                    "classpath migration " + base + "/" + name + " is listed in the index but missing"));
            MigrationFile.parse(name, location, content).ifPresent(files::add);
        }
        return files;
    }

    private static List<MigrationFile> readDirectory(String location) {
        Path dir = Path.of(location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location);
        if (!Files.isDirectory(dir)) {
            throw FleetwayException.usage("migrations directory " + dir + " does not exist"
                    + " — check --migrations or fleetway.locations");
        }
        List<MigrationFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".sql"))
                    .filter(Files::isRegularFile).sorted()::iterator) {
                String relative = dir.relativize(path).toString().replace('\\', '/');
                MigrationFile.parse(relative, "filesystem:" + dir, Files.readString(path, StandardCharsets.UTF_8))
                        .ifPresent(files::add);
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
