package dev.fleetway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.config.LayoutSettings;
import dev.fleetway.report.Envelope;
import dev.fleetway.source.Layout;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.source.NewMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway new DESCRIPTION}: scaffolds a migration and its down script. Touches no database. */
@Command(name = "new", header = "Write a new migration and its down script.", mixinStandardHelpOptions = true,
        description = "Write a new migration and its down script (the one 'revert' runs) into the migrations "
                + "directory (--migrations DIR, else fleetway.locations when it is a filesystem: location, else "
                + "./migrations), named in the directory's layout: V<yyyyMMddHHmmss>__<description>.sql and its U "
                + "twin in the flyway layout, <version>_<description>.up.sql and .down.sql in golang-migrate's, and "
                + "so on. The version is the current UTC time, or the next number in a folder numbered 1, 2, 3 "
                + "(milliseconds since the epoch for hasura). Never overwrites. Touches no database.")
public class NewCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DESCRIPTION",
            description = "What the migration does, e.g. \"add invoices\" (becomes add_invoices).")
    List<String> words;

    @Option(names = "--no-undo", description = "Write only the up script, without its down script.")
    boolean noUndo;

    private final Clock clock;

    /** Used by Quarkus: the system clock. */
    public NewCommand() {
        this(Clock.systemUTC());
    }

    /** Used by tests: a fixed clock. */
    NewCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        String description = String.join(" ", words).strip();
        String slug = slug(description);
        Context ctx = top.context(spec, Map.of());
        Path dir = directory(ctx.config().locations(), top.workingDir());
        NewMigration planned = NewMigration.plan(LayoutSettings.of(ctx.config()), dir,
                MigrationSource.ignoring(ctx.config().ignoreFiles().orElse(List.of())), clock.instant(), slug,
                description, !noUndo);
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        for (Layout.NewFile file : planned.files()) {
            Path path = dir.resolve(file.relativePath());
            Files.createDirectories(path.getParent());
            write(path, file.content());
            written.add(display(path));
        }
        if (ctx.json()) {
            ctx.json(Envelope.ofResult(ctx.command(), ExitCode.OK.code(),
                    new dev.fleetway.report.NewMigration(planned.version(), written)));
        } else {
            written.forEach(path -> ctx.out().println("created " + path));
            ctx.out().flush();
        }
        return ExitCode.OK.code();
    }

    /** Lower-case words joined by {@code _}; anything but ASCII letters and digits separates words. */
    static String slug(String description) {
        String slug = Arrays.stream(description.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.joining("_"));
        if (slug.isEmpty()) {
            throw FleetwayException.usage("the description '" + description + "' has no letters or digits — describe"
                    + " the change, e.g. fleetway new \"add invoices\"");
        }
        return slug;
    }

    /** The first {@code filesystem:} (or bare path) location, else {@code ./migrations}. */
    static Path directory(List<String> locations, Path workingDir) {
        for (String location : locations) {
            if (location.startsWith("filesystem:")) {
                return workingDir.resolve(location.substring("filesystem:".length()));
            }
            if (!location.contains(":")) {
                return workingDir.resolve(location);
            }
        }
        return workingDir.resolve("migrations");
    }

    private static void write(Path file, String text) throws IOException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw FleetwayException.usage(file + " already exists; nothing was overwritten — wait a second and run"
                    + " 'fleetway new' again");
        }
    }

    /** The path as the operator reads it: relative to the working directory when below it. */
    private String display(Path file) {
        Path wd = top.workingDir().toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(wd) ? wd.relativize(abs) : abs).toString();
    }
}
