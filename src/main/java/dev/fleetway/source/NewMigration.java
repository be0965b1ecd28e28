package dev.fleetway.source;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fleetway.FleetwayException;

/**
 * The files of a new migration in a folder's own layout ({@code fleetway new}): named and numbered as the folder's
 * migrations are. Reads the folder; writes nothing.
 *
 * @param layout the folder's layout
 * @param version the new migration's version
 * @param files what to write, paths below the folder
 */
public record NewMigration(Layout layout, String version, List<Layout.NewFile> files) {

    /**
     * Plans a new migration in {@code dir}.
     *
     * @param choice the configured layout; with {@code auto}, the one the folder's files fit ({@code flyway} for an
     *        empty or new folder)
     * @throws FleetwayException (exit 2) when the layout cannot be told or cannot name new files, or a migration
     *         of the chosen version already exists
     */
    public static NewMigration plan(LayoutChoice choice, Path dir, Predicate<String> ignored, Instant now, String slug,
            String description, boolean withDown) {
        List<SourceFile> files = Files.isDirectory(dir) ? MigrationSource.readDirectory(dir.toString()) : List.of();
        Layout layout = Layouts.resolve(choice, files, f -> ignored.test(f.relativePath()));
        List<MigrationFile> existing = layout.read(files).scripts().stream()
                .filter(f -> f.kind() == MigrationFile.Kind.VERSIONED).toList();
        String version = layout.nextVersion(now, existing.stream().map(NewMigration::written).toList());
        for (MigrationFile f : existing) {
            if (sameVersion(f.version().orElseThrow(), version)) {
                throw FleetwayException.usage(dir.resolve(f.relativePath()) + " already exists with version " + version
                        + "; nothing was written — wait a second and run 'fleetway new' again");
            }
        }
        return new NewMigration(layout, version, layout.scaffold(version, slug, description, now, withDown));
    }

    private static boolean sameVersion(String existing, String version) {
        return existing.equals(version) || version.matches("\\d+") && existing.matches("\\d+")
                && new BigInteger(existing).equals(new BigInteger(version));
    }

    /** The version of an up script as its name writes it, leading zeros kept ({@code 0007} rather than 7). */
    private static String written(MigrationFile f) {
        String version = f.version().orElseThrow();
        Matcher digits = Pattern.compile("\\d+").matcher(f.relativePath());
        List<String> runs = new ArrayList<>();
        while (digits.find()) {
            runs.add(digits.group());
        }
        return runs.stream().filter(r -> version.matches("\\d+") && new BigInteger(r).toString().equals(version))
                .findFirst().orElse(version);
    }
}
